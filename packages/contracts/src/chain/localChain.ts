import { createPublicClient, createWalletClient, http, type HDAccount } from 'viem';
import type { TicketchatClients, TicketchatPublicClient } from '../clients.ts';
import { deployTicketchat, type Deployment } from '../deploy.ts';
import { BaseError } from '@ticketchat/errors';
import { startAnvil, type AnvilInstance, type StartAnvilOptions } from './anvil.ts';

/** `account(index)` beyond the funded accounts the chain was started with. */
export class UnknownAccountError extends BaseError {
  override name = 'UnknownAccountError' as const;
}

export type UnknownAccountErrorType = UnknownAccountError & { name: 'UnknownAccountError' };

export type LocalChain = {
  anvil: AnvilInstance;
  /** The registry and kiosk, deployed by account 0. */
  deployment: Deployment;
  publicClient: TicketchatPublicClient;
  /** Anvil's funded account `index`. */
  account: (index: number) => HDAccount;
  /** Clients that sign as anvil account `index`. */
  clients: (index: number) => TicketchatClients;
  stop: () => Promise<void>;
};

/**
 * A local chain ready to use: anvil on a free loopback port with the ticketchat contracts deployed,
 * and viem clients for its funded accounts.
 *
 * @example
 * const chain = await startLocalChain()
 * await createEvent(chain.clients(1), { registry: chain.deployment.registry, … })
 * await chain.stop()
 */
export async function startLocalChain(options: StartAnvilOptions = {}): Promise<LocalChain> {
  const anvil = await startAnvil(options);
  const transport = http(anvil.rpcUrl);
  // A short polling interval: viem's default (4 s) leaves receipt-polling timers that delay exit.
  const publicClient = createPublicClient({ chain: anvil.chain, transport, pollingInterval: 50 });
  const account = (index: number) => {
    const found = anvil.accounts[index];
    if (!found) throw new UnknownAccountError(`The local chain has no account ${index}: it funds ${anvil.accounts.length} (accountCount).`);
    return found;
  };
  const clients = (index: number): TicketchatClients => ({
    publicClient,
    walletClient: createWalletClient({ chain: anvil.chain, transport, account: account(index) }),
  });
  try {
    const deployment = await deployTicketchat(clients(0).walletClient, publicClient);
    return { anvil, deployment, publicClient, account, clients, stop: anvil.stop };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}
