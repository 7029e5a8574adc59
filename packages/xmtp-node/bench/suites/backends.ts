import { loadavg } from 'node:os';
import type { BackendDeployment } from '../backends.ts';
import { createClient } from '../clients.ts';
import type { BenchPlan } from '../plan.ts';
import { progress } from '../progress.ts';
import { measureIngest } from '../scenarios/ingest.ts';
import { measureNodeOnlyIngest } from '../scenarios/nodeOnly.ts';
import { COMPARED_FIGURES, measureOneReceiverLatency } from './comparison.ts';

/** The figures compared across storage backends; lower is better unless `higherIsBetter`. */
export const BACKEND_FIGURES = {
  sdkIngestPerSecond: { label: 'ingest, 10 SDK senders (own groups)', unit: 'msg/s', higherIsBetter: true },
  nodeOnlyIngestPerSecond: { label: 'node-only ingest, 10 raw gRPC lanes', unit: 'msg/s', higherIsBetter: true },
  latencyP50Ms: COMPARED_FIGURES.latencyP50Ms,
  latencyP99Ms: COMPARED_FIGURES.latencyP99Ms,
} as const;

export type BackendFigure = keyof typeof BACKEND_FIGURES;

export interface BackendRound {
  figures: Record<BackendFigure, number>;
  missedDeliveries: number;
  failedSenders: number;
  /** The 1-minute load average as the round ended: how busy the shared machine was. */
  loadAverage: number;
}

const SENDERS = 10;
const LANES = 10;

/**
 * One round against one backend: the same workload as the node-configuration comparison, with
 * every sender on the writer and the stream's receiver on the reader (replica B with two replicas).
 */
export async function runBackendRound(deployment: BackendDeployment, plan: BenchPlan): Promise<BackendRound> {
  const { comparison } = plan;
  const node = deployment.nodes;
  progress(`  creating ${SENDERS + 2} clients (receiver on ${deployment.reader === deployment.writer ? 'the same node' : 'replica B'})`);
  const sender = (await createClient(deployment.writer.grpcUrl)).client;
  const receiver = (await createClient(deployment.reader.grpcUrl)).client;
  const senders = [];
  for (let index = 0; index < SENDERS; index++) senders.push((await createClient(deployment.writer.grpcUrl)).client);

  const latency = await measureOneReceiverLatency(node, sender, receiver, plan);
  progress(`  ingest, ${SENDERS} SDK senders`);
  const ingest = await measureIngest({
    node,
    senders,
    layout: 'own-groups',
    messagesPerSender: comparison.concurrentMessagesPerSender,
    maxSeconds: plan.ingest.maxSeconds,
  });
  progress(`  node-only ingest, ${LANES} lanes`);
  const nodeOnly = await measureNodeOnlyIngest(node, {
    concurrency: LANES,
    messages: plan.nodeOnly.ingestMessages / 4,
    maxSeconds: plan.ingest.maxSeconds,
  });
  return {
    figures: {
      sdkIngestPerSecond: ingest.messagesPerSecond,
      nodeOnlyIngestPerSecond: nodeOnly.messagesPerSecond,
      latencyP50Ms: latency.latency.p50,
      latencyP99Ms: latency.latency.p99,
    },
    missedDeliveries: latency.missedDeliveries,
    failedSenders: ingest.failedSenders,
    loadAverage: loadavg()[0]!,
  };
}
