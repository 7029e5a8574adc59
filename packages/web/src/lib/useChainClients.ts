import type { TicketchatClients } from '@ticketchat/contracts';
import { useCallback } from 'react';
import { useConfig } from 'wagmi';
import { getWalletClient } from 'wagmi/actions';
import { useServices } from './services.tsx';

/** The connected wallet as the contracts' write actions take it: a signer and a client to wait for receipts. */
export function useChainClients(): () => Promise<TicketchatClients> {
  const wagmiConfig = useConfig();
  const { publicClient } = useServices();
  return useCallback(async () => ({ publicClient, walletClient: await getWalletClient(wagmiConfig) }), [wagmiConfig, publicClient]);
}
