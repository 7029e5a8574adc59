/*
 * Clients that hold a call open without taking part: a subscriber that never reads, too many
 * subscriptions or streams on one connection. The node ends each with a clear status (or refuses
 * the stream) instead of buffering for it, while other clients keep streaming.
 */
import assert from 'node:assert/strict';
import { constants } from 'node:http2';
import { after, before, describe, test } from 'node:test';
import type { RunningXmtpNode } from '../src/index.ts';
import { eventually } from './fixtures/clients.ts';
import { rawGrpcCall } from './fixtures/grpcCall.ts';
import { H2, health, openSession, rawSocket, rawStream, realClientsStillChat, Status, startLimitedNode } from './fixtures/hostile.ts';
import { privateMessage, sendGroupMessagesBody as sendGroupMessages, subscribeRequest } from './fixtures/mlsFrames.ts';

const SUBSCRIBE = '/xmtp.mls.api.v1.MlsApi/SubscribeGroupMessages';
const SEND = '/xmtp.mls.api.v1.MlsApi/SendGroupMessages';
const MAX_QUEUED_MESSAGES = 8;

describe('slow and greedy readers', () => {
  let node: RunningXmtpNode;
  before(async () => {
    node = await startLimitedNode({ maxQueuedMessages: MAX_QUEUED_MESSAGES, maxSubscriptionsPerConnection: 2, maxStreamsPerConnection: 4 });
  });
  after(() => node.stop());

  test('a subscriber that never reads is ended with ABORTED; the one that reads keeps streaming', { timeout: 60_000 }, async () => {
    const groupId = new Uint8Array(16).fill(0x51);
    const [stalledSession, readerSession] = await Promise.all([openSession(node.grpcUrl), openSession(node.grpcUrl)]);
    try {
      const stalled = rawStream(stalledSession, SUBSCRIBE, subscribeRequest([groupId]));
      const reader = rawStream(readerSession, SUBSCRIBE, subscribeRequest([groupId]));
      await Promise.all([stalled, reader].map(({ stream }) => new Promise((resolve) => stream.once('response', resolve))));
      // Never reading: HTTP/2 flow control stops the node's writes once the client's window is full.
      stalled.stream.pause();
      const before = (await health(node.grpcUrl)).liveSubscriptions;

      // 64 KiB messages: the stalled client's 64 KiB window fills at once, then its queue.
      let sent = 0;
      const publish = async () => {
        const result = await rawGrpcCall(
          node.grpcUrl,
          SEND,
          sendGroupMessages(privateMessage(groupId, { ciphertextBytes: 64 * 1024 + sent++ })),
        );
        assert.equal(result.status, Status.OK, result.message);
      };
      await eventually('the stalled subscriber is ended', async () => {
        await publish();
        return (await health(node.grpcUrl)).liveSubscriptions === before - 1;
      });
      await publish();
      await eventually('the reader has every message', () => reader.messages.length === sent);

      // Once it reads again, the stalled client learns why its stream ended.
      stalled.stream.resume();
      const status = await stalled.status;
      assert.equal(status?.code, Status.ABORTED);
      assert.match(status!.message, /did not read all messages fast enough/);
      assert.ok(stalled.messages.length < sent, 'it was not sent everything');
      reader.stream.close();
    } finally {
      stalledSession.close();
      readerSession.close();
    }
  });

  test('past the subscriptions one connection may hold, the next is RESOURCE_EXHAUSTED', async () => {
    const session = await openSession(node.grpcUrl);
    try {
      const open = [0, 1].map((n) => rawStream(session, SUBSCRIBE, subscribeRequest([new Uint8Array(16).fill(n)])));
      await Promise.all(open.map(({ stream }) => new Promise((resolve) => stream.once('response', resolve))));
      const third = await rawStream(session, SUBSCRIBE, subscribeRequest([new Uint8Array(16).fill(2)])).status;
      assert.equal(third?.code, Status.RESOURCE_EXHAUSTED);
      assert.match(third!.message, /at most 2 subscriptions per connection/);
      // Another connection is not affected.
      const elsewhere = await openSession(node.grpcUrl);
      const other = rawStream(elsewhere, SUBSCRIBE, subscribeRequest([new Uint8Array(16).fill(3)]));
      await new Promise((resolve) => other.stream.once('response', resolve));
      elsewhere.close();
      for (const { stream } of open) stream.close();
    } finally {
      session.close();
    }
  });

  test('a connection that opens more streams at once than allowed is closed', async () => {
    const raw = await rawSocket(node.grpcUrl);
    const received = () => H2.parse(Buffer.from(raw.received(), 'latin1'));
    raw.socket.write(Buffer.concat([H2.PREFACE, H2.frame(H2.SETTINGS, 0, 0)]));
    await eventually('the node sends its settings', () => received().some((f) => f.type === H2.SETTINGS && !(f.flags & H2.FLAG_ACK)));
    raw.socket.write(H2.frame(H2.SETTINGS, H2.FLAG_ACK, 0));
    // Five half-open calls at once (client streams are odd) where the node's settings allow four.
    for (const streamId of [1, 3, 5, 7, 9]) raw.socket.write(H2.requestHeaders(streamId, SEND));
    const goAway = await eventually('the node sends GOAWAY', () => received().find((f) => f.type === H2.GOAWAY));
    assert.equal(goAway.payload.readUInt32BE(4), constants.NGHTTP2_PROTOCOL_ERROR);
    assert.match(goAway.payload.subarray(8).toString(), /max concurrent streams exceeded/);
    await raw.closed;
  });

  test('afterwards /health answers and real clients still chat', { timeout: 60_000 }, async () => {
    assert.equal((await health(node.grpcUrl)).status, 'ok');
    await realClientsStillChat(node);
  });
});
