import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ClientPool, FileKeyStore, InstallationLimitError, nodeRuntime, toXmtpSigner } from '../src/node.ts';
import { startTestStack } from './fixtures/stack.ts';

const run = promisify(execFile);

test('100 concurrent requests for one wallet create one client and one installation', { timeout: 60_000 }, async (t) => {
  const stack = await startTestStack();
  t.after(() => stack.stop());
  const account = privateKeyToAccount(generatePrivateKey());
  const clients = await Promise.all(Array.from({ length: 100 }, () => stack.pool.get({ account })));
  assert.equal(new Set(clients).size, 1);
  const state = await clients[0]!.preferences.fetchInboxState();
  assert.equal(state.installations.length, 1);
  assert.match(stack.pool.databasePath(account.address), /local\/xmtp-0x[0-9a-f]{40}\.db3$/);
});

test('a second process start reuses the database: same installation, none new', { timeout: 60_000 }, async (t) => {
  const stack = await startTestStack();
  t.after(() => stack.stop());
  const privateKey = generatePrivateKey();
  const directory = join(stack.directory, 'app');
  const start = async () => {
    const { stdout } = await run(process.execPath, [
      '--disable-warning=ExperimentalWarning',
      '--import',
      'tsx',
      join(import.meta.dirname, 'fixtures/poolProcess.ts'),
      directory,
      stack.node.grpcUrl,
      privateKey,
    ]);
    return JSON.parse(stdout) as { inboxId: string; installationId: string; installations: number };
  };
  const first = await start();
  const second = await start();
  assert.equal(second.inboxId, first.inboxId);
  assert.equal(second.installationId, first.installationId);
  assert.equal(second.installations, 1);
});

test('at the installation limit the pool says so and offers the way out', { timeout: 90_000 }, async (t) => {
  const stack = await startTestStack();
  t.after(() => stack.stop());
  const account = privateKeyToAccount(generatePrivateKey());
  const signer = toXmtpSigner({ account });
  // Ten installations elsewhere (XMTP's maximum), e.g. ten browsers that each kept their own database.
  for (let i = 0; i < 10; i++)
    await nodeRuntime.createClient(signer, { env: 'local', apiUrl: stack.node.grpcUrl, dbPath: null, disableDeviceSync: true });

  const pool = new ClientPool({
    runtime: nodeRuntime,
    env: 'local',
    apiUrl: stack.node.grpcUrl,
    directory: join(stack.directory, 'full'),
    keyStore: new FileKeyStore(),
    deviceSync: false,
  });
  const refused = await pool.get({ account }).then(
    () => undefined,
    (error: unknown) => error,
  );
  assert.ok(refused instanceof InstallationLimitError, String(refused));
  assert.match(refused.shortMessage, /maximum of 10 XMTP installations/);

  await refused.revokeExistingInstallations();
  const client = await pool.get({ account });
  const state = await client.preferences.fetchInboxState();
  assert.equal(state.installations.length, 1);
});
