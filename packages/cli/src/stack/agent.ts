import { startGatekeeper } from '@ticketchat/gatekeeper';
import type { Deployment } from '@ticketchat/contracts';
import type { Address } from 'viem';
import type { Logger } from 'pino';
import { AGENT_INDEX, devAccount } from './devAccounts.ts';
import { listenError, PORT_FLAGS } from './ports.ts';

export interface AgentSlotOptions {
  dataDir: string;
  host: string;
  port: number;
  chain: { rpcUrl: string; wsUrl: string; deployment: Deployment };
  xmtp: { apiUrl: string; historySyncUrl: string | undefined };
  /** The stack's IPFS gateway: the agent reads each event's metadata (its sections) through it. */
  ipfsGatewayUrl: string;
  log: Logger;
}

export interface RunningAgent {
  url: string;
  inboxId: string;
  address: Address;
  stop(): Promise<void>;
}

/**
 * The membership agent (packages/gatekeeper) on the local stack, signing with anvil's well-known
 * account 9; its state and XMTP database live in `<data-dir>/agent`.
 */
export async function startAgent(options: AgentSlotOptions): Promise<RunningAgent> {
  const { deployment } = options.chain;
  try {
    const agent = await startGatekeeper({
      walletKey: devAccount(AGENT_INDEX).privateKey,
      xmtp: { env: 'local', apiUrl: options.xmtp.apiUrl, historySyncUrl: options.xmtp.historySyncUrl ?? null },
      dataDir: options.dataDir,
      chain: {
        rpcUrl: options.chain.rpcUrl,
        wsUrl: options.chain.wsUrl,
        chainId: deployment.chainId,
        registry: deployment.registry,
        kiosk: deployment.kiosk,
        fromBlock: deployment.deployedAtBlock,
      },
      ipfsGatewayUrl: options.ipfsGatewayUrl,
      http: { host: options.host, port: options.port },
      logger: options.log,
    });
    return { url: agent.url, inboxId: agent.inboxId, address: agent.address as Address, stop: agent.stop };
  } catch (error) {
    throw listenError(error, { port: options.port, ...PORT_FLAGS.agent });
  }
}
