import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eventually } from '@ticketchat/test-support';
import { generatePrivateKey } from 'viem/accounts';
import { startTestStack, type TestStack } from './fixtures/agentStack.ts';

const BIN = join(import.meta.dirname, '../bin/gatekeeper.mjs');
let stack: TestStack;

before(async () => {
  stack = await startTestStack();
});
after(async () => {
  await stack?.stop();
});

function run(args: string[], env: Record<string, string>) {
  return spawn(process.execPath, ['--disable-warning=ExperimentalWarning', BIN, ...args], {
    env: { ...process.env, GATEKEEPER_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

test('ticketchat-gatekeeper starts from the XMTP agent environment, serves /health, and stops on SIGTERM', async () => {
  const child = run(['--port', '0', '--json', '--data-dir', join(stack.directory, 'cli-agent')], {
    XMTP_ENV: 'local',
    XMTP_WALLET_KEY: generatePrivateKey(),
    XMTP_API_URL: stack.node.grpcUrl,
    CHAIN_RPC_URL: stack.anvil.rpcUrl,
    CHAIN_WS_URL: stack.anvil.wsUrl,
    CHAIN_ID: String(stack.deployment.chainId),
    TICKETCHAT_REGISTRY: stack.deployment.registry,
    TICKETCHAT_KIOSK: stack.deployment.kiosk,
    TICKETCHAT_FROM_BLOCK: String(stack.deployment.deployedAtBlock),
  });
  const exited = once(child, 'exit');
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const started = JSON.parse(line.toString()) as { inboxId: string; address: string; url: string };
  assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(started.inboxId, /^[0-9a-f]{64}$/);
  await eventually('healthy', async () => (await fetch(`${started.url}/health`)).status === 200);
  child.kill('SIGTERM');
  assert.deepEqual(await exited, [0, null]);
});

test('a missing wallet key is a clear error, not a crash', async () => {
  const child = run(['--chain-id', '31337', '--registry', stack.deployment.registry, '--kiosk', stack.deployment.kiosk], {
    XMTP_WALLET_KEY: '',
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  assert.notEqual(code, 0);
  assert.match(stderr, /missing --wallet-key \(XMTP_WALLET_KEY\)/);
});
