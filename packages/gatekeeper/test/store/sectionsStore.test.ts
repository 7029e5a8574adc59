import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Address, Hash } from 'viem';
import { SqliteAgentStore } from '../../src/store/sqliteAgentStore.ts';

// What the sections add to the AgentStore contract, on the SQLite store (a Postgres store must pass the same).
const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const tx = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hash;
const layout = { groupIds: ['aa', 'bb', 'cc'], seats: 2, staff: [address(99)] };

test('a section layout is kept per event; seats survive the same layout recorded again and are dropped by another', async () => {
  const store = new SqliteAgentStore(':memory:');
  assert.equal(await store.sectionLayout(1n), undefined);
  await store.setSectionLayout(1n, layout);
  assert.deepEqual(await store.sectionLayout(1n), layout);

  await store.updateSeats(
    1n,
    new Map([
      ['inbox-a', 0],
      ['inbox-b', 2],
    ]),
    [],
  );
  await store.updateSeats(1n, new Map([['inbox-c', 1]]), ['inbox-a']);
  assert.deepEqual(
    await store.seats(1n),
    new Map([
      ['inbox-b', 2],
      ['inbox-c', 1],
    ]),
  );
  assert.equal((await store.seats(2n)).size, 0, 'seats are per event');

  await store.setSectionLayout(1n, layout);
  assert.equal((await store.seats(1n)).size, 2, 'the same layout again (a second adoption pass) keeps every seat');
  await store.setSectionLayout(1n, { ...layout, groupIds: ['dd', 'ee'] });
  assert.equal((await store.seats(1n)).size, 0, 'sections of another layout: everyone is seated afresh');
  await store.updateSeats(1n, new Map([['inbox-a', 1]]), []);
  await store.setSectionLayout(1n, undefined);
  assert.equal(await store.sectionLayout(1n), undefined);
  assert.equal((await store.seats(1n)).size, 0);
  await store.close();
});

test('purchases: everyone who bought in a transaction with the given addresses, per event, recorded once', async () => {
  const store = new SqliteAgentStore(':memory:');
  const purchase = (eventId: bigint, buyer: number, hash: number) =>
    ({ kind: 'purchase', eventId, address: address(buyer), transactionHash: tx(hash) }) as const;
  await store.record([
    purchase(1n, 1, 10),
    purchase(1n, 2, 10),
    purchase(1n, 3, 11),
    purchase(1n, 1, 12),
    purchase(2n, 4, 10),
    purchase(1n, 0xab, 13),
  ]);
  await store.record([purchase(1n, 2, 10)]); // the same log read again (a reorg re-read)
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
  await store.close();
});
