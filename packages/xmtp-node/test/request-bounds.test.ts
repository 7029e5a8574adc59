/*
 * A hostile client on raw HTTP/2 asks for unbounded work in one small request: the same group id
 * thousands of times (and an identity log likewise), tens of thousands of subscription filters. Each is answered with a clear
 * status, the node keeps answering /health meanwhile, and real clients chat afterwards.
 */
import assert from 'node:assert/strict';
import Long from 'long';
import { after, before, describe, test } from 'node:test';
import { startXmtpNode, type RunningXmtpNode } from '../src/index.ts';
import { associations, identityApi, mlsApi } from '../src/protocol/codecs.ts';
import { eventually } from './fixtures/clients.ts';
import { grpcFrame, rawGrpcCall } from './fixtures/grpcCall.ts';
import { health, openSession, rawStream, realClientsStillChat, Status } from './fixtures/hostile.ts';
import { numberedGroupId, subscribeRequest } from './fixtures/mlsFrames.ts';

const MLS = '/xmtp.mls.api.v1.MlsApi';
const IDENTITY = '/xmtp.identity.api.v1.IdentityApi';
const LARGE_MESSAGE_BYTES = 1024 * 1024;

function newestRequest(groupIds: Uint8Array[], includeContent: boolean): Buffer {
  return grpcFrame(mlsApi.GetNewestGroupMessageRequest.encode({ groupIds, includeContent }).finish());
}

