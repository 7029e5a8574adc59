import type { DecodedMessage } from '@xmtp/node-sdk';
import { mapWithParallelism, sleep } from '../async.ts';
import type { BenchClient } from '../clients.ts';
import type { BenchNode } from '../nodeHost.ts';
import { progress } from '../progress.ts';
import { type CpuWindow, startCpuMeter } from '../resources.ts';
import { type Summary, summarize } from '../stats.ts';

export interface StreamLatencyOptions {
  node: BenchNode;
  sender: BenchClient;
  receivers: BenchClient[];
  messages: number;
  /** Pause after every receiver has a message (or it timed out) before the next send, so sends do not queue. */
  gapMs: number;
  /** A receiver that has not seen a message by then counts as a missed delivery. */
  deliveryTimeoutMs: number;
  /** Stop sending after this long even if fewer than `messages` went out. */
  maxSeconds: number;
}

export interface StreamLatencyResult {
  receivers: number;
  messagesSent: number;
  deliveries: number;
  missedDeliveries: number;
  /** From just before send() to a receiver's onValue, one sample per receiver per message. */
  latency: Summary;
  /** From just before send() to the last receiver's onValue: how long until the whole group has it. */
  wholeGroup: Summary;
  /** How long send() itself took to resolve (the node acknowledged the publish). */
  sendCall: Summary;
  nodeRssWithStreamsOpenBytes: number;
  cpu: CpuWindow;
}

/** One message in flight: the receivers' onValue callbacks stamp its arrivals. */
interface InFlight {
  text: string;
  expected: number;
  arrivals: number[];
  allArrived: () => void;
}

const STREAM_SETUP_PARALLELISM = 5;
const WARMUP_TIMEOUT_MS = 30_000;

/**
 * Send → live-stream latency with real clients: every receiver runs the app's
 * `conversations.streamAllMessages()`, and one sender posts numbered texts to a group holding all of them.
 */
export async function measureStreamLatency(options: StreamLatencyOptions): Promise<StreamLatencyResult> {
  const { node, sender, receivers } = options;
  const group = await sender.conversations.createGroup(receivers.map((receiver) => receiver.inboxId));

  let inFlight: InFlight | undefined;
  const onValue = (message: DecodedMessage<unknown>) => {
    const arrivedAt = performance.now();
    const current = inFlight;
    if (!current || message.content !== current.text) return;
    current.arrivals.push(arrivedAt);
    if (current.arrivals.length === current.expected) current.allArrived();
  };
  const streams = await mapWithParallelism(receivers, STREAM_SETUP_PARALLELISM, async (receiver) => {
    await receiver.conversations.sync();
    return receiver.conversations.streamAllMessages({
      onValue,
      onError: (error) => progress(`stream error: ${error.message}`),
    });
  });

  /** Sends `text` and waits until every receiver has it or the timeout passes. */
  const sendAndWait = async (text: string, timeoutMs: number) => {
    let allArrived!: () => void;
    const done = new Promise<void>((resolve) => (allArrived = resolve));
    const current: InFlight = { text, expected: receivers.length, arrivals: [], allArrived };
    inFlight = current;
    const sentAt = performance.now();
    await group.sendText(text);
    const sendMs = performance.now() - sentAt;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    inFlight = undefined;
    return { sentAt, sendMs, arrivals: current.arrivals };
  };

  try {
    // Streams open asynchronously after streamAllMessages() resolves; measure only once all are live.
    const warmupDeadline = performance.now() + WARMUP_TIMEOUT_MS;
    for (let attempt = 0; ; attempt++) {
      const { arrivals } = await sendAndWait(`warmup ${attempt}`, 2_000);
      if (arrivals.length === receivers.length) break;
      if (performance.now() > warmupDeadline) {
        throw new Error(`only ${arrivals.length} of ${receivers.length} streams were live after ${WARMUP_TIMEOUT_MS} ms`);
      }
    }
    const nodeRssWithStreamsOpenBytes = (await node.sample()).rssBytes;

    const latencies: number[] = [];
    const wholeGroup: number[] = [];
    const sendCalls: number[] = [];
    let missedDeliveries = 0;
    let messagesSent = 0;
    const cpu = await startCpuMeter(node);
    const deadline = performance.now() + options.maxSeconds * 1000;
    for (let index = 0; index < options.messages && performance.now() < deadline; index++) {
      const { sentAt, sendMs, arrivals } = await sendAndWait(`latency ${index}`, options.deliveryTimeoutMs);
      messagesSent++;
      sendCalls.push(sendMs);
      for (const arrivedAt of arrivals) latencies.push(arrivedAt - sentAt);
      missedDeliveries += receivers.length - arrivals.length;
      if (arrivals.length === receivers.length) wholeGroup.push(Math.max(...arrivals) - sentAt);
      await sleep(options.gapMs);
    }
    return {
      receivers: receivers.length,
      messagesSent,
      deliveries: latencies.length,
      missedDeliveries,
      latency: summarize(latencies),
      wholeGroup: summarize(wholeGroup),
      sendCall: summarize(sendCalls),
      nodeRssWithStreamsOpenBytes,
      cpu: await cpu.stop(),
    };
  } finally {
    await Promise.all(streams.map((stream) => stream.end()));
  }
}
