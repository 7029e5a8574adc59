import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { MintedEvent } from '@ticketchat/chat/node';
import { refundTicket } from '@ticketchat/contracts';
import { eventually } from '@ticketchat/test-support';
import { startPostgres, type TestPostgres } from '@ticketchat/test-support/postgres';
import pg from 'pg';
import { generatePrivateKey } from 'viem/accounts';
import {
  agentConfig,
  buy,
  membersOf,
  membershipChangesPerInbox,
  mintEvent,
  newWallet,
  startTestStack,
  xmtpOf,
  type ChatClient,
  type TestStack,
  type Wallet,
} from './fixtures/agentStack.ts';
import { spawnAgent, type AgentProcess } from './fixtures/spawnAgent.ts';

// Two agent processes on one Postgres (each its own XMTP identity and data directory), three events
// minted with both as admins, and purchases and refunds streaming in while one agent is killed,
// restarted, cut off from Postgres, and paused.
const LEASE_TTL_MS = 3_000;

let stack: TestStack;
let postgres: TestPostgres;
let admin: pg.Client;
const agents: AgentProcess[] = [];

before(async () => {
  stack = await startTestStack();
  postgres = await startPostgres();
  admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
});
after(async () => {
  for (const agent of agents) if (agent.child.exitCode === null && agent.child.signalCode === null) agent.child.kill('SIGKILL');
  await admin?.end();
  await postgres?.stop();
  await stack?.stop();
});

interface Buyer {
  wallet: Wallet;
  inboxId: string;
  event: MintedEvent;
  ticketId?: bigint;
}

