/**
 * The agent store's contract (src/store/agentStore.ts), as one suite both backends run:
 * sqliteAgentStore.test.ts and postgresAgentStore.test.ts call `agentStoreContract` with a way to
 * open theirs.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { Address, Hash } from 'viem';
import type { AgentStore, StoreChange } from '../../src/store/agentStore.ts';

/**
 * Gives a test a fresh, empty database (removed after the test) and returns how to open a store
 * on it; every call opens another store on the same database (a restart, or another replica).
 */
export type AgentStoreOpener = (t: TestContext) => Promise<() => Promise<AgentStore>>;

const alice = '0x00000000000000000000000000000000000a11ce' as Address;
const bob = '0x0000000000000000000000000000000000000b0b' as Address;
const creator = '0x00000000000000000000000000000000000C0FFE' as Address;
const touch = (eventId: bigint, address: Address, block: bigint, firstSeen: string): StoreChange => ({
  kind: 'holder-touched',
  eventId,
  address,
  block,
  firstSeen,
});

export function agentStoreContract(backend: string, openStore: AgentStoreOpener): void {
  /** A store on a fresh database, and a way to open more on it; each is closed after the test. */
  const setUp = async (t: TestContext) => {
    const openOnDatabase = await openStore(t);
    const openAnother = async () => {
      const store = await openOnDatabase();
      t.after(() => store.close());
      return store;
    };
    return { store: await openAnother(), openAnother };
  };

  test(`${backend}: logs and their checkpoint are recorded together, and survive a reopen`, async (t) => {
    const { store, openAnother } = await setUp(t);
    assert.equal(await store.checkpoint(), undefined);
    await store.record([{ kind: 'event-created', eventId: 7n, creator, groupId: 'group-a' }, touch(7n, alice, 10n, '000010')], {
      blockNumber: 10n,
      logIndex: 3,
    });
    // A batch that fails half-way leaves nothing behind, the checkpoint included.
    const broken = { kind: 'holder-touched', eventId: 7n, address: null, block: 11n, firstSeen: 'x' } as unknown as StoreChange;
    await assert.rejects(store.record([touch(7n, bob, 11n, '000011'), broken], { blockNumber: 11n, logIndex: 0 }));
    const again = await openAnother();
    assert.deepEqual(await again.checkpoint(), { blockNumber: 10n, logIndex: 3 });
    assert.deepEqual(await again.holderAddresses(7n), [alice]);
    assert.deepEqual(await again.events(), [
      { eventId: 7n, creator: creator.toLowerCase(), groupId: 'group-a', state: 'awaiting-group', note: null, fullSync: true },
    ]);
  });

  test(`${backend}: an event's life: adopted, full sync requested and cleared, group changed, event ids past 2^64`, async (t) => {
    const { store } = await setUp(t);
    const huge = 2n ** 200n + 1n;
    await store.record([
      { kind: 'event-created', eventId: 2n, creator, groupId: 'g2' },
      { kind: 'event-created', eventId: huge, creator, groupId: 'gh' },
      { kind: 'event-created', eventId: 2n, creator, groupId: 'ignored: already known' },
    ]);
    await store.setEventState(2n, 'g2', 'managed', null);
    await store.setEventState(2n, 'stale-group', 'awaiting-group', 'not this group');
    await store.clearFullSync(2n);
    assert.deepEqual(
      (await store.events()).map((event) => [event.eventId, event.groupId, event.state, event.fullSync]),
      [
        [2n, 'g2', 'managed', false],
        [huge, 'gh', 'awaiting-group', true],
      ],
    );
    await store.record([{ kind: 'full-sync', eventId: 2n }]);
    assert.equal((await store.event(2n))?.fullSync, true);
    await store.clearFullSync(2n);
    await store.requestFullSync(2n);
    assert.equal((await store.event(2n))?.fullSync, true);
    await store.record([{ kind: 'group-changed', eventId: 2n, groupId: 'g2-new' }]);
    assert.deepEqual(await store.event(2n), {
      eventId: 2n,
      creator: creator.toLowerCase(),
      groupId: 'g2-new',
      state: 'awaiting-group',
      note: null,
      fullSync: true,
    });
    assert.equal(await store.event(3n), undefined);
  });

  test(`${backend}: dirty marks: a change during a sync keeps its mark; arrival order is kept`, async (t) => {
    const { store } = await setUp(t);
    await store.record([touch(1n, bob, 5n, '000005'), touch(1n, alice, 6n, '000006'), touch(9n, alice, 6n, '000006')]);
    assert.deepEqual((await store.dirtyEventIds()).sort(), [1n, 9n]);
    const dirty = await store.dirtyHolders(1n);
    assert.deepEqual(
      dirty.map((holder) => [holder.address, holder.block]),
      [
        [bob, 5n],
        [alice, 6n],
      ],
    );
    // Alice is touched again while the sync of the first marks runs: clearing them keeps hers.
    await store.record([touch(1n, alice, 8n, '000008')]);
    await store.clearDirty(1n, [bob, alice], Math.max(...dirty.map((holder) => holder.seq)));
    assert.deepEqual(
      (await store.dirtyHolders(1n)).map((holder) => [holder.address, holder.block]),
      [[alice, 8n]],
    );
    const firstSeen = await store.firstSeen(1n);
    assert.deepEqual([firstSeen.get(alice), firstSeen.get(bob)], ['000006', '000005'], 'the first log, not the latest');
    assert.deepEqual(await store.holderAddresses(1n), [bob, alice], 'ordered by first log');
    // A touch without a log (the owner registered on XMTP) has block 0: never deferred; the first log's arrival stays.
    await store.clearDirty(1n, [alice], Number.MAX_SAFE_INTEGER);
    await store.record([touch(1n, bob, 0n, '~1')]);
    assert.deepEqual(
      (await store.dirtyHolders(1n)).map((holder) => [holder.address, holder.block]),
      [[bob, 0n]],
    );
    assert.equal((await store.firstSeen(1n)).get(bob), '000005');
  });

  test(`${backend}: an intent is open until closed; closing moves the ledger; members can be forgotten`, async (t) => {
    const { store, openAnother } = await setUp(t);
    const add = await store.openIntent(4n, 'g4', 'add', ['inbox-a', 'inbox-b', 'inbox-c']);
    // A crash here: a restart finds the intent and settles it with what landed.
    const restarted = await openAnother();
    assert.deepEqual(await restarted.openIntents(), [
      { id: add, eventId: 4n, groupId: 'g4', action: 'add', inboxIds: ['inbox-a', 'inbox-b', 'inbox-c'] },
    ]);
    await restarted.closeIntent(add, 'g4', 'add', ['inbox-a', 'inbox-b']);
    assert.deepEqual(await store.openIntents(), []);
    assert.deepEqual([...(await store.ledger('g4'))].sort(), ['inbox-a', 'inbox-b']);
    const remove = await store.openIntent(4n, 'g4', 'remove', ['inbox-a']);
    assert.ok(remove > add, 'intent ids grow');
    await store.closeIntent(remove, 'g4', 'remove', ['inbox-a']);
    await store.closeIntent(remove, 'g4', 'remove', ['inbox-a']); // closing twice changes nothing
    await store.forgetMembers('g4', ['inbox-b', 'never-added']);
    assert.deepEqual([...(await store.ledger('g4'))], []);
    assert.deepEqual([...(await store.ledger('other'))], []);
  });

  test(`${backend}: pending holders are counted per attempt and leave when found`, async (t) => {
    const { store } = await setUp(t);
    await store.setPending(3n, alice, true);
    await store.setPending(3n, alice, true);
    await store.setPending(3n, bob, true);
    const pending = await store.pending();
    assert.deepEqual(
      pending.map((entry) => [entry.eventId, entry.address, entry.attempts]),
      [
        [3n, alice, 1],
        [3n, bob, 0],
      ],
    );
    await store.setPending(3n, alice, false);
    await store.setPending(3n, alice, false);
    assert.deepEqual(
      (await store.pending()).map((entry) => entry.address),
      [bob],
    );
  });

  test(`${backend}: two stores on one database writing at once: every mark numbered apart, none lost`, async (t) => {
    const { store, openAnother } = await setUp(t);
    const other = await openAnother();
    const addresses = Array.from({ length: 40 }, (_, index) => `0x${(index + 1).toString(16).padStart(40, '0')}` as Address);
    await Promise.all(
      addresses.map((address, index) => (index % 2 === 0 ? store : other).record([touch(5n, address, 1n, String(index).padStart(6, '0'))])),
    );
    const dirty = await store.dirtyHolders(5n);
    assert.equal(dirty.length, addresses.length);
    assert.equal(new Set(dirty.map((holder) => holder.seq)).size, addresses.length, 'no two marks share a number');
  });

  // Sections (src/sections/): layouts, seats, purchases by transaction.
  const layout = { groupIds: ['aa', 'bb', 'cc'], seats: 2, staff: [bob] };

  test(`${backend}: a section layout is kept per event; seats survive the same layout recorded again and are dropped by another`, async (t) => {
    const { store, openAnother } = await setUp(t);
    assert.equal(await store.sectionLayout(1n), undefined);
    await store.setSectionLayout(1n, layout);
    assert.deepEqual(await (await openAnother()).sectionLayout(1n), layout);

    await store.updateSeats(
      1n,
      new Map([
        ['inbox-a', 0],
        ['inbox-b', 2],
      ]),
      [],
    );
    await store.updateSeats(1n, new Map([['inbox-c', 1]]), ['inbox-a']);
    const seated = new Map([
      ['inbox-b', 2],
      ['inbox-c', 1],
    ]);
    assert.deepEqual(await store.seats(1n), seated);
    assert.equal((await store.seats(2n)).size, 0, 'seats are per event');

    await store.setSectionLayout(1n, layout);
    assert.deepEqual(await store.seats(1n), seated, 'the same layout again (a second adoption pass) keeps every seat');
    await store.setSectionLayout(1n, { ...layout, groupIds: ['dd', 'ee'] });
    assert.equal((await store.seats(1n)).size, 0, 'sections of another layout: everyone is seated afresh');
    await store.updateSeats(1n, new Map([['inbox-a', 1]]), []);
    await store.setSectionLayout(1n, undefined);
    assert.equal(await store.sectionLayout(1n), undefined);
    assert.equal((await store.seats(1n)).size, 0);
  });

  test(`${backend}: purchases: everyone who bought in a transaction with the given addresses, per event, recorded once`, async (t) => {
    const { store } = await setUp(t);
    const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
    const tx = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hash;
    const purchase = (eventId: bigint, buyer: number, hash: number): StoreChange => ({
      kind: 'purchase',
      eventId,
      address: address(buyer),
      transactionHash: tx(hash),
    });
    await store.record([purchase(1n, 1, 10), purchase(1n, 2, 10), purchase(1n, 3, 11), purchase(1n, 1, 12), purchase(2n, 4, 10)]);
    await store.record([purchase(1n, 2, 10), purchase(1n, 0xab, 13)]); // the first read again, as after a reorg
    assert.deepEqual(await store.purchasesTogether(1n, [address(2)]), [
      { transactionHash: tx(10), address: address(1) },
      { transactionHash: tx(10), address: address(2) },
    ]);
    assert.deepEqual(
      (await store.purchasesTogether(1n, [address(1)])).map((row) => row.transactionHash),
      [tx(10), tx(10), tx(12)],
    );
    assert.deepEqual(
      await store.purchasesTogether(1n, [`0x${'0'.repeat(38)}AB`]),
      [{ transactionHash: tx(13), address: address(0xab) }],
      'addresses in any case',
    );
    assert.deepEqual(await store.purchasesTogether(1n, []), []);
    assert.deepEqual(await store.purchasesTogether(3n, [address(1)]), []);
  });
}
