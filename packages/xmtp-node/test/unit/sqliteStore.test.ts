import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/sqliteStore.ts';
import { scratchDirectory } from '../fixtures/clients.ts';

const group = (n: number) => new Uint8Array(16).fill(n);
const message = (groupId: Uint8Array, text: string) => ({
  groupId,
  data: Buffer.from(text),
  senderHmac: new Uint8Array(),
  shouldPush: true,
  isCommit: false,
});
const ascending = { direction: 'ascending' as const, limit: 100, cursor: 0n };

test('ids grow per topic, duplicates are skipped, pages honour cursors both ways', async () => {
  const store = new SqliteStore({ path: ':memory:' });
  const first = await store.insertGroupMessages([message(group(1), 'a'), message(group(2), 'x'), message(group(1), 'b')]);
  assert.deepEqual(
    first.map((m) => m.id),
    [1n, 2n, 3n],
  );
  assert.ok(first[0]!.createdNs < first[2]!.createdNs);
  assert.deepEqual(await store.insertGroupMessages([message(group(1), 'a')]), [], 'a retried publish is a no-op');

  const all = await store.queryGroupMessages(group(1), ascending);
  assert.deepEqual(
    all.map((m) => Buffer.from(m.data).toString()),
    ['a', 'b'],
  );
  const after = await store.queryGroupMessages(group(1), { ...ascending, cursor: 1n });
  assert.deepEqual(
    after.map((m) => m.id),
    [3n],
  );
  const newestFirst = await store.queryGroupMessages(group(1), { direction: 'descending', limit: 1, cursor: 0n });
  assert.deepEqual(
    newestFirst.map((m) => m.id),
    [3n],
  );
  assert.equal((await store.newestGroupMessage(group(2)))?.id, 2n);
  await store.close();
});

test('the address index follows links and revocations; a file database survives reopening', async (t) => {
  const path = join(scratchDirectory(t), 'node.db');
  let store = new SqliteStore({ path });
  const inboxA = 'a'.repeat(64);
  const inboxB = 'b'.repeat(64);
  await store.appendIdentityUpdate(inboxA, Buffer.from('u1'), () => ({ linked: ['0xabc'], unlinked: [] }));
  assert.equal(await store.inboxIdForAddress('0xabc'), inboxA);
  await store.appendIdentityUpdate(inboxA, Buffer.from('u2'), () => ({ linked: [], unlinked: ['0xabc'] }));
  assert.equal(await store.inboxIdForAddress('0xabc'), undefined);
  await store.appendIdentityUpdate(inboxB, Buffer.from('u3'), () => ({ linked: ['0xabc'], unlinked: [] }));
  await store.saveKeyPackage(group(7), inboxB, Buffer.from('kp-1'));
  await store.saveKeyPackage(group(7), inboxB, Buffer.from('kp-2'));
  await store.close();

  store = new SqliteStore({ path });
  assert.equal(await store.inboxIdForAddress('0xabc'), inboxB);
  assert.deepEqual(
    (await store.identityUpdates(inboxA, 0n)).map((u) => u.sequenceId),
    [1n, 2n],
  );
  assert.deepEqual(
    (await store.identityUpdates(inboxA, 1n)).map((u) => Buffer.from(u.update).toString()),
    ['u2'],
  );
  const [latest, missing] = await store.fetchKeyPackages([group(7), group(8)]);
  assert.equal(Buffer.from(latest!).toString(), 'kp-2');
  assert.equal(missing, undefined);
  await store.close();
});

test('a failed validation leaves the log unchanged', async () => {
  const store = new SqliteStore({ path: ':memory:' });
  await assert.rejects(
    store.appendIdentityUpdate('c'.repeat(64), Buffer.from('bad'), () => {
      throw new Error('refused');
    }),
    /refused/,
  );
  assert.deepEqual(await store.identityUpdates('c'.repeat(64), 0n), []);
  await store.close();
});

test('writes requested together commit together, and one failing write does not undo the others', async () => {
  const store = new SqliteStore({ path: ':memory:' });
  const inbox = 'd'.repeat(64);
  const results = await Promise.allSettled([
    store.insertGroupMessages([message(group(3), 'first')]),
    store.appendIdentityUpdate(inbox, Buffer.from('refused'), () => {
      throw new Error('refused');
    }),
    store.insertGroupMessages([message(group(3), 'second')]),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  const stored = await store.queryGroupMessages(group(3), ascending);
  assert.deepEqual(
    stored.map((m) => Buffer.from(m.data).toString()),
    ['first', 'second'],
  );
  assert.deepEqual(await store.identityUpdates(inbox, 0n), []);
  await store.close();
});