test('two agents on one Postgres under purchases and refunds: one killed, restarted, cut off, paused; members equal holders, no inbox added or removed twice', async () => {
  // Agent A connects as a role of its own, so the test can cut it off from Postgres alone.
  const roleA = `agent_a_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE ROLE ${roleA} LOGIN SUPERUSER`);
  const urlA = new URL(postgres.url);
  urlA.username = roleA;
  const keyA = generatePrivateKey();
  const configOf = (name: string, walletKey: `0x${string}`, database: string) =>
    // No scheduled look-ups of buyers without an XMTP identity: only a join request brings the late one in.
    agentConfig(stack, {
      name,
      walletKey,
      database,
      leaseTtlMs: LEASE_TTL_MS,
      batch: { maxSize: 3, maxWaitMs: 50 },
      pendingRetryMs: 3_600_000,
    });
  const agentB = await spawnAgent(configOf('b', generatePrivateKey(), postgres.url));
  // A dies right after its first commit reached the network, before its ledger recorded it.
  let agentA = await spawnAgent(configOf('a', keyA, urlA.toString()), { crashAfterCommits: 1 });
  agents.push(agentB, agentA);

  const events = [
    await mintEvent(stack, [agentA, agentB], 'Replica one'),
    await mintEvent(stack, [agentA, agentB], 'Replica two'),
    await mintEvent(stack, [agentA, agentB], 'Replica three'),
  ];
  const eventIds = events.map((event) => event.eventId.toString()).sort();
  const held = async (agent: AgentProcess) => (await agent.status()).replica?.events ?? [];
  await eventually('every event managed, each held by exactly one agent', async () => {
    const [statusA, statusB] = [await agentA.status(), await agentB.status()];
    const holdings = [...(statusA.replica?.events ?? []), ...(statusB.replica?.events ?? [])].sort();
    return statusB.events.filter((event) => event.state === 'managed').length === 3 && holdings.join() === eventIds.join();
  });
  assert.ok((await held(agentA)).length >= 1 && (await held(agentB)).length >= 1, 'the events are shared between the agents');

  const creatorInbox = (await stack.xmtp(1)).inboxId;
  const buyers: Buyer[] = [];
  const refunded: Buyer[] = [];
  const newBuyer = async (event: MintedEvent): Promise<Buyer> => {
    const wallet = await newWallet(stack);
    const buyer = { wallet, inboxId: (await xmtpOf(stack, wallet)).inboxId, event };
    buyers.push(buyer);
    return buyer;
  };
  const purchase = async (buyer: Buyer) => {
    buyer.ticketId = await buy(stack, buyer.wallet, buyer.event);
  };
  const refund = async (buyer: Buyer) => {
    await refundTicket(buyer.wallet.clients, { kiosk: stack.deployment.kiosk, ticketId: buyer.ticketId! });
    refunded.push(buyer);
  };
  /** Every group's members are its holders plus the creator and both agents; nobody was added or removed twice. */
  const assertExact = async (when: string) => {
    for (const event of events) {
      const holders = buyers.filter((buyer) => buyer.event === event && buyer.ticketId !== undefined && !refunded.includes(buyer));
      const expected = new Set([...holders.map((buyer) => buyer.inboxId), creatorInbox, agentA.inboxId, agentB.inboxId]);
      await eventually(`${when}: event ${event.eventId}'s members equal its holders`, async () => {
        const members = await membersOf(stack, event.groupId);
        return members.size === expected.size && [...expected].every((inbox) => members.has(inbox));
      });
      const { added, removed } = await membershipChangesPerInbox(stack, event.groupId);
      for (const buyer of buyers.filter((buyer) => buyer.event === event && buyer.ticketId !== undefined)) {
        const [additions, removals] = [added.get(buyer.inboxId) ?? 0, removed.get(buyer.inboxId) ?? 0];
        if (!refunded.includes(buyer)) assert.equal(additions, 1, `${when}: holder ${buyer.inboxId} added exactly once`);
        // A refund the agent saw before adding the buyer leaves no trace at all.
        else
          assert.ok(additions <= 1 && removals === additions, `${when}: refunded ${buyer.inboxId} added ${additions}, removed ${removals}`);
        assert.ok(removals <= 1, `${when}: ${buyer.inboxId} removed at most once`);
      }
    }
  };

  // A stream of purchases and refunds across the events; A is killed in the middle of it.
  const wave = await Promise.all(Array.from({ length: 9 }, (_, index) => newBuyer(events[index % 3]!)));
  for (const buyer of wave.slice(0, 6)) await purchase(buyer);
  await refund(wave[0]!);
  // A holds events that were just bought: it kills itself at its first commit (killed here if that takes too long).
  await Promise.race([agentA.exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  if (agentA.child.exitCode === null && agentA.child.signalCode === null) agentA.child.kill('SIGKILL');
  const [, signal] = await agentA.exited;
  assert.equal(signal, 'SIGKILL');
  for (const buyer of wave.slice(6)) await purchase(buyer);
  await refund(wave[1]!);
  await eventually('B took over every event and the chain', async () => {
    const status = await agentB.status();
    return status.replica?.chain === true && status.replica.events.join() === eventIds.join();
  });
  await assertExact('after the kill');

  // A restarts (same identity and data directory): it takes a share back, with nothing done twice.
  agentA = await spawnAgent(configOf('a', keyA, urlA.toString()));
  agents.push(agentA);
  await eventually('the restarted agent holds events again', async () => (await held(agentA)).length >= 1);
  await eventually('B handed them back', async () => (await held(agentB)).length <= 2);
  for (const event of events) await purchase(await newBuyer(event));
  await refund(wave[2]!);
  await assertExact('after the restart');

  // A is cut off from Postgres (its connections dropped, no new ones allowed): it stops acting, B takes over.
  await admin.query(`ALTER ROLE ${roleA} NOLOGIN`);
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [roleA]);
  await eventually('B holds every event while A is cut off', async () => (await held(agentB)).join() === eventIds.join());
  for (const event of events) await purchase(await newBuyer(event));
  await refund(wave[3]!);
  await assertExact('while A is cut off');

  // A reaches Postgres again: it holds a share again once it renewed, and settles before acting.
  await admin.query(`ALTER ROLE ${roleA} LOGIN`);
  await eventually('A holds events again', async () => (await held(agentA)).length >= 1);
  for (const event of events) await purchase(await newBuyer(event));
  await refund(wave[4]!);
  await assertExact('after A came back');

  // A is paused (not dead: its connections stay open) past its leases: B takes over; A, resumed,
  // acts on nothing until it holds events again.
  agentA.child.kill('SIGSTOP');
  await eventually('B holds every event while A is paused', async () => (await held(agentB)).join() === eventIds.join());
  for (const event of events) await purchase(await newBuyer(event));
  agentA.child.kill('SIGCONT');
  await refund(wave[5]!);
  await assertExact('after A was paused');
  await eventually('A holds events again after its pause', async () => (await held(agentA)).length >= 1);
  for (const event of events) await purchase(await newBuyer(event));
  await assertExact('after A resumed');

  // A buyer who registers on XMTP after buying asks the agent that does NOT hold the event to let
  // them in: it checks the ticket and records it, the holder (woken by NOTIFY) adds them.
  const late = await newWallet(stack);
  const lateBuyer: Buyer = { wallet: late, inboxId: '', event: events[0]! };
  await purchase(lateBuyer);
  const holderOfFirst = (await held(agentA)).includes(events[0]!.eventId.toString()) ? agentA : agentB;
  const other = holderOfFirst === agentA ? agentB : agentA;
  await eventually('the late buyer waits for an XMTP identity', async () =>
    (await holderOfFirst.status()).pending.some((entry) => entry.address === late.account.address.toLowerCase()),
  );
  const lateClient = await xmtpOf(stack, late);
  lateBuyer.inboxId = lateClient.inboxId;
  buyers.push(lateBuyer);
  assert.match(await answerOf(lateClient, other.inboxId, `join ${events[0]!.eventId}`), /within seconds/);
  await assertExact('after a join asked of the agent not holding the event');

  for (const agent of [agentA, agentB]) {
    agent.child.kill('SIGTERM');
    assert.deepEqual(await agent.exited, [0, null], 'stopped cleanly, leases handed back');
  }
});

/** Sends `text` to the agent by DM; resolves with the first message the agent sends back. */
async function answerOf(client: ChatClient, agentInboxId: string, text: string): Promise<string> {
  let answered!: (text: string) => void;
  const answer = new Promise<string>((resolve) => (answered = resolve));
  const stream = await client.conversations.streamAllDmMessages({
    onValue: (message) => message.senderInboxId === agentInboxId && answered(String(message.content)),
  });
  try {
    await (await client.conversations.createDm(agentInboxId)).sendText(text);
    return await answer;
  } finally {
    await stream.end();
  }
}
