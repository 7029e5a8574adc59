import type { NodeXmtpClient, XmtpClient } from '@ticketchat/chat/node';
import type { Logger } from 'pino';
import type { TicketReader } from '../chain/ticketReader.ts';
import type { ResolvedConfig } from '../config.ts';
import type { WriteLimiter } from '../membership/writeLimiter.ts';
import { Metrics } from '../ops/metrics.ts';
import type { Ownership } from '../replicas/ownership.ts';
import type { AgentStore } from '../store/agentStore.ts';
import type { InboxDirectory } from '../xmtp/inboxDirectory.ts';

/** What every part of the agent shares: its settings, state, clients, logs, metrics and shutdown signal. */
export interface Common {
  config: ResolvedConfig;
  store: AgentStore;
  client: AgentClient;
  reader: TicketReader;
  directory: InboxDirectory;
  limiter: WriteLimiter;
  logger: Logger;
  metrics: GatekeeperMetrics;
  signal: AbortSignal;
  /** Which events (and whether the chain) this agent may act on: all alone, its share among replicas. */
  ownership: Ownership;
}

/** The agent's @xmtp/node-sdk client, usable wherever the chat library expects its seam. */
export type AgentClient = NodeXmtpClient & XmtpClient;

export type GatekeeperMetrics = ReturnType<typeof createGatekeeperMetrics>;

export function createGatekeeperMetrics() {
  const registry = new Metrics();
  return {
    registry,
    logs: registry.counter('gatekeeper_chain_logs_total', 'Contract logs recorded'),
    commits: registry.counter('gatekeeper_commits_total', 'Membership commits sent, by action'),
    membersChanged: registry.counter('gatekeeper_members_changed_total', 'Inboxes added or removed, by action'),
    commitFailures: registry.counter('gatekeeper_commit_failures_total', 'Group synchronisations that failed and were retried'),
    joinRequests: registry.counter('gatekeeper_join_requests_total', 'DM join requests, by outcome'),
    commitSeconds: registry.counter('gatekeeper_commit_seconds_total', 'Time spent in membership commits'),
    managedEvents: registry.gauge('gatekeeper_managed_events', 'Event groups managed, by state'),
    pending: registry.gauge('gatekeeper_pending_holders', 'Holders without an XMTP identity yet'),
    waiting: registry.gauge('gatekeeper_waiting_holders', 'Holders waiting for room under the group cap'),
    lag: registry.gauge('gatekeeper_chain_lag_blocks', 'Blocks between the chain head and the checkpoint'),
    writes: registry.gauge('gatekeeper_writes_in_window', 'XMTP writes in the current rate-limit window'),
  };
}
