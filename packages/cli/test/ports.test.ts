/*
 * A port the stack needs is already taken, or a stack already runs from the same directory: `ticketchat dev` says which port, what wanted it and
 * the flag that moves it, exits with code 5 (unavailable), prints no stack trace, and leaves
 * nothing running or written behind.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanUp, cli, scratchDataDir, startDevStack } from './fixtures/cli.ts';

after(cleanUp);

for (const [flag, service] of [
  ['--chain-port', 'chain JSON-RPC \\(anvil\\)'],
  ['--xmtp-port', 'XMTP node gRPC'],
  ['--ipfs-port', 'IPFS gateway'],
  ['--web-port', 'web app'],
] as const) {
  test(`a taken ${flag} is named with the flag that changes it`, { timeout: 60_000 }, async (t) => {
    const squatter = createServer().listen(0, '127.0.0.1');
    await once(squatter, 'listening');
    t.after(() => squatter.close());
    const taken = (squatter.address() as AddressInfo).port;
    const dataDir = scratchDataDir();

    const result = await cli(['dev', '--ports', 'auto', flag, String(taken), '--data-dir', dataDir]);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, new RegExp(`^error: Port ${taken} \\(${service}\\) is already in use\\.`));
    assert.match(result.stderr, new RegExp(`${flag} <port>`));
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(result.stdout, '');
    assert.ok(!existsSync(join(dataDir, 'stack.json')), 'no stack file for a stack that never ran');
  });
}

test('a second stack on the same data directory is refused, and the first keeps running', { timeout: 60_000 }, async () => {
  const dataDir = scratchDataDir();
  const first = await startDevStack(dataDir);
  const second = await cli(['dev', '--ports', 'auto', '--data-dir', dataDir]);
  assert.equal(second.code, 5, second.stderr);
  assert.match(second.stderr, new RegExp(`^error: A stack is already running from .* \\(process ${first.stack.pid}\\)\\.`));
  assert.ok(existsSync(join(dataDir, 'stack.json')), "the running stack's file is left alone");
  assert.equal((await cli(['event', 'list', '--json', '--data-dir', dataDir])).stdout.trim(), '[]', 'the first stack still answers');
  assert.equal(await first.stop(), 0);
});
