import { createConfig, http, injected, type CreateConnectorFn } from 'wagmi';
import type { AppConfig } from '../config.ts';
import { demoAccountConnector, localChain } from './demoConnector.ts';

/** wagmi for the stack's chain: any injected EIP-1193 wallet, plus the demo accounts when the config has any. */
export function createWagmiConfig(config: AppConfig) {
  const chain = localChain(config.chainId, config.rpcUrl);
  const connectors: CreateConnectorFn[] = [
    injected({ shimDisconnect: true }),
    ...config.demoAccounts.map((demo, index) => demoAccountConnector(demo, index, chain)),
  ];
  return createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: http(config.rpcUrl) },
    // Injected wallets announce themselves (EIP-6963) and get connectors of their own.
    multiInjectedProviderDiscovery: true,
  });
}
