/*
 * A node on Postgres when Postgres misbehaves: its LISTEN connection is terminated from the server
 * (streams end with UNAVAILABLE, the node listens again by itself, clients resubscribe and miss
 * nothing), and the database becomes unreachable at a write (a clear UNAVAILABLE, then the node
 * serves again once it is back).
 */
import assert from 'node:assert/strict';
import type { ClientHttp2Session } from 'node:http2';
import { test } from 'node:test';
import pg from 'pg';
import { startPostgres } from '@ticketchat/test-support/postgres';
import { startXmtpNode, type RunningXmtpNode } from '../src/index.ts';
import { mlsApi } from '../src/protocol/codecs.ts';
import { COMMIT_FEED_APPLICATION_NAME } from '../src/store/postgres/commitFeed.ts';
import { eventually, streamingPair, texts } from './fixtures/clients.ts';
import { rawGrpcCall } from './fixtures/grpcCall.ts';
import { health, openSession, rawStream, realClientsStillChat, type RawStream } from './fixtures/hostile.ts';
import { numberedGroupId, privateMessage, sendGroupMessagesBody, subscribeRequest } from './fixtures/mlsFrames.ts';
import { startTcpProxy } from './fixtures/tcpProxy.ts';

const UNAVAILABLE = 14;
const SEND = '/xmtp.mls.api.v1.MlsApi/SendGroupMessages';
const SUBSCRIBE = '/xmtp.mls.api.v1.MlsApi/SubscribeGroupMessages';

const startNode = (database: string) => startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null, database });

/** Terminates the node's LISTEN backend from the server's side, as an admin or a failover would. */
async function terminateCommitFeed(url: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
      [COMMIT_FEED_APPLICATION_NAME],
    );
    return rows.length;
  } finally {
    await admin.end();
  }
}

/** Sends a made-up message (distinct by epoch) to a raw group through the node, returning its status. */
const sendRaw = (node: RunningXmtpNode, groupId: Uint8Array, n: number) =>
  rawGrpcCall(node.grpcUrl, SEND, sendGroupMessagesBody(privateMessage(groupId, { epoch: BigInt(n) })));

const idsOf = (stream: RawStream) => stream.messages.map((message) => BigInt(mlsApi.GroupMessage.decode(message).v1!.id.toString()));

/** Subscribes from the start of the group, retrying while the node refuses streams (its feed is reconnecting). */
async function subscribeWhenAccepted(session: ClientHttp2Session, groupId: Uint8Array): Promise<RawStream> {
  return eventually('the node to accept a stream again', async () => {
    const stream = rawStream(session, SUBSCRIBE, subscribeRequest([groupId]));
    const ended = await Promise.race([stream.status, new Promise((resolve) => setTimeout(resolve, 300, 'open'))]);
    if (ended === 'open') return stream;
    assert.equal((ended as { code: number } | undefined)?.code, UNAVAILABLE, 'a stream refused while the feed is down says UNAVAILABLE');
    return undefined;
  });
}

test('a terminated LISTEN connection ends the streams with UNAVAILABLE; the node listens again and resubscribers miss nothing', async (t) => {
  const postgres = await startPostgres();
  t.after(() => postgres.stop());
  const node = await startNode(postgres.url);
  t.after(() => node.stop());
  const session = await openSession(node.grpcUrl);
  t.after(() => session.close());
  const groupId = numberedGroupId(1);

  const first = rawStream(session, SUBSCRIBE, subscribeRequest([groupId]));
  for (let n = 1; n <= 3; n++) assert.equal((await sendRaw(node, groupId, n)).status, 0);
  await eventually('the live stream to get the first three', () => first.messages.length === 3 || undefined);

  assert.equal(await terminateCommitFeed(postgres.url), 1, 'the node holds one LISTEN connection');
  assert.deepEqual(await first.status, {
    code: UNAVAILABLE,
    message: 'live delivery was interrupted on this node; resubscribe from your cursor',
  });
  // Writes need no feed: these land while it is down, and only a replay can deliver them.
  for (let n = 4; n <= 6; n++) assert.equal((await sendRaw(node, groupId, n)).status, 0);

  const second = await subscribeWhenAccepted(session, groupId);
  for (let n = 7; n <= 9; n++) assert.equal((await sendRaw(node, groupId, n)).status, 0);
  await eventually('the new stream to replay the gap and get the live ones', () => second.messages.length >= 9 || undefined);
  const ids = idsOf(second);
  assert.equal(ids.length, 9, 'nothing twice');
  assert.deepEqual(
    ids,
    [...ids].sort((a, b) => (a < b ? -1 : 1)),
    'in id order',
  );
  assert.deepEqual(idsOf(first), ids.slice(0, 3));
});

