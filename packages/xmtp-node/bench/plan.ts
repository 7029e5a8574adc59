/**
 * How much each step does. Every loop is bounded twice, by a count and by seconds, so a slow
 * machine or a regression makes the run shorter and its figures noisier, never endless.
 */
export interface BenchPlan {
  name: 'full' | 'quick';
  /** Clients created one at a time for the create-time figure; they then serve as senders. */
  sequentialClients: number;
  /** How many clients the SDK may be creating at once when many are needed. */
  createParallelism: number;
  latency: { receivers: number[]; messages: Record<number, number>; gapMs: number; deliveryTimeoutMs: number; maxSeconds: number };
  ingest: {
    singleSenderMessages: number;
    concurrentSenders: number;
    ownGroupMessagesPerSender: number;
    sharedGroupMessagesPerSender: number;
    maxSeconds: number;
  };
  offlineSyncBacklog: number;
  comparison: { rounds: number; latencyMessages: number; singleSenderMessages: number; concurrentMessagesPerSender: number };
  nodeOnly: { subscribers: number; fanOutMessages: number; ingestMessages: number; ingestConcurrency: number[] };
  /** The validation-cost suite: real clients whose registrations and key packages are replayed, and group messages sent. */
  validation: { clients: number; groupMessages: number };
  /** A last resort: the run stops with an error after this long. */
  watchdogSeconds: number;
}

export const FULL_PLAN: BenchPlan = {
  name: 'full',
  sequentialClients: 20,
  createParallelism: 5,
  latency: { receivers: [1, 20, 50], messages: { 1: 500, 20: 150, 50: 200 }, gapMs: 10, deliveryTimeoutMs: 5_000, maxSeconds: 45 },
  ingest: {
    singleSenderMessages: 2_000,
    concurrentSenders: 10,
    ownGroupMessagesPerSender: 300,
    sharedGroupMessagesPerSender: 100,
    maxSeconds: 30,
  },
  offlineSyncBacklog: 1_000,
  comparison: { rounds: 3, latencyMessages: 200, singleSenderMessages: 500, concurrentMessagesPerSender: 100 },
  nodeOnly: { subscribers: 50, fanOutMessages: 200, ingestMessages: 20_000, ingestConcurrency: [1, 10] },
  validation: { clients: 50, groupMessages: 500 },
  watchdogSeconds: 480,
};

export const QUICK_PLAN: BenchPlan = {
  name: 'quick',
  sequentialClients: 5,
  createParallelism: 5,
  latency: { receivers: [1, 10], messages: { 1: 100, 10: 30 }, gapMs: 10, deliveryTimeoutMs: 5_000, maxSeconds: 15 },
  ingest: {
    singleSenderMessages: 300,
    concurrentSenders: 10,
    ownGroupMessagesPerSender: 50,
    sharedGroupMessagesPerSender: 20,
    maxSeconds: 10,
  },
  offlineSyncBacklog: 1_000,
  comparison: { rounds: 1, latencyMessages: 50, singleSenderMessages: 100, concurrentMessagesPerSender: 20 },
  nodeOnly: { subscribers: 10, fanOutMessages: 50, ingestMessages: 2_000, ingestConcurrency: [1, 10] },
  validation: { clients: 10, groupMessages: 100 },
  watchdogSeconds: 180,
};
