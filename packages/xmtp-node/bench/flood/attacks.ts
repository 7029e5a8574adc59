/**
 * One flood per bounded request kind, each from a hostile raw client (the test suite's: raw
 * HTTP/2 streams and raw sockets, never the SDK). Each returns what the node answered, so a run
 * shows both the memory figures and that every request got its bound's status.
 */
import type { NodeLimits } from '../../src/limits/limits.ts';
import { mlsApi } from '../../src/protocol/codecs.ts';
import { grpcFrame } from '../../test/fixtures/grpcCall.ts';
import { H2, openSession, rawSocket, rawStream } from '../../test/fixtures/hostile.ts';
import {
  numberedGroupId,
  privateMessage,
  sendGroupMessagesBody,
  subscribeRequest,
  unknownInboxLookup,
} from '../../test/fixtures/mlsFrames.ts';
import { mapWithParallelism } from '../async.ts';

const MLS = '/xmtp.mls.api.v1.MlsApi';
const GET_INBOX_IDS = '/xmtp.identity.api.v1.IdentityApi/GetInboxIds';
const MiB = 1024 * 1024;

/** What the node answered: a count per gRPC status name, or `closed` for a connection it cut. */
export type Outcomes = Record<string, number>;

export interface Attack {
  name: string;
  /** The limit that stops it (src/limits/limits.ts). */
  bound: string;
  /** Limits the node runs with besides the flood's own short timeouts. */
  limits?: Partial<NodeLimits>;
  run(urls: { grpcUrl: string; webUrl: string }): Promise<{ requests: number; outcomes: Outcomes }>;
}

const STATUS_NAMES: Record<number, string> = {
  0: 'OK',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  8: 'RESOURCE_EXHAUSTED',
  10: 'ABORTED',
  14: 'UNAVAILABLE',
};

function tally(results: (number | string | undefined)[]): Outcomes {
  const outcomes: Outcomes = {};
  for (const result of results) {
    const name = typeof result === 'number' ? (STATUS_NAMES[result] ?? `status ${result}`) : (result ?? 'closed');
    outcomes[name] = (outcomes[name] ?? 0) + 1;
  }
  return outcomes;
}

const range = (count: number) => Array.from({ length: count }, (_, n) => n);
/** A distinct group message (the node drops exact duplicates) of about `bytes` bytes. */
const sendRequest = (groupId: Uint8Array, bytes: number, n = 0) =>
  sendGroupMessagesBody(privateMessage(groupId, { ciphertextBytes: bytes + n }));
const opened = (stream: { once(event: 'response', listener: () => void): unknown }) =>
  new Promise<void>((resolve) => stream.once('response', () => resolve()));

