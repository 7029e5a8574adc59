/*
 * Two node replicas on one Postgres, with real @xmtp/node-sdk clients on each: what is sent through
 * one replica reaches streams held on the other, live and in order, and a client whose replica goes
 * away reopens against the other one and misses nothing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DecodedMessage } from '@xmtp/node-sdk';
import { startPostgres } from '@ticketchat/test-support/postgres';
import { startXmtpNode } from '../src/index.ts';
import { Collector, createTestClient, createTestWallet, eventually, scratchDirectory, texts } from './fixtures/clients.ts';

test('clients on two replicas of one Postgres chat live, and one replica going away loses nothing', { timeout: 120_000 }, async (t) => {
  const postgres = await startPostgres();
  t.after(() => postgres.stop());
  const replica = () => startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: 0, database: postgres.url });
  const replicaA = await replica();
  t.after(() => replicaA.stop());
  const replicaB = await replica();
  let replicaBRunning = true;
  t.after(() => (replicaBRunning ? replicaB.stop() : undefined));

  const bobWallet = createTestWallet();
  const bobDatabase = join(scratchDirectory(t), 'bob.db3');
  const alice = await createTestClient(replicaA, createTestWallet());
  const bob = await createTestClient(replicaB, bobWallet, { dbPath: bobDatabase });

  // A welcome sent through A reaches bob's conversation stream on B.
  const bobsConversations = new Collector<{ id: string } | undefined>();
  const conversationStream = await bob.conversations.stream({ onValue: bobsConversations.add });
  const group = await alice.conversations.createGroup([bob.inboxId]);
  await eventually('bob to stream the new group from the other replica', () => bobsConversations.items.some((c) => c?.id === group.id));
  await conversationStream.end();

  // Messages sent through A reach bob's stream on B, each once, in the order they were sent.
  const atBob = new Collector<DecodedMessage<unknown>>();
  const atAlice = new Collector<DecodedMessage<unknown>>();
  const bobStream = await bob.conversations.streamAllMessages({ onValue: atBob.add });
  const aliceStream = await alice.conversations.streamAllMessages({ onValue: atAlice.add });
  const sent = Array.from({ length: 10 }, (_, i) => `through A #${i}`);
  for (const text of sent) await group.sendText(text);
  await eventually('bob to stream all of them', () => sent.every((text) => atBob.items.some((m) => m.content === text)));
  assert.deepEqual(
    atBob.items.map((m) => m.content).filter((content) => sent.includes(content as string)),
    sent,
  );

  // And back: bob's reply through B reaches alice's stream on A.
  await bob.conversations.sync();
  const bobsGroup = (await bob.conversations.getConversationById(group.id))!;
  await bobsGroup.sendText('through B');
  await eventually('alice to stream bob’s reply', () => atAlice.items.some((m) => m.content === 'through B'));
  await bobStream.end();
  await aliceStream.end();

  // B goes away; what alice sends meanwhile is there when bob reopens against A.
  await replicaB.stop();
  replicaBRunning = false;
  const whileAway = ['while B was down #1', 'while B was down #2'];
  for (const text of whileAway) await group.sendText(text);
  const bobOnA = await createTestClient(replicaA, bobWallet, { dbPath: bobDatabase });
  assert.equal(bobOnA.installationId, bob.installationId);
  await bobOnA.conversations.sync();
  const reopened = (await bobOnA.conversations.getConversationById(group.id))!;
  await reopened.sync();
  const history = await texts(reopened);
  for (const text of [...sent, 'through B', ...whileAway]) {
    assert.equal(history.filter((seen) => seen === text).length, 1, `${text} once in ${JSON.stringify(history)}`);
  }
});
