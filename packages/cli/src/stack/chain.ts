import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  deployTicketchat,
  readDeployment,
  startAnvil,
  writeDeployment,
  type AnvilInstance,
  type Deployment,
  type TicketchatPublicClient,
} from '@ticketchat/contracts/node';
import { createPublicClient, createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Logger } from 'pino';
import { CliError, ExitCode } from '../errors.ts';
import { DEPLOYER_INDEX, devAccount } from './devAccounts.ts';

export interface StackChain {
  anvil: AnvilInstance;
  publicClient: TicketchatPublicClient;
  deployment: Deployment;
  stop(): Promise<void>;
}

/** Anvil dumps its state this often, so even a killed stack loses at most about a second of chain. */
const STATE_DUMP_SECONDS = 1;

/**
 * Anvil with its state in `<dataDir>/chain` (loaded at start, dumped every second and at stop), and
 * the contracts deployed once: the deployment file records them, and a restart reuses them.
 */
export async function startStackChain(options: { dataDir: string; host: string; port: number; log: Logger }): Promise<StackChain> {
  const { dataDir, host, port, log } = options;
  await mkdir(join(dataDir, 'chain'), { recursive: true });
  const anvil = await startAnvil({
    statePath: join(dataDir, 'chain', 'anvil-state.json'),
    stateIntervalSeconds: STATE_DUMP_SECONDS,
    host,
    ...(port === 0 ? {} : { port }),
  });
  try {
    const transport = http(anvil.rpcUrl);
    // A short polling interval: viem's default (4 s) would make every receipt wait seconds.
    const publicClient = createPublicClient({ chain: anvil.chain, transport, pollingInterval: 50 });
    const deploymentPath = join(dataDir, 'deployment.json');
    let deployment: Deployment;
    if (await exists(deploymentPath)) {
      deployment = await readDeployment(deploymentPath);
      const code = await publicClient.getCode({ address: deployment.registry });
      if (!code || code === '0x') {
        throw new CliError('The chain lost its state: the contracts in the deployment file are gone.', ExitCode.error, {
          details: `${deploymentPath} names contracts the chain does not have (was ${join(dataDir, 'chain')} removed?). Run with --fresh to start over.`,
        });
      }
      log.info({ ...deployment, deployedAtBlock: deployment.deployedAtBlock.toString() }, 'contracts already deployed');
    } else {
      const deployer = createWalletClient({
        chain: anvil.chain,
        transport,
        account: privateKeyToAccount(devAccount(DEPLOYER_INDEX).privateKey),
      });
      deployment = await deployTicketchat(deployer, publicClient);
      await writeDeployment(deploymentPath, deployment);
      log.info({ ...deployment, deployedAtBlock: deployment.deployedAtBlock.toString() }, 'contracts deployed');
    }
    log.info({ rpcUrl: anvil.rpcUrl }, 'chain ready');
    return { anvil, publicClient, deployment, stop: anvil.stop };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
