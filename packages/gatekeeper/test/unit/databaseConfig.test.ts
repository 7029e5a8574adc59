import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, resolveConfig } from '../../src/index.ts';

const good = {
  walletKey: `0x${'11'.repeat(32)}`,
  xmtp: { env: 'local' },
  dataDir: '/tmp/x',
  chain: { rpcUrl: 'http://127.0.0.1:1', chainId: 1, registry: `0x${'22'.repeat(20)}`, kiosk: `0x${'33'.repeat(20)}`, fromBlock: 0n },
} as const;

test('the database is SQLite by default, Postgres by URL; anything else is refused without echoing a password', () => {
  assert.equal(resolveConfig(good).database, undefined);
  assert.equal(
    resolveConfig({ ...good, database: 'postgresql://agent:secret@db:5432/agents' }).database,
    'postgresql://agent:secret@db:5432/agents',
  );
  for (const database of ['mysql://agent:secret@db/agents', 'postgres://', '/var/lib/gatekeeper.db', 'postgres://agent:secret@db/x y']) {
    assert.throws(
      () => resolveConfig({ ...good, database }),
      (error: Error) =>
        error instanceof ConfigError && /Validation failed: database/.test(error.message) && !error.message.includes('secret'),
      database,
    );
  }
  assert.equal(resolveConfig(good).leaseTtlMs, 5_000);
  assert.throws(() => resolveConfig({ ...good, leaseTtlMs: 100 }), /Validation failed: leaseTtlMs/);
});
