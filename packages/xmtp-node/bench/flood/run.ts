/**
 * The flood suite: `npm run bench -w @ticketchat/xmtp-node -- flood [--json]`. For each bounded
 * request kind, a fresh node in a child process is flooded by a hostile raw client while /health
 * is polled; prints the node's RSS before, at its peak and after (garbage collected), what the
 * node answered, and the slowest /health answer during the flood. Asserts nothing.
 */
import { Command } from 'commander';
import { sleep, withTimeout } from '../async.ts';
import { progress } from '../progress.ts';
import { megabytes } from '../resources.ts';
import { ATTACKS, type Attack, type Outcomes } from './attacks.ts';
import { startFloodNode } from './floodNode.ts';

/** Short enough that a run waits seconds, not minutes, for timeouts to fire; the defaults are longer. */
const FLOOD_TIMEOUTS = { headerTimeoutMs: 3000, bodyTimeoutMs: 3000, sendStallTimeoutMs: 3000 };
const HEALTH_POLL_MS = 100;
/** A last resort: a flood that has not finished by then is a failure, not a hang. */
const FLOOD_TIMEOUT_MS = 120_000;
const SETTLE_MS = 1000;

interface FloodRow {
  flood: string;
  bound: string;
  requests: number;
  outcomes: Outcomes;
  seconds: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  rssAfterMiB: number;
  /** What JavaScript holds (V8 heap in use + external), after garbage collection. */
  jsBeforeMiB: number;
  jsAfterMiB: number;
  healthMaxMs: number;
  healthFailures: number;
}

const options = new Command('bench flood')
  .description('Flood the node with each bounded request kind and print its memory and responsiveness')
  .option('--json', 'JSON on stdout instead of the table', false)
  .option('--mmap-threshold <bytes>', 'glibc MALLOC_MMAP_THRESHOLD_ for the node: freed large buffers go back to the system', Number)
  .parse(process.argv)
  .opts<{ json: boolean; mmapThreshold?: number }>();

const rows: FloodRow[] = [];
for (const attack of ATTACKS) {
  progress(`flood: ${attack.name}`);
  rows.push(await flood(attack));
}
process.stdout.write(options.json ? `${JSON.stringify(rows, null, 2)}\n` : `${render(rows)}\n`);

async function flood(attack: Attack): Promise<FloodRow> {
  const node = await startFloodNode({ ...FLOOD_TIMEOUTS, ...attack.limits }, options.mmapThreshold);
  try {
    const jsBefore = await node.collectGarbage();
    const rssBefore = node.rssBytes();
    node.resetPeak();
    const health = pollHealth(node.grpcUrl);
    const started = performance.now();
    const { requests, outcomes } = await withTimeout(attack.run(node), FLOOD_TIMEOUT_MS, `the flood "${attack.name}"`);
    const seconds = (performance.now() - started) / 1000;
    const { maxMs, failures } = await health.stop();
    const rssPeak = node.peakRssBytes();
    await sleep(SETTLE_MS);
    const jsAfter = await node.collectGarbage();
    await sleep(SETTLE_MS);
    return {
      flood: attack.name,
      bound: attack.bound,
      requests,
      outcomes,
      seconds,
      rssBeforeMiB: megabytes(rssBefore),
      rssPeakMiB: megabytes(rssPeak),
      rssAfterMiB: megabytes(node.rssBytes()),
      jsBeforeMiB: megabytes(jsBefore),
      jsAfterMiB: megabytes(jsAfter),
      healthMaxMs: maxMs,
      healthFailures: failures,
    };
  } finally {
    await node.stop();
  }
}

/** Asks /health every 100 ms (one at a time) and keeps the slowest answer. */
function pollHealth(baseUrl: string): { stop(): Promise<{ maxMs: number; failures: number }> } {
  let running = true;
  let maxMs = 0;
  let failures = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        if (!response.ok) failures++;
      } catch {
        failures++;
      }
      maxMs = Math.max(maxMs, performance.now() - started);
      await sleep(HEALTH_POLL_MS);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { maxMs, failures };
    },
  };
}

function render(rows: FloodRow[]): string {
  const header = [
    'flood',
    'bound',
    'requests',
    'node answered',
    's',
    'RSS before MiB',
    'peak MiB',
    'after MiB',
    'JS before → after MiB',
    '/health max ms',
  ];
  const lines = rows.map((row) => [
    row.flood,
    row.bound,
    String(row.requests),
    Object.entries(row.outcomes)
      .map(([name, count]) => `${count} ${name}`)
      .join(', '),
    row.seconds.toFixed(1),
    row.rssBeforeMiB.toFixed(0),
    row.rssPeakMiB.toFixed(0),
    row.rssAfterMiB.toFixed(0),
    `${row.jsBeforeMiB.toFixed(0)} → ${row.jsAfterMiB.toFixed(0)}`,
    `${row.healthMaxMs.toFixed(0)}${row.healthFailures ? ` (${row.healthFailures} failed)` : ''}`,
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
