import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPublicClient, createWalletClient, http } from 'viem';
import { DeploymentFileError, deployTicketchat, readDeployment, startAnvil, writeDeployment } from '../src/node.ts';

describe('local chain and deployment', () => {
  let directory: string;
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ticketchat-chain-'));
  });
  after(() => rm(directory, { recursive: true, force: true }));

  it('starts anvil on a free loopback port, deploys, records the addresses, and keeps state across a restart', async () => {
    const statePath = join(directory, 'anvil-state.json');
    const deploymentPath = join(directory, 'deployment.json');
    const first = await startAnvil({ statePath });
    try {
      assert.match(first.rpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(first.accounts[0]?.address, '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', "anvil's default mnemonic");
      const publicClient = createPublicClient({ chain: first.chain, transport: http(first.rpcUrl), pollingInterval: 50 });
      const walletClient = createWalletClient({ chain: first.chain, transport: http(first.rpcUrl), account: first.accounts[0]! });
      const deployment = await deployTicketchat(walletClient, publicClient);
      assert.equal(deployment.chainId, 31337);
      assert.ok(deployment.deployedAtBlock >= 1n);
      await writeDeployment(deploymentPath, deployment);
      assert.deepEqual(await readDeployment(deploymentPath), deployment);
    } finally {
      await first.stop();
    }
    assert.equal(
      await fetch(first.rpcUrl).then(
        () => 'answered',
        () => 'down',
      ),
      'down',
      'stop() ends the process',
    );

    const second = await startAnvil({ statePath });
    try {
      const { registry } = await readDeployment(deploymentPath);
      const publicClient = createPublicClient({ chain: second.chain, transport: http(second.rpcUrl) });
      assert.notEqual(await publicClient.getCode({ address: registry }), undefined, 'the registry survived the restart');
    } finally {
      await second.stop();
    }
  });

  it('refuses a malformed deployment file with the field named', async () => {
    const path = join(directory, 'broken.json');
    await writeFile(
      path,
      JSON.stringify({ chainId: 1, registry: '0x1234', kiosk: '0x0000000000000000000000000000000000000001', deployedAtBlock: '1' }),
    );
    await assert.rejects(
      readDeployment(path),
      (error: unknown) => error instanceof DeploymentFileError && /registry must be an address/.test(error.shortMessage),
    );
    await assert.rejects(readDeployment(join(directory, 'missing.json')), DeploymentFileError);
  });
});
