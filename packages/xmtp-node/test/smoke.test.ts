import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startXmtpNode } from '../src/index.ts';
import { createTestClient, createTestWallet, eventually } from './fixtures/clients.ts';

test('smoke: two real clients exchange a message', { timeout: 60_000 }, async (t) => {
  const node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: 0 });
  t.after(() => node.stop());
  const alice = await createTestClient(node, createTestWallet());
  const bob = await createTestClient(node, createTestWallet());
  const group = await alice.conversations.createGroup([bob.inboxId]);
  await group.sendText('hello bob');
  await bob.conversations.sync();
  const bobGroup = await eventually('bob sees the group', () => bob.conversations.getConversationById(group.id));
  await bobGroup.sync();
  const texts = (await bobGroup.messages()).map((m) => m.content);
  assert.ok(texts.includes('hello bob'), JSON.stringify(texts));
});
