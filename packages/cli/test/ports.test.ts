/*
 * A port the stack needs is already taken: `ticketchat dev` says which port, what wanted it and
 * the flag that moves it, exits with code 5 (unavailable), prints no stack trace, and leaves
 * nothing running or written behind.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanUp, cli, scratchDataDir } from './fixtures/cli.ts';

after(cleanUp);

for (const [flag, service] of [
  ['--chain-port', 'chain JSON-RPC \\(anvil\\)'],
  ['--xmtp-port', 'XMTP node gRPC'],
  ['--ipfs-port', 'IPFS gateway'],
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
