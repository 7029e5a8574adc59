/*
 * Clients that start a request and never finish it, on both transports: a half-open HTTP/2
 * stream, a gRPC-web body that stops arriving, headers sent one trickle at a time (slowloris), a
 * connection that says nothing, a subscriber whose queue never drains. With short timeouts set for
 * the test, each is ended (with a gRPC status where a call exists) and closed; a subscription that
 * is merely idle stays open.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { RunningXmtpNode } from '../src/index.ts';
import { eventually } from './fixtures/clients.ts';
import { rawGrpcCall } from './fixtures/grpcCall.ts';
import { H2, health, openSession, rawSocket, rawStream, realClientsStillChat, Status, startLimitedNode } from './fixtures/hostile.ts';
import { privateMessage, sendGroupMessagesBody as sendGroupMessages, subscribeRequest } from './fixtures/mlsFrames.ts';

const TIMEOUT_MS = 300;
const SEND = '/xmtp.mls.api.v1.MlsApi/SendGroupMessages';
const SUBSCRIBE = '/xmtp.mls.api.v1.MlsApi/SubscribeGroupMessages';
const GET_INBOX_IDS = '/xmtp.identity.api.v1.IdentityApi/GetInboxIds';

describe('requests that never finish', () => {
  let node: RunningXmtpNode;
  before(async () => {
    node = await startLimitedNode({ headerTimeoutMs: TIMEOUT_MS, bodyTimeoutMs: TIMEOUT_MS, sendStallTimeoutMs: TIMEOUT_MS });
  });
  after(() => node.stop());

  test('a half-open HTTP/2 stream is ended with DEADLINE_EXCEEDED and closed', async () => {
    const session = await openSession(node.grpcUrl);
    try {
      const half = rawStream(session, SEND, sendGroupMessages(privateMessage(new Uint8Array(16).fill(1))).subarray(0, 20), false);
      const silent = rawStream(session, SEND, Buffer.alloc(0), false);
      for (const call of [half, silent]) {
        const status = await call.status;
        assert.equal(status?.code, Status.DEADLINE_EXCEEDED);
        assert.match(status!.message, /request body did not arrive within 300 ms/);
        await eventually('the stream is closed', () => call.stream.closed);
      }
      assert.equal(await node.store.newestGroupMessage(new Uint8Array(16).fill(1)), undefined, 'nothing stored');
    } finally {
      session.close();
    }
  });

  test('a gRPC-web body that never finishes is ended with DEADLINE_EXCEEDED and the connection closed', async () => {
    const raw = await rawSocket(node.webUrl);
    raw.socket.write(
      `POST ${GET_INBOX_IDS} HTTP/1.1\r\nhost: node\r\ncontent-type: application/grpc-web+proto\r\ncontent-length: 100\r\n\r\n` +
        '\0\0\0\0\x5f',
    );
    await raw.closed;
    assert.match(raw.received(), /^HTTP\/1\.1 200/);
    assert.match(raw.received(), /grpc-status: 4\r\n/);
  });

  test('slowloris headers are cut off on HTTP/1.1', async () => {
    const raw = await rawSocket(node.webUrl);
    raw.socket.write(`POST ${GET_INBOX_IDS} HTTP/1.1\r\nhost: node\r\n`);
    const trickle = setInterval(() => raw.socket.write('x-slow: 1\r\n'), TIMEOUT_MS / 6);
    await raw.closed;
    clearInterval(trickle);
    assert.doesNotMatch(raw.received(), /grpc-status: 0/);
  });

  test('an HTTP/2 connection that never opens a stream, and one that never says anything, are closed', async () => {
    const preface = await rawSocket(node.grpcUrl);
    preface.socket.write(Buffer.concat([H2.PREFACE, H2.frame(H2.SETTINGS, 0, 0)]));
    const mute = await rawSocket(node.grpcUrl);
    await Promise.all([preface.closed, mute.closed]);
  });

  test('a subscriber whose queue never drains is ended, then its stream cut', async () => {
    const groupId = new Uint8Array(16).fill(0x77);
    const session = await openSession(node.grpcUrl);
    try {
      const stalled = rawStream(session, SUBSCRIBE, subscribeRequest([groupId]));
      await new Promise((resolve) => stalled.stream.once('response', resolve));
      stalled.stream.pause();
      const before = (await health(node.grpcUrl)).liveSubscriptions;
      // Larger than the client's 64 KiB window: it cannot all leave the node.
      const sent = await rawGrpcCall(node.grpcUrl, SEND, sendGroupMessages(privateMessage(groupId, { ciphertextBytes: 256 * 1024 })));
      assert.equal(sent.status, Status.OK, sent.message);
      await eventually('the subscription is ended', async () => (await health(node.grpcUrl)).liveSubscriptions === before - 1);
      await eventually('the stream is cut', () => stalled.stream.closed);
    } finally {
      session.close();
    }
  });

  test('a subscriber that never reads its replay is ended, then its stream cut', async () => {
    const groupId = new Uint8Array(16).fill(0x7a);
    // A backlog larger than the queue allows (8 MiB), so the replay has to wait for room.
    await node.store.insertGroupMessages(
      Array.from({ length: 200 }, (_, n) => ({
        groupId,
        data: new Uint8Array(64 * 1024).fill(n),
        senderHmac: new Uint8Array(),
        shouldPush: false,
        isCommit: false,
      })),
    );
    const session = await openSession(node.grpcUrl);
    try {
      const before = (await health(node.grpcUrl)).liveSubscriptions;
      const stalled = rawStream(session, SUBSCRIBE, subscribeRequest([groupId]));
      await new Promise((resolve) => stalled.stream.once('response', resolve));
      stalled.stream.pause();
      await eventually('the stream is cut', () => stalled.stream.closed);
      assert.ok(stalled.messages.length < 200, 'it was not sent everything');
      await eventually('the subscription is gone', async () => (await health(node.grpcUrl)).liveSubscriptions === before);
    } finally {
      session.close();
    }
  });

  test('an idle subscription is not a stalled one: it stays open past every timeout, on both transports', async () => {
    const session = await openSession(node.grpcUrl);
    const web = await rawSocket(node.webUrl);
    try {
      const idle = rawStream(session, SUBSCRIBE, subscribeRequest([new Uint8Array(16).fill(0x78)]));
      await new Promise((resolve) => idle.stream.once('response', resolve));
      const body = subscribeRequest([new Uint8Array(16).fill(0x79)]);
      web.socket.write(
        `POST ${SUBSCRIBE} HTTP/1.1\r\nhost: node\r\ncontent-type: application/grpc-web+proto\r\ncontent-length: ${body.length}\r\n\r\n`,
      );
      web.socket.write(body);
      await eventually('the gRPC-web subscription is open', () => /^HTTP\/1\.1 200/.test(web.received()));
      await sleep(TIMEOUT_MS * 8);
      assert.equal(idle.stream.closed, false);
      assert.equal(web.socket.destroyed, false);
      assert.doesNotMatch(web.received(), /grpc-status/);
      idle.stream.close();
    } finally {
      session.close();
      web.socket.destroy();
    }
  });

  test('afterwards /health answers and real clients still chat', { timeout: 60_000 }, async () => {
    assert.equal((await health(node.webUrl)).status, 'ok');
    await realClientsStillChat(node);
  });
});
