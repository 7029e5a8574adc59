/*
 * A hostile raw client, knowing only a group's id (public on chain), tries to lock the members out
 * of their room with frames shaped like MLS messages that libxmtp cannot decode. The node must
 * refuse each with INVALID_ARGUMENT and store nothing, so the real members still sync and chat.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Group } from '@xmtp/node-sdk';
import { startXmtpNode, type RunningXmtpNode } from '../src/index.ts';
import { encodeVector } from '../src/mls/tlsReader.ts';
import { createTestClient, createTestWallet, texts, type TestClient } from './fixtures/clients.ts';
import { rawGrpcCall } from './fixtures/grpcCall.ts';
import { privateMessage, sendGroupMessagesBody as sendGroupMessages, uint64 } from './fixtures/mlsFrames.ts';

const SEND_GROUP_MESSAGES = '/xmtp.mls.api.v1.MlsApi/SendGroupMessages';
const INVALID_ARGUMENT = 3;
const TIMEOUT = { timeout: 60_000 };

/**
 * The ~60-byte frame of the issue: an MLSMessage header announcing a PublicMessage commit from
 * member 0, followed by bytes that are no Commit, FramedContentAuthData or membership tag.
 */
function junkPublicCommit(groupId: Uint8Array): Buffer {
  return Buffer.concat([
    Buffer.from([0, 1, 0, 1]), // mls10, public_message
    encodeVector(groupId),
    uint64(1n),
    Buffer.from([1, 0, 0, 0, 0]), // sender: member, leaf 0
    encodeVector(new Uint8Array()), // authenticated_data
    Buffer.from([3]), // content_type: commit
    Buffer.alloc(24, 0xee),
  ]);
}

describe('a junk frame on a real group topic', () => {
  let node: RunningXmtpNode;
  let creator: TestClient;
  let member: TestClient;
  let group: Group<unknown>;

  before(async () => {
    node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null });
    [creator, member] = await Promise.all([createTestClient(node, createTestWallet()), createTestClient(node, createTestWallet())]);
    group = await creator.conversations.createGroup([member.inboxId]);
    await group.sendText('before the attack');
  });
  after(() => node.stop());

  test('is refused with INVALID_ARGUMENT and nothing is stored', TIMEOUT, async () => {
    const groupId = Buffer.from(group.id, 'hex');
    const storedBefore = await node.store.queryGroupMessages(groupId, { direction: 'ascending', limit: 100, cursor: 0n });
    for (const [what, frame] of [
      ['a junk PublicMessage commit', junkPublicCommit(groupId)],
      ['a padded PrivateMessage', Buffer.concat([privateMessage(groupId), Buffer.from([0])])],
    ] as const) {
      const result = await rawGrpcCall(node.grpcUrl, SEND_GROUP_MESSAGES, sendGroupMessages(frame));
      assert.equal(result.status, INVALID_ARGUMENT, `${what}: ${result.message}`);
      assert.match(result.message, /^messages\[0\]: /);
    }
    const storedAfter = await node.store.queryGroupMessages(groupId, { direction: 'ascending', limit: 100, cursor: 0n });
    assert.equal(storedAfter.length, storedBefore.length);
  });

  test('the real members still sync, open the room and send', TIMEOUT, async () => {
    await member.conversations.sync();
    const membersGroup = (await member.conversations.getConversationById(group.id)) as Group<unknown>;
    await membersGroup.sync();
    await membersGroup.sendText('after the attack');
    await group.sync();
    assert.deepEqual(await texts(group), ['before the attack', 'after the attack']);
    await creator.conversations.syncAll();
    await group.updateName('still ours');
    await membersGroup.sync();
    assert.equal(membersGroup.name, 'still ours');
  });

  test('direct messages, whose frames pass the same parser, still flow', TIMEOUT, async () => {
    const dm = await creator.conversations.createDm(member.inboxId);
    await dm.sendText('a direct word');
    await member.conversations.sync();
    const membersDm = await member.conversations.getConversationById(dm.id);
    assert.ok(membersDm);
    await membersDm.sync();
    assert.deepEqual(await texts(membersDm), ['a direct word']);
  });
});
