import type { Address } from 'viem';
import type { Logger } from 'pino';
import type { Deployment } from '@ticketchat/contracts';

export interface AgentSlotOptions {
  dataDir: string;
  host: string;
  port: number;
  chain: { rpcUrl: string; wsUrl: string; deployment: Deployment };
  xmtp: { apiUrl: string; historySyncUrl: string | undefined };
  log: Logger;
}

export interface RunningAgent {
  url: string;
  inboxId: string;
  address: Address;
  stop(): Promise<void>;
}

/**
 * The membership agent's place in the stack (packages/gatekeeper). Until that package lands the
 * slot is empty: the stack runs without an agent and event creators add members themselves.
 */
export async function startAgent(_options: AgentSlotOptions): Promise<RunningAgent | undefined> {
  return undefined;
}
