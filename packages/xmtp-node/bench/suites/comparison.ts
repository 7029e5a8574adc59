import { type BenchClient, createClient } from '../clients.ts';
import type { BenchNode } from '../nodeHost.ts';
import type { BenchPlan } from '../plan.ts';
import { progress } from '../progress.ts';
import { measureIngest } from '../scenarios/ingest.ts';
import { measureNodeOnlyIngest } from '../scenarios/nodeOnly.ts';
import { measureStreamLatency } from '../scenarios/streamLatency.ts';
import { summarize } from '../stats.ts';

/** The figures compared across node configurations; lower is better unless `higherIsBetter`. */
export const COMPARED_FIGURES = {
  clientCreateP50Ms: { label: 'client create p50', unit: 'ms', higherIsBetter: false },
  latencyP50Ms: { label: 'send → stream p50, 1 receiver', unit: 'ms', higherIsBetter: false },
  latencyP99Ms: { label: 'send → stream p99, 1 receiver', unit: 'ms', higherIsBetter: false },
  singleSenderPerSecond: { label: 'ingest, 1 sender', unit: 'msg/s', higherIsBetter: true },
  concurrentSendersPerSecond: { label: 'ingest, 10 senders (own groups)', unit: 'msg/s', higherIsBetter: true },
  nodeOnlyIngestPerSecond: { label: 'node-only ingest, 10 lanes', unit: 'msg/s', higherIsBetter: true },
  nodeRssAfterMb: { label: 'node RSS after the round', unit: 'MB', higherIsBetter: false },
} as const;

export type ComparedFigure = keyof typeof COMPARED_FIGURES;
export interface ComparisonRound {
  figures: Record<ComparedFigure, number>;
  /** The most CPU other processes used during any measured window of the round (% of one core). */
  maxOtherProcessesCpuPercent: number;
}

const CONCURRENT_SENDERS = 10;
const NODE_ONLY_LANES = 10;

/** Send → stream to one receiver, the comparisons' latency figure (the receiver may be on another replica). */
export function measureOneReceiverLatency(node: BenchNode, sender: BenchClient, receiver: BenchClient, plan: BenchPlan) {
  progress(`  send → stream, ${plan.comparison.latencyMessages} messages to 1 receiver`);
  return measureStreamLatency({
    node,
    sender,
    receivers: [receiver],
    messages: plan.comparison.latencyMessages,
    gapMs: plan.latency.gapMs,
    deliveryTimeoutMs: plan.latency.deliveryTimeoutMs,
    maxSeconds: plan.latency.maxSeconds,
  });
}

/** One round of the side-by-side comparison: the same small workload against a fresh node. */
export async function runComparisonRound(node: BenchNode, plan: BenchPlan): Promise<ComparisonRound> {
  const { comparison } = plan;
  progress(`  creating ${2 + CONCURRENT_SENDERS} clients one at a time`);
  const created = [];
  for (let index = 0; index < 2 + CONCURRENT_SENDERS; index++) created.push(await createClient(node.grpcUrl));
  const [sender, receiver, ...senders] = created.map((c) => c.client);
  if (!sender || !receiver) throw new Error('not enough clients');

  const latency = await measureOneReceiverLatency(node, sender, receiver, plan);
  progress(`  ingest, 1 sender then ${CONCURRENT_SENDERS}`);
  const { maxSeconds } = plan.ingest;
  const single = await measureIngest({
    node,
    senders: [sender],
    layout: 'own-groups',
    messagesPerSender: comparison.singleSenderMessages,
    maxSeconds,
  });
  const concurrent = await measureIngest({
    node,
    senders,
    layout: 'own-groups',
    messagesPerSender: comparison.concurrentMessagesPerSender,
    maxSeconds,
  });
  progress(`  node-only ingest, ${NODE_ONLY_LANES} lanes`);
  const nodeOnly = await measureNodeOnlyIngest(node, {
    concurrency: NODE_ONLY_LANES,
    messages: plan.nodeOnly.ingestMessages / 4,
    maxSeconds,
  });
  const rss = (await node.sample()).rssBytes;
  const windows = [latency.cpu, single.cpu, concurrent.cpu, nodeOnly.cpu];
  const figures: Record<ComparedFigure, number> = {
    clientCreateP50Ms: summarize(created.map((c) => c.createMs)).p50,
    latencyP50Ms: latency.latency.p50,
    latencyP99Ms: latency.latency.p99,
    singleSenderPerSecond: single.messagesPerSecond,
    concurrentSendersPerSecond: concurrent.messagesPerSecond,
    nodeOnlyIngestPerSecond: nodeOnly.messagesPerSecond,
    // In-process the RSS is the clients' too, so it says nothing about the node.
    nodeRssAfterMb: node.target.placement === 'child' ? rss / (1024 * 1024) : Number.NaN,
  };
  return { figures, maxOtherProcessesCpuPercent: Math.max(...windows.map((window) => window.otherProcessesCpuPercent)) };
}
