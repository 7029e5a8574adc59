/*
 * Bad input gets a clear gRPC status, and the node keeps serving everyone else.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startXmtpNode, type RunningXmtpNode } from '../src/index.ts';
import { mlsApi } from '../src/protocol/codecs.ts';
import { createTestClient, createTestWallet, texts, type TestClient } from './fixtures/clients.ts';
import { grpcFrame, rawGrpcCall } from './fixtures/grpcCall.ts';
import { privateMessage, sendGroupMessagesBody as sendGroupMessages } from './fixtures/mlsFrames.ts';

const MLS = '/xmtp.mls.api.v1.MlsApi';
const Status = { OK: 0, INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, UNIMPLEMENTED: 12 } as const;

describe('garbage in', () => {
  let node: RunningXmtpNode;
  let alice: TestClient;
  let bob: TestClient;

  before(async () => {
    node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null });
    [alice, bob] = await Promise.all([createTestClient(node, createTestWallet()), createTestClient(node, createTestWallet())]);
  });
  after(() => node.stop());

  test('malformed protobuf is INVALID_ARGUMENT', async () => {
    const result = await rawGrpcCall(
      node.grpcUrl,
      `${MLS}/SendGroupMessages`,
      grpcFrame(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x0a])),
    );
    assert.equal(result.status, Status.INVALID_ARGUMENT);
    assert.match(result.message, /malformed SendGroupMessages request/);
  });

  test('a truncated MLS message is INVALID_ARGUMENT and nothing is stored', async () => {
    const groupId = new Uint8Array(16).fill(9);
    const whole = privateMessage(groupId);
    const result = await rawGrpcCall(node.grpcUrl, `${MLS}/SendGroupMessages`, sendGroupMessages(whole.subarray(0, whole.length - 10)));
    assert.equal(result.status, Status.INVALID_ARGUMENT);
    assert.match(result.message, /truncated/);
    assert.equal((await node.store.queryGroupMessages(groupId, { direction: 'ascending', limit: 100, cursor: 0n })).length, 0);
  });

  test('a message that is not a group message (a welcome wire format) is refused', async () => {
    const result = await rawGrpcCall(node.grpcUrl, `${MLS}/SendGroupMessages`, sendGroupMessages(Buffer.from([0, 1, 0, 3, 0])));
    assert.equal(result.status, Status.INVALID_ARGUMENT);
    assert.match(result.message, /wire format 3/);
  });

  test('a query without a group id is INVALID_ARGUMENT; a group never written to is an empty page', async () => {
    const missing = await rawGrpcCall(
      node.grpcUrl,
      `${MLS}/QueryGroupMessages`,
      grpcFrame(mlsApi.QueryGroupMessagesRequest.encode({ groupId: new Uint8Array(), pagingInfo: undefined }).finish()),
    );
    assert.equal(missing.status, Status.INVALID_ARGUMENT);
    assert.match(missing.message, /group_id is required/);
    // As in xmtp-node-go: clients legitimately read groups that have no messages yet.
    const unknown = await rawGrpcCall(
      node.grpcUrl,
      `${MLS}/QueryGroupMessages`,
      grpcFrame(mlsApi.QueryGroupMessagesRequest.encode({ groupId: new Uint8Array(16).fill(0xab), pagingInfo: undefined }).finish()),
    );
    assert.equal(unknown.status, Status.OK);
    assert.equal(mlsApi.QueryGroupMessagesResponse.decode(unknown.messages[0]!).messages.length, 0);
  });

  test('an oversized payload is RESOURCE_EXHAUSTED before it is buffered', async () => {
    const declared = 26 * 1024 * 1024;
    const result = await rawGrpcCall(node.grpcUrl, `${MLS}/SendGroupMessages`, grpcFrame(Buffer.alloc(1024), declared));
    assert.equal(result.status, Status.RESOURCE_EXHAUSTED);
    assert.match(result.message, /exceeds the 26214400-byte limit/);
  });

  test('a message just under the 25 MiB limit is accepted and read back whole', { timeout: 30_000 }, async () => {
    const groupId = new Uint8Array(16).fill(0x25);
    const large = privateMessage(groupId, { ciphertextBytes: 24 * 1024 * 1024 });
    const sent = await rawGrpcCall(node.grpcUrl, `${MLS}/SendGroupMessages`, sendGroupMessages(large));
    assert.equal(sent.status, Status.OK, sent.message);
    const read = await rawGrpcCall(
      node.grpcUrl,
      `${MLS}/QueryGroupMessages`,
      grpcFrame(mlsApi.QueryGroupMessagesRequest.encode({ groupId, pagingInfo: undefined }).finish()),
    );
    assert.equal(read.status, Status.OK);
    const [stored] = mlsApi.QueryGroupMessagesResponse.decode(read.messages[0]!).messages;
    assert.equal(stored?.v1?.data.length, large.length);
  });

  test('a forged or malformed key package is refused', async () => {
    const upload = (keyPackage: Uint8Array) =>
      rawGrpcCall(
        node.grpcUrl,
        `${MLS}/UploadKeyPackage`,
        grpcFrame(
          mlsApi.UploadKeyPackageRequest.encode({
            keyPackage: { keyPackageTlsSerialized: keyPackage },
            isInboxIdCredential: true,
          }).finish(),
        ),
      );
    const [genuine] = await node.store.fetchKeyPackages([Buffer.from(alice.installationId, 'hex')]);
    assert.ok(genuine, 'alice uploaded a key package when she registered');
    assert.equal((await upload(genuine)).status, Status.OK);

    const forged = Buffer.from(genuine);
    forged[forged.length - 1]! ^= 0xff;
    const refused = await upload(forged);
    assert.equal(refused.status, Status.INVALID_ARGUMENT);
    assert.match(refused.message, /key package signature does not verify/);

    const malformed = await upload(Buffer.from('not a key package at all'));
    assert.equal(malformed.status, Status.INVALID_ARGUMENT);
    assert.match(malformed.message, /invalid identity/);
  });

  test('an unknown method is UNIMPLEMENTED', async () => {
    const result = await rawGrpcCall(node.grpcUrl, `${MLS}/Subscribe`, grpcFrame(new Uint8Array()));
    assert.equal(result.status, Status.UNIMPLEMENTED);
  });

  test('after all of that, real clients still chat', { timeout: 30_000 }, async () => {
    const group = await alice.conversations.createGroup([bob.inboxId]);
    await group.sendText('still serving');
    await bob.conversations.sync();
    const bobsGroup = (await bob.conversations.getConversationById(group.id))!;
    await bobsGroup.sync();
    assert.deepEqual(await texts(bobsGroup), ['still serving']);
  });
});
