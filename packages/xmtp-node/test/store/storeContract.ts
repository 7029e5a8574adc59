/**
 * The storage contract (src/store/types.ts), as one suite every backend runs: sqliteStore.test.ts
 * and postgresStore.test.ts call `storeContract` with a way to open their backend.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { NodeStore, StoredIdentityUpdate } from '../../src/store/types.ts';

/**
 * Gives a test a fresh, empty database (removed after the test) and returns how to open a store
 * on it; every call opens another store on the same database, as another replica (or a restart).
 */
export type StoreOpener = (t: TestContext) => Promise<() => Promise<NodeStore>>;

const group = (n: number) => new Uint8Array(16).fill(n);
const message = (groupId: Uint8Array, text: string) => ({
  groupId,
  data: Buffer.from(text),
  senderHmac: new Uint8Array(),
  shouldPush: true,
  isCommit: false,
});
const welcome = (installationKey: Uint8Array, text: string) => ({
  kind: 'v1' as const,
  installationKey,
  data: Buffer.from(text),
  hpkePublicKey: Buffer.from('hpke'),
  wrapperAlgorithm: 1,
  welcomeMetadata: new Uint8Array(),
});
const ascending = { direction: 'ascending' as const, limit: 100, cursor: 0n };
const text = (data: Uint8Array) => Buffer.from(data).toString();

function assertIncreasing(ids: bigint[], what: string): void {
  assert.ok(ids[0]! > 0n, `${what}: ids are > 0`);
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i]! > ids[i - 1]!, `${what}: ids strictly increase (${ids.join(', ')})`);
}

