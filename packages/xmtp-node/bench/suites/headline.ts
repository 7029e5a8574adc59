import { createClient, createClients } from '../clients.ts';
import type { BenchNode } from '../nodeHost.ts';
import type { BenchPlan } from '../plan.ts';
import { progress } from '../progress.ts';
import { measureIngest, type IngestResult } from '../scenarios/ingest.ts';
import {
  measureNodeOnlyFanOut,
  measureNodeOnlyIngest,
  type NodeOnlyFanOutResult,
  type NodeOnlyIngestResult,
} from '../scenarios/nodeOnly.ts';
import { measureOfflineSync, type OfflineSyncResult } from '../scenarios/offlineSync.ts';
import { measureStreamLatency, type StreamLatencyResult } from '../scenarios/streamLatency.ts';
import { type Summary, summarize } from '../stats.ts';

export interface HeadlineResult {
  clientCreate: { sequential: Summary; parallel: Summary; parallelism: number };
  latency: StreamLatencyResult[];
  ingest: IngestResult[];
  offlineSync: OfflineSyncResult;
  nodeOnly: { fanOut: NodeOnlyFanOutResult; ingest: NodeOnlyIngestResult[] };
  memory: NodeMemory;
}

/** RSS of the process hosting the node at points of the run (in-process, that process also holds every client). */
export interface NodeMemory {
  idleRssBytes: number;
  withClientsRssBytes: number;
  /** The most streams open at once, in the largest latency run. */
  streamsOpen: number;
  withStreamsOpenRssBytes: number;
  afterSdkRunsRssBytes: number;
  afterNodeOnlyRunsRssBytes: number;
}

/** Clients the SDK scenarios need besides the receivers: latency sender, ingest senders, offline-sync trio. */
const SENDER_ROLES = 1 + 1 + 3;
const IDLE_SETTLE_MS = 500;

/** Every figure of the main table, in one session against one node. */
export async function runHeadline(node: BenchNode, plan: BenchPlan): Promise<HeadlineResult> {
  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
  const idleRssBytes = (await node.sample()).rssBytes;

  progress(`creating ${plan.sequentialClients} clients one at a time`);
  const sequential: Awaited<ReturnType<typeof createClient>>[] = [];
  for (let index = 0; index < plan.sequentialClients; index++) sequential.push(await createClient(node.grpcUrl));
  const maxReceivers = Math.max(...plan.latency.receivers);
  const sendersNeeded = SENDER_ROLES + plan.ingest.concurrentSenders;
  const parallelCount = maxReceivers + Math.max(0, sendersNeeded - sequential.length);
  progress(`creating ${parallelCount} clients, ${plan.createParallelism} at a time`);
  const parallel = await createClients(node.grpcUrl, parallelCount, plan.createParallelism);
  const withClientsRssBytes = (await node.sample()).rssBytes;
  const clientCreate = {
    sequential: summarize(sequential.map((c) => c.createMs)),
    parallel: summarize(parallel.map((c) => c.createMs)),
    parallelism: plan.createParallelism,
  };

  // Receivers come from the end of the pool, senders from the start; no client plays two roles at once.
  const pool = [...sequential, ...parallel].map((c) => c.client);
  const receivers = pool.slice(pool.length - maxReceivers);
  const senders = pool.slice(0, pool.length - maxReceivers);
  const take = (count: number) => senders.splice(0, count);
  const [latencySender] = take(1);
  const [singleSender] = take(1);
  const concurrentSenders = take(plan.ingest.concurrentSenders);
  const [backlogSender, groupSyncMember, syncAllMember] = take(3);
  if (!latencySender || !singleSender || !backlogSender || !groupSyncMember || !syncAllMember) throw new Error('not enough clients');

  const latency: StreamLatencyResult[] = [];
  for (const count of plan.latency.receivers) {
    const messages = plan.latency.messages[count] ?? 100;
    progress(`send → stream latency: ${messages} messages to ${count} receiver${count === 1 ? '' : 's'}`);
    latency.push(
      await measureStreamLatency({
        node,
        sender: latencySender,
        receivers: receivers.slice(0, count),
        messages,
        gapMs: plan.latency.gapMs,
        deliveryTimeoutMs: plan.latency.deliveryTimeoutMs,
        maxSeconds: plan.latency.maxSeconds,
      }),
    );
  }

  const ingest: IngestResult[] = [];
  const { maxSeconds } = plan.ingest;
  const ingestRuns = [
    {
      label: `1 sender, ${plan.ingest.singleSenderMessages} messages`,
      senders: [singleSender],
      layout: 'own-groups',
      messagesPerSender: plan.ingest.singleSenderMessages,
    },
    {
      label: `${concurrentSenders.length} senders to their own groups, ${plan.ingest.ownGroupMessagesPerSender} messages each`,
      senders: concurrentSenders,
      layout: 'own-groups',
      messagesPerSender: plan.ingest.ownGroupMessagesPerSender,
    },
    {
      label: `${concurrentSenders.length} senders to one shared group, ${plan.ingest.sharedGroupMessagesPerSender} messages each`,
      senders: concurrentSenders,
      layout: 'shared-group',
      messagesPerSender: plan.ingest.sharedGroupMessagesPerSender,
    },
  ] as const;
  for (const { label, ...run } of ingestRuns) {
    progress(`ingest: ${label}`);
    ingest.push(await measureIngest({ node, ...run, senders: [...run.senders], maxSeconds }));
  }

  progress(`offline sync of ${plan.offlineSyncBacklog} messages`);
  const offlineSync = await measureOfflineSync({
    node,
    sender: backlogSender,
    groupSyncMember,
    syncAllMember,
    backlog: plan.offlineSyncBacklog,
  });
  const afterSdkRunsRssBytes = (await node.sample()).rssBytes;

  progress(`node only: fan-out to ${plan.nodeOnly.subscribers} raw subscribers`);
  const fanOut = await measureNodeOnlyFanOut(node, {
    subscribers: plan.nodeOnly.subscribers,
    messages: plan.nodeOnly.fanOutMessages,
    gapMs: plan.latency.gapMs,
    deliveryTimeoutMs: plan.latency.deliveryTimeoutMs,
  });
  const nodeOnlyIngest: NodeOnlyIngestResult[] = [];
  for (const concurrency of plan.nodeOnly.ingestConcurrency) {
    progress(`node only: ingest with ${concurrency} lane${concurrency === 1 ? '' : 's'}, up to ${plan.nodeOnly.ingestMessages} messages`);
    nodeOnlyIngest.push(await measureNodeOnlyIngest(node, { concurrency, messages: plan.nodeOnly.ingestMessages, maxSeconds }));
  }
  const afterNodeOnlyRunsRssBytes = (await node.sample()).rssBytes;

  const largest = latency.reduce((a, b) => (b.receivers > a.receivers ? b : a));
  return {
    clientCreate,
    latency,
    ingest,
    offlineSync,
    nodeOnly: { fanOut, ingest: nodeOnlyIngest },
    memory: {
      idleRssBytes,
      withClientsRssBytes,
      streamsOpen: largest.receivers,
      withStreamsOpenRssBytes: largest.nodeRssWithStreamsOpenBytes,
      afterSdkRunsRssBytes,
      afterNodeOnlyRunsRssBytes,
    },
  };
}
