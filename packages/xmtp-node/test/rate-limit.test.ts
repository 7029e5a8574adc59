/*
 * Per-client read and write rates like xmtp.network's, proven from loopback by turning throttling
 * on for it (by default loopback, the local stack's own agent, tests and benchmarks, is exempt).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningXmtpNode } from '../src/index.ts';
import { mlsApi } from '../src/protocol/codecs.ts';
import { eventually } from './fixtures/clients.ts';
import { grpcFrame, rawGrpcCall } from './fixtures/grpcCall.ts';
import { health, realClientsStillChat, Status, startLimitedNode } from './fixtures/hostile.ts';
import { privateMessage, unknownInboxLookup } from './fixtures/mlsFrames.ts';

const GET_INBOX_IDS = '/xmtp.identity.api.v1.IdentityApi/GetInboxIds';
const SEND = '/xmtp.mls.api.v1.MlsApi/SendGroupMessages';
const READS = 200;
const WRITES = 20;
const WINDOW_MS = 5000;

const sendBatch = (count: number, groupId: Uint8Array) =>
  grpcFrame(
    mlsApi.SendGroupMessagesRequest.encode({
      messages: Array.from({ length: count }, (_, n) => ({
        v1: { data: privateMessage(groupId, { ciphertextBytes: 64 + n }), senderHmac: new Uint8Array(), shouldPush: false },
      })),
    }).finish(),
  );

describe('rate limits', () => {
  let throttled: RunningXmtpNode;
  before(async () => {
    throttled = await startLimitedNode({ rateLimitAllowList: [], readsPerWindow: READS, writesPerWindow: WRITES, rateWindowMs: WINDOW_MS });
  });
  after(() => throttled.stop());

  test('loopback is not throttled at default settings, even past a window’s worth of calls', async () => {
    const node = await startLimitedNode({ readsPerWindow: 5, writesPerWindow: 1 });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => rawGrpcCall(node.grpcUrl, GET_INBOX_IDS, unknownInboxLookup)));
      assert.deepEqual(new Set(results.map((r) => r.status)), new Set([Status.OK]));
    } finally {
      await node.stop();
    }
  });

  test('past its reads, a client gets RESOURCE_EXHAUSTED on both transports; /health still answers', async () => {
    const results = await Promise.all(
      Array.from({ length: READS * 2 }, () => rawGrpcCall(throttled.grpcUrl, GET_INBOX_IDS, unknownInboxLookup)),
    );
    const refused = results.filter((r) => r.status === Status.RESOURCE_EXHAUSTED);
    assert.ok(refused.length > 0, `${refused.length} of ${results.length} refused`);
    assert.ok(results.every((r) => r.status === Status.OK || r.status === Status.RESOURCE_EXHAUSTED));
    assert.match(refused[0]!.message, /rate limit: 127\.0\.0\.1 may make 200 reads per 5 s/);
    const webStatuses = await Promise.all(
      Array.from({ length: READS * 2 }, async () => {
        const response = await fetch(`${throttled.webUrl}${GET_INBOX_IDS}`, {
          method: 'POST',
          headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' },
          body: unknownInboxLookup,
        });
        await response.arrayBuffer();
        return response.headers.get('grpc-status');
      }),
    );
    assert.ok(webStatuses.includes(String(Status.RESOURCE_EXHAUSTED)), 'gRPC-web calls share the budget');
    assert.equal((await health(throttled.grpcUrl)).status, 'ok');
  });

  test('writes have their own, smaller budget, and a batch costs one per message', async () => {
    const groupId = new Uint8Array(16).fill(0x6a);
    await eventually(
      'a full write budget',
      async () => (await rawGrpcCall(throttled.grpcUrl, SEND, sendBatch(WRITES - 1, groupId))).status === Status.OK,
    );
    const over = await rawGrpcCall(throttled.grpcUrl, SEND, sendBatch(3, groupId));
    assert.equal(over.status, Status.RESOURCE_EXHAUSTED);
    assert.match(over.message, /20 writes per 5 s/);
  });

  test('once the window refills, real clients chat on the throttled node', { timeout: 90_000 }, async () => {
    await eventually(
      'reads allowed again',
      async () => (await rawGrpcCall(throttled.grpcUrl, GET_INBOX_IDS, unknownInboxLookup)).status === Status.OK,
    );
    await realClientsStillChat(throttled);
  });
});