describe('bounded work per request', () => {
  let node: RunningXmtpNode;
  const largeGroup = new Uint8Array(16).fill(0x4c);

  before(async () => {
    node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null });
    // Stored directly: what matters is a group whose newest message is large.
    await node.store.insertGroupMessages([
      {
        groupId: largeGroup,
        data: new Uint8Array(LARGE_MESSAGE_BYTES).fill(7),
        senderHmac: new Uint8Array(),
        shouldPush: false,
        isCommit: false,
      },
    ]);
  });
  after(() => node.stop());

  test('the same large group id repeated: the response is counted before it is built and refused', async () => {
    // 1000 ids of 16 bytes: a request of ~18 KB that would have asked for ~1 GB.
    const repeated = Array.from({ length: 1000 }, () => largeGroup);
    const [refused, live] = await Promise.all([
      rawGrpcCall(node.grpcUrl, `${MLS}/GetNewestGroupMessage`, newestRequest(repeated, true)),
      health(node.grpcUrl),
    ]);
    assert.equal(refused.status, Status.RESOURCE_EXHAUSTED, refused.message);
    assert.match(refused.message, /GetNewestGroupMessage response would exceed the 26214400-byte limit/);
    assert.equal(live.status, 'ok');
  });

  test('repeats within the limit answer one entry per id, in order, as xmtp-node-go does', async () => {
    const unknown = new Uint8Array(16).fill(1);
    const answer = await rawGrpcCall(node.grpcUrl, `${MLS}/GetNewestGroupMessage`, newestRequest([largeGroup, unknown, largeGroup], false));
    assert.equal(answer.status, Status.OK, answer.message);
    const { responses } = mlsApi.GetNewestGroupMessageResponse.decode(answer.messages[0]!);
    assert.equal(responses.length, 3);
    assert.deepEqual(Buffer.from(responses[0]!.groupMessage!.v1!.groupId), Buffer.from(largeGroup));
    assert.equal(responses[1]!.groupMessage, undefined);
    assert.equal(responses[2]!.groupMessage?.v1?.data.length, 0, 'no content unless asked');
  });

  test('the same large identity log asked for twice: read once, counted before it is built, refused', async () => {
    // Stored directly, bypassing validation: what matters is a log too large to send twice.
    const inboxId = 'b'.repeat(64);
    for (let n = 0; n < 15; n++) {
      const update = associations.IdentityUpdate.encode({
        inboxId: String(n).repeat(LARGE_MESSAGE_BYTES),
        actions: [],
        clientTimestampNs: Long.UZERO,
      }).finish();
      await node.store.appendIdentityUpdate(inboxId, update, () => ({ linked: [], unlinked: [] }));
    }
    const updatesRequest = (times: number) =>
      grpcFrame(
        identityApi.GetIdentityUpdatesRequest.encode({
          requests: Array.from({ length: times }, () => ({ inboxId, sequenceId: Long.UZERO })),
        }).finish(),
      );
    const once = await rawGrpcCall(node.grpcUrl, `${IDENTITY}/GetIdentityUpdates`, updatesRequest(1));
    assert.equal(once.status, Status.OK, once.message);
    assert.equal(identityApi.GetIdentityUpdatesResponse.decode(once.messages[0]!).responses[0]!.updates.length, 15);
    const [refused, live] = await Promise.all([
      rawGrpcCall(node.grpcUrl, `${IDENTITY}/GetIdentityUpdates`, updatesRequest(1000)),
      health(node.grpcUrl),
    ]);
    assert.equal(refused.status, Status.RESOURCE_EXHAUSTED, refused.message);
    assert.match(refused.message, /GetIdentityUpdates response would exceed the 26214400-byte limit/);
    assert.equal(live.status, 'ok');
  });

  test('more ids than allowed is INVALID_ARGUMENT', async () => {
    const tooMany = Array.from({ length: 10_001 }, (_, n) => numberedGroupId(n));
    const refused = await rawGrpcCall(node.grpcUrl, `${MLS}/GetNewestGroupMessage`, newestRequest(tooMany, false));
    assert.equal(refused.status, Status.INVALID_ARGUMENT);
    assert.match(refused.message, /group_ids has 10001 entries, at most 10000/);
  });

  test('a subscription with 50,000 distinct filters is refused; /health answers throughout', async () => {
    const session = await openSession(node.grpcUrl);
    try {
      const call = rawStream(
        session,
        `${MLS}/SubscribeGroupMessages`,
        subscribeRequest(Array.from({ length: 50_000 }, (_, n) => numberedGroupId(n))),
      );
      assert.equal((await health(node.grpcUrl)).status, 'ok');
      const status = await call.status;
      assert.equal(status?.code, Status.INVALID_ARGUMENT, status?.message);
      assert.match(status!.message, /50000 distinct topics, at most 10000/);
    } finally {
      session.close();
    }
  });

  test('a subscription with the most filters allowed replays in turns: /health answers while it runs', async () => {
    const session = await openSession(node.grpcUrl);
    try {
      const ids = Array.from({ length: 10_000 }, (_, n) => numberedGroupId(n));
      const call = rawStream(session, `${MLS}/SubscribeGroupMessages`, subscribeRequest(ids));
      const during = await health(node.grpcUrl);
      assert.equal(during.status, 'ok');
      // The same filter repeated is one topic.
      const repeated = rawStream(
        session,
        `${MLS}/SubscribeGroupMessages`,
        subscribeRequest(Array.from({ length: 50_000 }, () => largeGroup)),
      );
      await new Promise<void>((resolve) => repeated.stream.once('response', () => resolve()));
      const afterwards = await health(node.grpcUrl);
      assert.ok(afterwards.liveSubscriptions >= 1);
      call.stream.close();
      repeated.stream.close();
      assert.equal(await call.status, undefined, 'still open until the client left');
    } finally {
      session.close();
    }
  });

  test(
    'a page of huge messages is refused before it is read whole; smaller pages and replays still get everything',
    { timeout: 30_000 },
    async () => {
      const hugeGroup = new Uint8Array(16).fill(0x48);
      await node.store.insertGroupMessages(
        Array.from({ length: 30 }, (_, n) => ({
          groupId: hugeGroup,
          data: new Uint8Array(LARGE_MESSAGE_BYTES).fill(n),
          senderHmac: new Uint8Array(),
          shouldPush: false,
          isCommit: false,
        })),
      );
      const query = (limit: number) =>
        rawGrpcCall(
          node.grpcUrl,
          `${MLS}/QueryGroupMessages`,
          grpcFrame(
            mlsApi.QueryGroupMessagesRequest.encode({
              groupId: hugeGroup,
              pagingInfo: { limit, direction: mlsApi.SortDirection.SORT_DIRECTION_ASCENDING, idCursor: Long.UZERO },
            }).finish(),
          ),
        );
      const refused = await query(100);
      assert.equal(refused.status, Status.RESOURCE_EXHAUSTED);
      assert.match(refused.message, /QueryGroupMessages response would exceed the 26214400-byte limit/);
      const small = await query(10);
      assert.equal(small.status, Status.OK, small.message);
      assert.equal(mlsApi.QueryGroupMessagesResponse.decode(small.messages[0]!).messages.length, 10);

      const session = await openSession(node.grpcUrl);
      try {
        const replay = rawStream(session, `${MLS}/SubscribeGroupMessages`, subscribeRequest([hugeGroup]));
        await eventually('the replay delivers all 30', () => replay.messages.length === 30);
        replay.stream.close();
      } finally {
        session.close();
      }
    },
  );

  test('afterwards real clients still chat', { timeout: 60_000 }, async () => {
    await realClientsStillChat(node);
  });
});