export const ATTACKS: Attack[] = [
  {
    name: 'the same 1 MiB group repeated 1000 times',
    bound: 'maxResponseBytes, ids looked up once',
    async run({ grpcUrl }) {
      const session = await openSession(grpcUrl);
      const group = numberedGroupId(1);
      const seeded = await rawStream(session, `${MLS}/SendGroupMessages`, sendRequest(group, MiB)).status;
      if (seeded?.code !== 0) throw new Error(`seeding the large group failed: ${seeded?.message}`);
      // ~18 KB asking for ~1 GB: every id is the large group, with content.
      const request = grpcFrame(
        mlsApi.GetNewestGroupMessageRequest.encode({ groupIds: range(1000).map(() => group), includeContent: true }).finish(),
      );
      const statuses = await mapWithParallelism(
        range(200),
        20,
        async () => (await rawStream(session, `${MLS}/GetNewestGroupMessage`, request).status)?.code,
      );
      session.close();
      return { requests: statuses.length, outcomes: tally(statuses) };
    },
  },
  {
    name: '50,000 filters per subscription',
    bound: 'maxFiltersPerSubscription, replay in turns',
    async run({ grpcUrl }) {
      const session = await openSession(grpcUrl);
      const refused = subscribeRequest(range(50_000).map(numberedGroupId));
      const statuses = await mapWithParallelism(
        range(20),
        5,
        async () => (await rawStream(session, `${MLS}/SubscribeGroupMessages`, refused).status)?.code,
      );
      // The most a subscription may name: accepted, replayed in turns, then held open.
      const allowed = subscribeRequest(range(10_000).map(numberedGroupId));
      const held = range(10).map(() => rawStream(session, `${MLS}/SubscribeGroupMessages`, allowed));
      await Promise.all(held.map(({ stream }) => opened(stream)));
      for (const { stream } of held) stream.close();
      session.close();
      return { requests: statuses.length + held.length, outcomes: { ...tally(statuses), 'opened (10,000 filters)': held.length } };
    },
  },
  {
    name: '50 subscribers that never read, 200 × 64 KiB published',
    bound: 'maxQueuedMessages / maxQueuedBytes',
    async run({ grpcUrl }) {
      const group = numberedGroupId(2);
      const sessions = await Promise.all(range(50).map(() => openSession(grpcUrl)));
      const stalled = sessions.map((session) => rawStream(session, `${MLS}/SubscribeGroupMessages`, subscribeRequest([group])));
      await Promise.all(stalled.map(({ stream }) => opened(stream)));
      for (const { stream } of stalled) stream.pause();
      const publisher = await openSession(grpcUrl);
      const published = await mapWithParallelism(
        range(200),
        4,
        async (n) => (await rawStream(publisher, `${MLS}/SendGroupMessages`, sendRequest(group, 64 * 1024, n)).status)?.code,
      );
      // Reading again, each learns how its stream ended.
      for (const { stream } of stalled) stream.resume();
      const statuses = await Promise.all(stalled.map(async ({ status }) => (await status)?.code));
      for (const session of [...sessions, publisher]) session.close();
      const publishedOk = published.filter((code) => code === 0).length;
      return { requests: stalled.length + published.length, outcomes: { ...tally(statuses), 'published OK': publishedOk } };
    },
  },
  {
    name: '1000 half-open HTTP/2 streams, 64 KiB each',
    bound: 'bodyTimeoutMs',
    async run({ grpcUrl }) {
      const sessions = await Promise.all(range(10).map(() => openSession(grpcUrl)));
      // A frame announcing 1 MiB, of which 64 KiB ever arrive.
      const partial = Buffer.concat([grpcFrame(new Uint8Array(), MiB), Buffer.alloc(64 * 1024)]);
      const streams = sessions.flatMap((session) => range(100).map(() => rawStream(session, `${MLS}/SendGroupMessages`, partial, false)));
      const statuses = await Promise.all(streams.map(async ({ status }) => (await status)?.code));
      for (const session of sessions) session.close();
      return { requests: streams.length, outcomes: tally(statuses) };
    },
  },
  {
    name: '200 gRPC-web bodies that stop at 256 KiB of 1 MiB',
    bound: 'bodyTimeoutMs',
    async run({ webUrl }) {
      const outcomes = await mapWithParallelism(range(200), 200, async () => {
        const raw = await rawSocket(webUrl);
        raw.socket.write(
          `POST ${GET_INBOX_IDS} HTTP/1.1\r\nhost: node\r\ncontent-type: application/grpc-web+proto\r\ncontent-length: ${MiB + 5}\r\n\r\n`,
        );
        raw.socket.write(Buffer.concat([grpcFrame(new Uint8Array(), MiB), Buffer.alloc(256 * 1024)]));
        await raw.closed;
        return /grpc-status: (\d+)/.exec(raw.received())?.[1] ?? 'closed';
      });
      return { requests: outcomes.length, outcomes: tally(outcomes.map((o) => (o === 'closed' ? o : Number(o)))) };
    },
  },
  {
    name: '1000 slowloris connections (HTTP/1.1 headers, HTTP/2 preface)',
    bound: 'headerTimeoutMs',
    async run({ grpcUrl }) {
      const sockets = await mapWithParallelism(range(1000), 100, async (n) => {
        const raw = await rawSocket(grpcUrl);
        raw.socket.write(
          n % 2 ? Buffer.concat([H2.PREFACE, H2.frame(H2.SETTINGS, 0, 0)]) : `POST ${GET_INBOX_IDS} HTTP/1.1\r\nhost: node\r\n`,
        );
        return raw;
      });
      await Promise.all(sockets.map(({ closed }) => closed));
      return { requests: sockets.length, outcomes: { closed: sockets.length } };
    },
  },
  {
    name: '30,000 reads from one client (loopback throttled for this run)',
    bound: 'readsPerWindow',
    limits: { rateLimitAllowList: [] },
    async run({ grpcUrl }) {
      const sessions = await Promise.all(range(4).map(() => openSession(grpcUrl)));
      const statuses = await mapWithParallelism(
        range(30_000),
        100,
        async (n) => (await rawStream(sessions[n % 4]!, GET_INBOX_IDS, unknownInboxLookup).status)?.code,
      );
      for (const session of sessions) session.close();
      return { requests: statuses.length, outcomes: tally(statuses) };
    },
  },
];