test('an SDK client streaming through a LISTEN termination gets every message afterwards, once and in order', async (t) => {
  const postgres = await startPostgres();
  t.after(() => postgres.stop());
  const node = await startNode(postgres.url);
  const { receiver, group, streamed, restarts, stream } = await streamingPair(node);
  t.after(async () => {
    await stream.end();
    await node.stop();
  });

  const before = Array.from({ length: 5 }, (_, i) => `before ${i}`);
  for (const text of before) await group.sendText(text);
  await streamed.waitFor(5, 'messages before the termination');

  assert.equal(await terminateCommitFeed(postgres.url), 1);
  // Sent at once, while the stream is ended and the feed reconnects: the SDK's re-sync stores them
  // (it does not re-emit what a sync pulls in), so they are checked in the local history.
  const during = Array.from({ length: 5 }, (_, i) => `during ${i}`);
  for (const text of during) await group.sendText(text);
  await eventually('the stream to restart', () => restarts() >= 1 || undefined, 30_000);

  const after = Array.from({ length: 5 }, (_, i) => `after ${i}`);
  for (const text of after) await group.sendText(text);
  await eventually(
    'every message sent after the restart on the stream',
    () => after.every((text) => streamed.items.some((message) => message.content === text)) || undefined,
  );
  const contents = streamed.items.map((message) => message.content as string);
  assert.equal(new Set(contents).size, contents.length, `nothing streamed twice: ${JSON.stringify(contents)}`);
  const all = [...before, ...during, ...after];
  assert.deepEqual(
    contents,
    all.filter((text) => contents.includes(text)),
    'streamed in the order sent',
  );
  assert.deepEqual(contents.slice(0, 5), before);
  assert.deepEqual(contents.slice(-5), after);

  await receiver.conversations.sync();
  const receiversGroup = (await receiver.conversations.getConversationById(group.id))!;
  await receiversGroup.sync();
  assert.deepEqual(await texts(receiversGroup), all, 'the receiver holds every message once, in order');
});

test('Postgres unreachable at a write: the client gets UNAVAILABLE, and the node serves again once it is back', async (t) => {
  const postgres = await startPostgres();
  t.after(() => postgres.stop());
  const url = new URL(postgres.url);
  const proxy = await startTcpProxy(Number(url.port));
  t.after(() => proxy.close());
  url.port = String(proxy.port);
  const node = await startNode(url.toString());
  t.after(() => node.stop());
  const groupId = numberedGroupId(2);
  assert.equal((await sendRaw(node, groupId, 1)).status, 0);

  proxy.cut();
  const refused = await sendRaw(node, groupId, 2);
  assert.deepEqual(
    { status: refused.status, message: refused.message },
    {
      status: UNAVAILABLE,
      message: 'the database is unavailable; retry shortly',
    },
  );
  assert.equal((await health(node.grpcUrl)).status, 'ok', 'the node itself still answers');

  proxy.restore();
  await eventually('writes to succeed again', async () => (await sendRaw(node, groupId, 2)).status === 0 || undefined);
  await realClientsStillChat(node);
});
