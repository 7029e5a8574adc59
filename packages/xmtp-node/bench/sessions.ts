import { fork } from 'node:child_process';
import type { SessionResult, SessionSpec } from './sessionProtocol.ts';

/**
 * Runs one session (session.ts) in a fresh process and returns what it measured. After
 * `timeoutMs` the session is killed; its node child notices the lost IPC channel and stops too.
 */
export function runSession(spec: SessionSpec, timeoutMs: number): Promise<SessionResult> {
  const session = fork(new URL('./session.ts', import.meta.url), [JSON.stringify(spec)], {
    execArgv: ['--disable-warning=ExperimentalWarning', '--import', 'tsx'],
    // Anything a session prints goes to stderr, so stdout carries only the report (or --json).
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    // Structured clone, not JSON: NaN (a figure that does not apply) must survive the trip.
    serialization: 'advanced',
  });
  session.stdout?.pipe(process.stderr);
  return new Promise((resolve) => {
    let result: SessionResult | undefined;
    const timer = setTimeout(() => {
      result ??= { kind: 'failed', message: `session timed out after ${Math.round(timeoutMs / 1000)} s` };
      session.kill('SIGKILL');
    }, timeoutMs);
    session.on('message', (message: SessionResult) => (result ??= message));
    session.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(result ?? { kind: 'failed', message: `session exited (code ${code}, signal ${signal}) without a result` });
    });
  });
}
