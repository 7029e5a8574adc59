import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { eventually } from '@ticketchat/test-support';
import { startPostgres } from '@ticketchat/test-support/postgres';
import type { Address } from 'viem';
import { LeaseKeeper } from '../../src/replicas/leaseKeeper.ts';
import { PostgresAgentStore } from '../../src/store/postgresAgentStore.ts';
import { testLogger } from '../fixtures/agentStack.ts';

// The lease keeping alone, on real Postgres: each "agent" is a store (its own pool) and a keeper.
const TTL_MS = 1_000;
const creator = '0x00000000000000000000000000000000000c0ffe' as Address;

async function setUp(t: TestContext, events: number) {
  const postgres = await startPostgres();
  t.after(() => postgres.stop());
  const agent = async (name: string, options: { failRecovery?: boolean } = {}) => {
    const store = await PostgresAgentStore.open(postgres.url);
    const taken: string[][] = [];
    const ingesting: boolean[] = [];
    const keeper = new LeaseKeeper({
      pool: store.pool,
      owner: name,
      inboxId: `inbox-${name}`,
      ttlMs: TTL_MS,
      logger: testLogger(),
      recover: async () => {
        if (options.failRecovery) throw new Error('the group cannot be read');
      },
      acquired: (eventIds) => taken.push(eventIds.map(String)),
      ingesting: (holds) => ingesting.push(holds),
      busy: () => false,
    });
    t.after(async () => {
      await keeper.stop();
      await store.close();
    });
    return { store, keeper, taken, ingesting };
  };
  const first = await agent('first');
  await first.store.record(
    Array.from({ length: events }, (_, index) => ({
      kind: 'event-created' as const,
      eventId: BigInt(index + 1),
      creator,
      groupId: `group-${index + 1}`,
    })),
  );
  return { first, agent };
}

const heldBy = (keeper: LeaseKeeper) => keeper.describe().events;

test('agents share the events fairly, each held by one of them, and one follows the chain', async (t) => {
  const { first, agent } = await setUp(t, 4);
  await first.keeper.start();
  await eventually('alone, it holds everything', async () => heldBy(first.keeper).join() === '1,2,3,4');
  assert.equal(first.keeper.ingests(), true);
  const second = await agent('second');
  await second.keeper.start();
  await eventually('two events each', async () => heldBy(first.keeper).length === 2 && heldBy(second.keeper).length === 2);
  const all = [...heldBy(first.keeper), ...heldBy(second.keeper)].sort();
  assert.deepEqual(all, ['1', '2', '3', '4'], 'every event held, none by both');
  assert.equal(second.keeper.ingests(), false, 'the chain stays with its follower');
  for (const id of all) assert.equal(first.keeper.holds(BigInt(id)) !== second.keeper.holds(BigInt(id)), true);
  // A new event is claimed by whoever renews first; a wake for it pokes the claim at once.
  await first.store.record([{ kind: 'event-created', eventId: 5n, creator, groupId: 'group-5' }]);
  assert.equal(first.keeper.knows(5n), false);
  await Promise.all([first.keeper.poke(), second.keeper.poke()]);
  await eventually('the new event held', async () => first.keeper.holds(5n) || second.keeper.holds(5n));
});

test('a dead agent (its connections gone) stops trusting its leases, and the other takes over', async (t) => {
  const { first, agent } = await setUp(t, 2);
  await first.keeper.start();
  const second = await agent('second');
  await second.keeper.start();
  await eventually('shared', async () => heldBy(first.keeper).length === 1 && heldBy(second.keeper).length === 1);
  // The first agent loses Postgres: its pool is gone, so every renewal fails.
  await first.store.close();
  await eventually('the cut-off agent acts on nothing', async () => heldBy(first.keeper).length === 0 && !first.keeper.ingests());
  assert.equal(first.keeper.holds(1n) || first.keeper.holds(2n), false);
  await eventually('the other holds both and follows the chain', async () => heldBy(second.keeper).length === 2 && second.keeper.ingests());
  assert.ok(second.taken.flat().length >= 2, 'taken over through recovery');
});

test('a clean stop hands the leases back at once; an event whose intents cannot be settled is handed back', async (t) => {
  const { first, agent } = await setUp(t, 2);
  const failing = await agent('failing', { failRecovery: true });
  await failing.keeper.start();
  assert.deepEqual(heldBy(failing.keeper), [], 'it holds nothing it could not settle');
  await first.keeper.start();
  await eventually('the other took them', async () => heldBy(first.keeper).length >= 1);
  await failing.keeper.stop();
  const second = await agent('second');
  await second.keeper.start();
  await eventually('shared with the newcomer', async () => heldBy(second.keeper).length === 1);
  await first.keeper.stop();
  // No waiting for expiry: the second takes the stopped agent's event at its next renewal.
  await second.keeper.poke();
  await eventually('the rest taken', async () => heldBy(second.keeper).join() === '1,2' && second.keeper.ingests());
});
