/**
 * Progress goes to stderr, so `--json > results.json` (or a table piped elsewhere) stays clean.
 * Each line carries the seconds since the run started, which shows where the time goes; session
 * processes inherit the start time through the environment, so all lines share one clock.
 */
const START_ENV = 'XMTP_NODE_BENCH_STARTED_AT';
const startedAt = Number(process.env[START_ENV]) || Date.now();
process.env[START_ENV] = String(startedAt);

export function progress(message: string): void {
  process.stderr.write(`[bench ${elapsedSeconds().toFixed(1).padStart(6)}s] ${message}\n`);
}

export function elapsedSeconds(): number {
  return (Date.now() - startedAt) / 1000;
}
