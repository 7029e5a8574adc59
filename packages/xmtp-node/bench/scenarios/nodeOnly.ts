import { randomBytes } from 'node:crypto';
import Long from 'long';
import { mlsApi } from '../../src/protocol/codecs.ts';
import { mapWithParallelism, sleep } from '../async.ts';
import type { BenchNode } from '../nodeHost.ts';
import { RawGrpcConnection, syntheticApplicationMessage } from '../rawGrpc.ts';
import { type CpuWindow, startCpuMeter } from '../resources.ts';
import { type Summary, summarize } from '../stats.ts';

const SEND = '/xmtp.mls.api.v1.MlsApi/SendGroupMessages';
const QUERY = '/xmtp.mls.api.v1.MlsApi/QueryGroupMessages';
const SUBSCRIBE = '/xmtp.mls.api.v1.MlsApi/SubscribeGroupMessages';
/** About the size of an encrypted short text from the SDK. */
const CIPHERTEXT_BYTES = 256;

const sendRequest = (groupId: Uint8Array) =>
  mlsApi.SendGroupMessagesRequest.encode({
    messages: [{ v1: { data: syntheticApplicationMessage(groupId, CIPHERTEXT_BYTES), senderHmac: randomBytes(32), shouldPush: true } }],
  }).finish();

export interface NodeOnlyFanOutResult {
  subscribers: number;
  messagesSent: number;
  /** From just before SendGroupMessages to a subscriber's stream receiving the message. */
  latency: Summary;
  missedDeliveries: number;
  cpu: CpuWindow;
}

/**
 * The node's own fan-out latency: raw HTTP/2 subscribers (one connection each, as separate
 * clients have) on one group, with no decryption behind them, so the figure is the node's.
 */
export async function measureNodeOnlyFanOut(
  node: BenchNode,
  options: { subscribers: number; messages: number; gapMs: number; deliveryTimeoutMs: number },
): Promise<NodeOnlyFanOutResult> {
  const groupId = randomBytes(16); // libxmtp group ids are 16 bytes, and the node holds messages to that
  const sender = await RawGrpcConnection.open(node.grpcUrl);
  const connections = await mapWithParallelism(Array.from({ length: options.subscribers }), 10, () => RawGrpcConnection.open(node.grpcUrl));
  let arrivals: number[] = [];
  let allArrived: (() => void) | undefined;
  const onMessage = () => {
    arrivals.push(performance.now());
    if (arrivals.length === options.subscribers) allArrived?.();
  };
  const subscribe = mlsApi.SubscribeGroupMessagesRequest.encode({ filters: [{ groupId, idCursor: Long.UZERO }] }).finish();
  const streams = await Promise.all(connections.map((connection) => connection.serverStream(SUBSCRIBE, subscribe, onMessage)));
  try {
    const latencies: number[] = [];
    let missedDeliveries = 0;
    const cpu = await startCpuMeter(node);
    for (let index = 0; index < options.messages; index++) {
      arrivals = [];
      const done = new Promise<void>((resolve) => (allArrived = resolve));
      const request = sendRequest(groupId);
      const sentAt = performance.now();
      await sender.unary(SEND, request);
      await Promise.race([done, sleep(options.deliveryTimeoutMs)]);
      for (const arrivedAt of arrivals) latencies.push(arrivedAt - sentAt);
      missedDeliveries += options.subscribers - arrivals.length;
      await sleep(options.gapMs);
    }
    return {
      subscribers: options.subscribers,
      messagesSent: options.messages,
      latency: summarize(latencies),
      missedDeliveries,
      cpu: await cpu.stop(),
    };
  } finally {
    for (const stream of streams) stream.close();
    for (const connection of [sender, ...connections]) connection.close();
  }
}

export interface NodeOnlyIngestResult {
  concurrency: number;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  /** One SendGroupMessages + QueryGroupMessages round trip. */
  roundTrip: Summary;
  cpu: CpuWindow;
}

/**
 * The node's ingest ceiling: `concurrency` lanes, each on its own connection and group, doing what
 * the SDK's send() asks of the node (SendGroupMessages, then QueryGroupMessages from its cursor),
 * with no encryption on the client side.
 */
export async function measureNodeOnlyIngest(
  node: BenchNode,
  options: { concurrency: number; messages: number; maxSeconds: number },
): Promise<NodeOnlyIngestResult> {
  const lanes = await Promise.all(
    Array.from({ length: options.concurrency }, async () => ({
      connection: await RawGrpcConnection.open(node.grpcUrl),
      groupId: randomBytes(16),
    })),
  );
  const roundTrips: number[] = [];
  const perLane = Math.ceil(options.messages / options.concurrency);
  const cpu = await startCpuMeter(node);
  const startedAt = performance.now();
  const deadline = startedAt + options.maxSeconds * 1000;
  try {
    await Promise.all(
      lanes.map(async ({ connection, groupId }) => {
        let cursor = Long.UZERO;
        for (let index = 0; index < perLane && performance.now() < deadline; index++) {
          const request = sendRequest(groupId);
          const sentAt = performance.now();
          await connection.unary(SEND, request);
          const query = mlsApi.QueryGroupMessagesRequest.encode({
            groupId,
            pagingInfo: { direction: mlsApi.SortDirection.SORT_DIRECTION_ASCENDING, limit: 100, idCursor: cursor },
          }).finish();
          const response = mlsApi.QueryGroupMessagesResponse.decode(await connection.unary(QUERY, query));
          cursor = response.messages.at(-1)?.v1?.id ?? cursor;
          roundTrips.push(performance.now() - sentAt);
        }
      }),
    );
    const seconds = (performance.now() - startedAt) / 1000;
    return {
      concurrency: options.concurrency,
      messages: roundTrips.length,
      seconds,
      messagesPerSecond: roundTrips.length / seconds,
      roundTrip: summarize(roundTrips),
      cpu: await cpu.stop(),
    };
  } finally {
    for (const { connection } of lanes) connection.close();
  }
}
