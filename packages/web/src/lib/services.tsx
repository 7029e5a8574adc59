import type { BrowserXmtpClient, ClientPool } from '@ticketchat/chat/browser';
import type { TicketchatPublicClient } from '@ticketchat/contracts';
import { gatewayMetadataStore, type MetadataStore } from '@ticketchat/metadata';
import { createContext, useContext, type ReactNode } from 'react';
import { createPublicClient, http } from 'viem';
import type { AppConfig } from '../config.ts';
import { createChatPool } from './chat.ts';
import { localChain } from './demoConnector.ts';

/** The clients the app talks through, made once at start and handed down by context. */
export interface Services {
  config: AppConfig;
  publicClient: TicketchatPublicClient;
  metadataStore: MetadataStore;
  chatPool: ClientPool<BrowserXmtpClient>;
}

export function createServices(config: AppConfig): Services {
  const chain = localChain(config.chainId, config.rpcUrl);
  return {
    config,
    publicClient: createPublicClient({ chain, transport: http(config.rpcUrl), pollingInterval: 500 }),
    metadataStore: gatewayMetadataStore(config.ipfsGatewayUrl),
    chatPool: createChatPool(config),
  };
}

const ServicesContext = createContext<Services | undefined>(undefined);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}
