/*
 * The command as an operator runs it: flags, structured logs, a health endpoint, and a graceful
 * shutdown on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { scratchDirectory } from './fixtures/clients.ts';

const BIN = join(import.meta.dirname, '../bin/xmtp-node.mjs');

test('the command starts on the given ports, answers /health, and stops cleanly on SIGTERM', { timeout: 30_000 }, async (t) => {
  const database = join(scratchDirectory(t), 'node.db');
  const child = spawn(
    process.execPath,
    [
      '--disable-warning=ExperimentalWarning',
      BIN,
      '--grpc-port',
      '0',
      '--web-port',
      '0',
      '--history-port',
      '0',
      '--database',
      database,
      '--log-level',
      'info',
      '--rate-limit-allow',
      'none',
      '--reads-per-window',
      '2',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, XMTP_NODE_CORS_ORIGINS: 'https://app.example' } },
  );
  t.after(() => child.kill('SIGKILL'));
  const lines = createInterface({ input: child.stdout });
  const logs: Record<string, unknown>[] = [];
  let listening: { grpcUrl: string; webUrl: string; historySyncUrl: string } | undefined;
  const ready = new Promise<void>((resolve) => {
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === 'xmtp node listening') {
        listening = entry as unknown as typeof listening;
        resolve();
      }
    });
  });
  await ready;
  assert.ok(listening);
  assert.match(listening.grpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/, 'loopback unless configured');

  for (const url of [listening.grpcUrl, listening.webUrl]) {
    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
  }
  assert.equal(await (await fetch(listening.historySyncUrl)).text(), 'ok\n');

  // Limits and CORS origins come from flags and the environment.
  const preflight = (origin: string) =>
    fetch(`${listening!.webUrl}/xmtp.identity.api.v1.IdentityApi/GetInboxIds`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
  assert.equal((await preflight('https://app.example')).status, 204);
  assert.equal((await preflight('http://127.0.0.1:5173')).status, 403);
  const statuses: (string | null)[] = [];
  for (let call = 0; call < 4; call++) {
    const response = await fetch(`${listening.webUrl}/xmtp.identity.api.v1.IdentityApi/GetInboxIds`, {
      method: 'POST',
      headers: { 'content-type': 'application/grpc-web+proto' },
      body: new Uint8Array(5),
    });
    await response.arrayBuffer();
    statuses.push(response.headers.get('grpc-status'));
  }
  assert.ok(statuses.includes('8'), `a third read in the window is throttled: ${statuses.join(',')}`);

  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0);
  assert.ok(logs.some((entry) => entry.msg === 'xmtp node stopped'));
  assert.ok(
    logs.every((entry) => typeof entry.level === 'number' && typeof entry.time === 'number'),
    'pino JSON lines',
  );
});
