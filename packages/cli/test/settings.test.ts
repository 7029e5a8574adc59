/*
 * How the commands find their settings: the flag (or its environment variable, which commander
 * reads) wins over the running stack's file, which wins over the defaults; a stack file whose
 * process is gone is not trusted; a missing setting fails only when needed, naming the flag.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CliError, ExitCode } from '../src/errors.ts';
import { Settings } from '../src/options.ts';
import { writeStackFile, type StackFile } from '../src/stack/stackFile.ts';

const directory = mkdtempSync(join(tmpdir(), 'ticketchat-settings-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const stack = (pid: number): StackFile => ({
  version: 1,
  pid,
  dataDir: directory,
  chain: {
    rpcUrl: 'http://127.0.0.1:8545',
    wsUrl: 'ws://127.0.0.1:8545',
    chainId: 31337,
    registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    kiosk: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
    deployedAtBlock: '1',
  },
  xmtp: { env: 'local', apiUrl: 'http://127.0.0.1:5556', webUrl: 'http://127.0.0.1:5557', historySyncUrl: null },
  ipfs: { gatewayUrl: 'http://127.0.0.1:5559' },
  agent: { url: 'http://127.0.0.1:5560', inboxId: 'agent-inbox', address: '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720' },
  web: null,
});

test('the running stack fills in what no flag gives, and a flag wins', async () => {
  const stackFile = join(directory, 'running.json');
  await writeStackFile(stackFile, stack(process.pid));
  const fromStack = await Settings.load({ dataDir: directory, stackFile });
  assert.equal(fromStack.chain().rpcUrl, 'http://127.0.0.1:8545');
  assert.deepEqual(fromStack.xmtp(), { env: 'local', apiUrl: 'http://127.0.0.1:5556', historySyncUrl: undefined });
  assert.deepEqual(fromStack.agentInboxIds(), ['agent-inbox']);

  const flagged = await Settings.load({
    dataDir: directory,
    stackFile,
    rpcUrl: 'https://rpc.example.org',
    xmtpEnv: 'production',
    agentInbox: 'other',
  });
  assert.equal(flagged.chain().rpcUrl, 'https://rpc.example.org');
  assert.equal(flagged.chain().registry, '0x5FbDB2315678afecb367f032d93F642f64180aa3', 'the rest still from the stack');
  assert.deepEqual(
    flagged.xmtp(),
    { env: 'production', apiUrl: undefined, historySyncUrl: undefined },
    "XMTP's own network, not the local node",
  );
  assert.deepEqual(flagged.agentInboxIds(), ['other']);
});

test('a stack file left by a stack that is gone is not used, and the error says so', async () => {
  const stackFile = join(directory, 'stale.json');
  await writeStackFile(stackFile, stack(2 ** 22 + 12_345)); // above Linux's pid_max: no such process
  const settings = await Settings.load({ dataDir: directory, stackFile });
  assert.throws(
    () => settings.chain(),
    (error: unknown) =>
      error instanceof CliError && error.exitCode === ExitCode.unavailable && /no longer running/.test(error.shortMessage),
  );
});

test('with no stack and no flags, each setting fails when needed and names its flag', async () => {
  const settings = await Settings.load({ dataDir: join(directory, 'nothing-here') });
  assert.throws(() => settings.chain(), /--rpc-url, --registry, --kiosk/);
  assert.throws(() => settings.ipfsGateway(), /--ipfs-gateway/);
  assert.throws(
    () => settings.privateKey(),
    (error: unknown) => error instanceof CliError && error.exitCode === ExitCode.usage,
  );
  assert.deepEqual(settings.agentInboxIds(), []);
});