export function storeContract(backend: string, openStore: StoreOpener): void {
  /** A store on a fresh database, closed after the test, and a way to open more on that database. */
  const setUp = async (t: TestContext) => {
    const open = await openStore(t);
    const opened: NodeStore[] = [];
    t.after(() => Promise.all(opened.map((store) => store.close())));
    const openAnother = async () => {
      const store = await open();
      opened.push(store);
      return store;
    };
    return { store: await openAnother(), openAnother };
  };

  test(`${backend}: ids grow per topic, duplicates are skipped, pages honour cursors both ways`, async (t) => {
    const { store } = await setUp(t);
    const first = await store.insertGroupMessages([message(group(1), 'a'), message(group(2), 'x'), message(group(1), 'b')]);
    assertIncreasing(
      first.map((m) => m.id),
      'one batch',
    );
    assert.ok(first[0]!.createdNs < first[2]!.createdNs);
    assert.deepEqual(await store.insertGroupMessages([message(group(1), 'a')]), [], 'a retried publish is a no-op');

    const all = await store.queryGroupMessages(group(1), ascending);
    assert.deepEqual(
      all.map((m) => text(m.data)),
      ['a', 'b'],
    );
    assert.equal(all[0]!.shouldPush, true);
    assert.equal(all[0]!.isCommit, false);
    const after = await store.queryGroupMessages(group(1), { ...ascending, cursor: first[0]!.id });
    assert.deepEqual(
      after.map((m) => m.id),
      [first[2]!.id],
    );
    const newestFirst = await store.queryGroupMessages(group(1), { direction: 'descending', limit: 1, cursor: 0n });
    assert.deepEqual(
      newestFirst.map((m) => m.id),
      [first[2]!.id],
    );
    const before = await store.queryGroupMessages(group(1), { direction: 'descending', limit: 10, cursor: first[2]!.id });
    assert.deepEqual(
      before.map((m) => m.id),
      [first[0]!.id],
    );
    assert.equal((await store.newestGroupMessage(group(2)))?.id, first[1]!.id);
    assert.equal(await store.newestGroupMessage(group(9)), undefined);
  });

  test(`${backend}: welcomes page per installation and a repeated welcome is a no-op`, async (t) => {
    const { store } = await setUp(t);
    const stored = await store.insertWelcomes([welcome(group(4), 'w1'), welcome(group(5), 'other'), welcome(group(4), 'w2')]);
    assert.equal(stored.length, 3);
    assert.deepEqual(await store.insertWelcomes([welcome(group(4), 'w1')]), []);
    const page = await store.queryWelcomes(group(4), ascending);
    assert.deepEqual(
      page.map((w) => [text(w.data), w.kind, w.wrapperAlgorithm, text(w.hpkePublicKey)]),
      [
        ['w1', 'v1', 1, 'hpke'],
        ['w2', 'v1', 1, 'hpke'],
      ],
    );
    assertIncreasing(
      page.map((w) => w.id),
      'welcomes',
    );
  });

  test(`${backend}: maxBytes ends a page after the item that passes it, in every paged table`, async (t) => {
    const { store } = await setUp(t);
    const payload = (n: number) => Buffer.alloc(100, n);
    await store.insertGroupMessages([1, 2, 3, 4].map((n) => ({ ...message(group(6), ''), data: payload(n) })));
    await store.insertWelcomes([1, 2, 3, 4].map((n) => ({ ...welcome(group(6), ''), data: payload(n) })));
    await store.insertCommitLogEntries([1, 2, 3, 4].map((n) => ({ groupId: group(6), entry: payload(n), signature: Buffer.from('sig') })));
    const page = { ...ascending, maxBytes: 150 };
    const messages = await store.queryGroupMessages(group(6), page);
    assert.deepEqual(
      messages.map((m) => m.data[0]),
      [1, 2],
    );
    const welcomes = await store.queryWelcomes(group(6), { ...page, direction: 'descending' });
    assert.deepEqual(
      welcomes.map((w) => w.data[0]),
      [4, 3],
    );
    const entries = await store.queryCommitLog(group(6), {
      ...page,
      cursor: (await store.queryCommitLog(group(6), ascending))[0]!.sequenceId,
    });
    assert.deepEqual(
      entries.map((e) => e.entry[0]),
      [2, 3],
    );
    assert.equal(text(entries[0]!.signature), 'sig');
    assert.equal((await store.queryGroupMessages(group(6), { ...ascending, maxBytes: 1000 })).length, 4, 'a page under the limit is whole');
  });

  test(`${backend}: the address index follows links and revocations; the data survives reopening`, async (t) => {
    const { store, openAnother } = await setUp(t);
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

    const reopened = await openAnother();
    assert.equal(await reopened.inboxIdForAddress('0xabc'), inboxB);
    const log = await reopened.identityUpdates(inboxA, 0n);
    assert.deepEqual(
      log.map((u) => text(u.update)),
      ['u1', 'u2'],
    );
    assertIncreasing(
      log.map((u) => u.sequenceId),
      'identity log',
    );
    assert.ok(log[0]!.serverTimestampNs < log[1]!.serverTimestampNs);
    assert.deepEqual(
      (await reopened.identityUpdates(inboxA, log[0]!.sequenceId)).map((u) => text(u.update)),
      ['u2'],
    );
    const [latest, missing] = await reopened.fetchKeyPackages([group(7), group(8)]);
    assert.equal(text(latest!), 'kp-2');
    assert.equal(missing, undefined);
  });

  test(`${backend}: a failed validation leaves the log unchanged`, async (t) => {
    const { store } = await setUp(t);
    await assert.rejects(
      store.appendIdentityUpdate('c'.repeat(64), Buffer.from('bad'), () => {
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.deepEqual(await store.identityUpdates('c'.repeat(64), 0n), []);
  });

  test(`${backend}: writes requested together commit together, and one failing write does not undo the others`, async (t) => {
    const { store } = await setUp(t);
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
      stored.map((m) => text(m.data)),
      ['first', 'second'],
    );
    assert.deepEqual(await store.identityUpdates(inbox, 0n), []);
  });

  test(`${backend}: two replicas writing one topic at once never show a reader an id below one it has passed`, async (t) => {
    const { store: replicaA, openAnother } = await setUp(t);
    const replicaB = await openAnother();
    const topic = group(11);
    const writers = [replicaA, replicaB, replicaA, replicaB].map(async (replica, writer) => {
      for (let i = 0; i < 25; i++) await replica.insertGroupMessages([message(topic, `w${writer}-${i}`)]);
    });
    let writing = true;
    const allWritten = Promise.all(writers).finally(() => (writing = false));

    // A client paging by cursor while the writes land: whatever it skips now, it never gets.
    const seen: string[] = [];
    let cursor = 0n;
    for (;;) {
      const stillWriting = writing;
      const page = await replicaB.queryGroupMessages(topic, { ...ascending, limit: 7, cursor });
      for (const item of page) {
        assert.ok(item.id > cursor);
        cursor = item.id;
        seen.push(text(item.data));
      }
      if (page.length === 0 && !stillWriting) break;
      // SQLite reads never leave the event loop: let the writers' queued commits run.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await allWritten;
    assert.equal(seen.length, 100, 'the reader saw every message exactly once');
    assert.equal(new Set(seen).size, 100);
    for (let writer = 0; writer < 4; writer++) {
      const own = seen.filter((s) => s.startsWith(`w${writer}-`));
      assert.deepEqual(
        own,
        own.map((_, i) => `w${writer}-${i}`),
        'each writer’s messages in the order it wrote them',
      );
    }
  });

  test(`${backend}: concurrent identity updates on two replicas each validate against the whole log before them`, async (t) => {
    const { store: replicaA, openAnother } = await setUp(t);
    const replicaB = await openAnother();
    const inbox = 'e'.repeat(64);
    const seenBefore: number[] = [];
    const validate = (prior: StoredIdentityUpdate[]) => {
      seenBefore.push(prior.length);
      return { linked: [], unlinked: [] };
    };
    const appended = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? replicaA : replicaB).appendIdentityUpdate(inbox, Buffer.from(`u${i}`), validate)),
    );
    assert.deepEqual(
      [...seenBefore].sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i),
      'no two appends validated against the same log',
    );
    const log = await replicaA.identityUpdates(inbox, 0n);
    assertIncreasing(
      log.map((u) => u.sequenceId),
      'identity log',
    );
    assert.deepEqual(new Set(log.map((u) => u.sequenceId)), new Set(appended.map((u) => u.sequenceId)));
  });
}
