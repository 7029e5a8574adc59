import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { buyTickets, refundTicket, transferTicket } from '@ticketchat/contracts';
import { eventually } from '@ticketchat/test-support';
import { startPostgres } from '@ticketchat/test-support/postgres';
import type { Group } from '@xmtp/node-sdk';
import { discoverEventRoom, encodeEventBinding, nodeRuntime, type MintedEvent } from '@ticketchat/chat/node';
import { generatePrivateKey } from 'viem/accounts';
import type { Gatekeeper, ManagedEventStatus } from '../src/index.ts';
import { SqliteAgentStore } from '../src/store/sqliteAgentStore.ts';
import { spawnAgent } from './fixtures/spawnAgent.ts';
import {
  agentConfig,
  buy,
  groupSeenBy,
  isMember,
  linkAddress,
  membersOf,
  mintEvent,
  newWallet,
  peakMembers,
  sectionsOf,
  startAgent,
  useAgentStack,
  waitManaged,
  xmtpOf,
  type ChatClient,
  type TestStack,
  type Wallet,
} from './fixtures/agentStack.ts';

// 8 tickets at 2 holders a section: 4 sections. Each group holds the creator, the agent, one staff
// member and at most 2 holders: never more than 5 inboxes.
const SEATS = 2;
const PER_GROUP = SEATS + 3;
const context = useAgentStack({ batch: { maxSize: 50, maxWaitMs: 50 } });

/** A fresh wallet with its XMTP inbox registered (so the agent finds it at once). */
async function holder(stack: TestStack): Promise<{ wallet: Wallet; xmtp: ChatClient }> {
  const wallet = await newWallet(stack);
  return { wallet, xmtp: await xmtpOf(stack, wallet) };
}

/** Resolves with the one section the client sits in, once it sits in exactly one. */
function seatOf(client: ChatClient, event: MintedEvent, what: string): Promise<number> {
  return eventually(what, async () => {
    const inside = await sectionsOf(client, event);
    return inside.length === 1 ? inside[0] : undefined;
  });
}

async function eventStatus(agent: Pick<Gatekeeper, 'status'>, event: MintedEvent): Promise<ManagedEventStatus> {
  return (await agent.status()).events.find((entry) => entry.eventId === event.eventId.toString())!;
}

test('an event in sections: holders spread evenly and kept together, staff everywhere, a transfer and a refund move seats', async () => {
  const { stack, agent } = context;
  const staff = await holder(stack);
  const event = await mintEvent(stack, agent, 'Arena', { capacity: 8, sections: { seats: SEATS, staff: [staff.wallet.account.address] } });
  assert.equal(event.sections.length, 4);
  await waitManaged(agent, event.eventId);
  await eventually('the staff member in every section', async () => (await sectionsOf(staff.xmtp, event)).length === 4);
  const kiosk = stack.deployment.kiosk;

  // Two tickets bought in one transaction (buyFor), for two people: one section.
  const payer = await newWallet(stack);
  const [a1, a2] = [await holder(stack), await holder(stack)];
  await buyTickets(payer.clients, { kiosk, eventId: event.eventId, recipients: [a1.wallet.account.address, a2.wallet.account.address] });
  const pair = [await seatOf(a1.xmtp, event, 'a1 seated'), await seatOf(a2.xmtp, event, 'a2 seated')];
  assert.equal(pair[0], pair[1], 'bought together, seated together');
  // The member's room (the chat library's discovery) is the section the agent seated them in.
  const room = await discoverEventRoom({
    runtime: nodeRuntime,
    client: a1.xmtp,
    publicClient: stack.chainClients(0).publicClient,
    chainId: stack.deployment.chainId,
    registry: stack.deployment.registry,
    eventId: event.eventId,
    metadataStore: stack.metadataStore,
  });
  assert.deepEqual(room.section, { index: pair[0], count: 4 });
  await room.close();

  // One inbox with two addresses, each buying apart: one seat.
  const b = await holder(stack);
  const b2 = await newWallet(stack);
  await linkAddress(b.xmtp, b2);
  await buy(stack, b.wallet, event);
  const b2Ticket = await buy(stack, b2, event);
  const bSection = await seatOf(b.xmtp, event, 'b seated');

  // Three more, one at a time: each into the section with the most free seats.
  const [c, d, e] = [await holder(stack), await holder(stack), await holder(stack)];
  const cTicket = await buy(stack, c.wallet, event);
  const cSection = await seatOf(c.xmtp, event, 'c seated');
  const dTicket = await buy(stack, d.wallet, event);
  const dSection = await seatOf(d.xmtp, event, 'd seated');
  await buy(stack, e.wallet, event);
  await seatOf(e.xmtp, event, 'e seated');
  await agent.idle();
  let status = await eventStatus(agent, event);
  assert.deepEqual(status.sections!.map((section) => section.seats).sort(), [1, 1, 2, 2], 'six holders over four sections of two: evenly');
  assert.notEqual(bSection, pair[0]);
  assert.deepEqual(new Set([pair[0], bSection, cSection, dSection]).size, 4, 'each newcomer took an empty section while there was one');

  // A transfer: the old holder leaves, the new one gets a section with room.
  const g = await holder(stack);
  await transferTicket(c.wallet.clients, { kiosk, ticketId: cTicket, to: g.wallet.account.address });
  const gSection = await seatOf(g.xmtp, event, 'the new holder seated');
  await eventually('the old holder out of every section', async () => (await sectionsOf(c.xmtp, event)).length === 0);
  await agent.idle();
  status = await eventStatus(agent, event);
  assert.ok(status.sections![gSection]!.seats <= SEATS);

  // Fill every seat: f buys; b's second address is refunded (b keeps its seat), so h can buy the last ticket.
  const [f, h] = [await holder(stack), await holder(stack)];
  await buy(stack, f.wallet, event);
  await seatOf(f.xmtp, event, 'f seated');
  await refundTicket(b2.clients, { kiosk, ticketId: b2Ticket });
  await buy(stack, h.wallet, event);
  await seatOf(h.xmtp, event, 'h seated');
  await agent.idle();
  assert.deepEqual(await sectionsOf(b.xmtp, event), [bSection], 'b still holds a ticket through its first address');
  status = await eventStatus(agent, event);
  assert.deepEqual(
    status.sections!.map((section) => section.seats),
    [SEATS, SEATS, SEATS, SEATS],
    'every seat taken',
  );

  // A refund frees its seat, and the next buyer takes exactly that one.
  await refundTicket(d.wallet.clients, { kiosk, ticketId: dTicket });
  await eventually('d out', async () => (await sectionsOf(d.xmtp, event)).length === 0);
  const i = await holder(stack);
  await buy(stack, i.wallet, event);
  assert.equal(await seatOf(i.xmtp, event, 'the next buyer seated'), dSection, 'the freed seat, the only one left');

  await agent.idle();
  status = await eventStatus(agent, event);
  assert.deepEqual(status.waiting, []);
  for (const section of status.sections!) {
    assert.equal(section.members, PER_GROUP, `section ${section.index} full: creator, agent, staff and ${SEATS} holders`);
    assert.ok((await peakMembers(stack, section.groupId)) <= PER_GROUP, `section ${section.index} never held more`);
    assert.ok((await membersOf(stack, section.groupId)).has(staff.xmtp.inboxId));
  }
});

test('killed while running: a section a holder was removed from by hand, and purchases made meanwhile, are repaired on restart; a holder in the wrong section is moved', async () => {
  const { stack } = context;
  const walletKey = generatePrivateKey();
  const options = { walletKey, name: 'sections-crash', batch: { maxSize: 50, maxWaitMs: 50 } };
  const first = await spawnAgent(agentConfig(stack, options), { metadataDirectory: stack.metadataDirectory });
  const event = await mintEvent(stack, { inboxId: first.inboxId }, 'Crash arena', { capacity: 8, sections: { seats: SEATS } });
  await eventually('the event managed by the first agent', async () => (await eventStatus(first, event))?.state === 'managed');
  const [j, k] = [await holder(stack), await holder(stack)];
  await buy(stack, j.wallet, event);
  await buy(stack, k.wallet, event);
  const jSection = await seatOf(j.xmtp, event, 'j seated');
  await seatOf(k.xmtp, event, 'k seated');

  first.child.kill('SIGKILL');
  const [, signal] = await first.exited;
  assert.equal(signal, 'SIGKILL');

  // While the agent is down: the creator takes j out of its section by hand; a pair buys together; l buys.
  const creatorGroup = (await groupSeenBy(await stack.xmtp(1), event.sections[jSection]!.groupId)) as Group<unknown>;
  await creatorGroup.removeMembers([j.xmtp.inboxId]);
  const payer = await newWallet(stack);
  const [m1, m2, l] = [await holder(stack), await holder(stack), await holder(stack)];
  await buyTickets(payer.clients, {
    kiosk: stack.deployment.kiosk,
    eventId: event.eventId,
    recipients: [m1.wallet.account.address, m2.wallet.account.address],
  });
  await buy(stack, l.wallet, event);

  const restarted = await startAgent(stack, options);
  try {
    assert.equal(await seatOf(j.xmtp, event, 'j back in its section'), jSection, 'its seat survived the crash');
    const pair = [await seatOf(m1.xmtp, event, 'm1 seated'), await seatOf(m2.xmtp, event, 'm2 seated')];
    assert.equal(pair[0], pair[1], 'bought together while the agent was down, seated together');
    await seatOf(l.xmtp, event, 'l seated');
    await restarted.idle();
    const status = await eventStatus(restarted, event);
    assert.equal(status.state, 'managed');
    assert.deepEqual(
      status.sections!.map((section) => section.seats).reduce((sum, seats) => sum + seats, 0),
      5,
    );
    for (const section of status.sections!) {
      assert.ok(section.seats <= SEATS);
      assert.ok(
        (await peakMembers(stack, section.groupId)) <= SEATS + 2,
        `section ${section.index} never held more than creator, agent and ${SEATS}`,
      );
    }
  } finally {
    await restarted.stop();
  }

  // The agent's records restored from an older backup disagree with the groups: k's seat names
  // another section (with room) than the one k sits in. Reconciliation moves k: in one section only.
  const kSection = await seatOf(k.xmtp, event, 'k seated');
  const backup = new SqliteAgentStore(join(stack.directory, options.name, 'gatekeeper.db'));
  const taken = [...(await backup.seats(event.eventId)).values()];
  const roomy = event.sections.find(({ index }) => index !== kSection && taken.filter((at) => at === index).length < SEATS)!.index;
  await backup.updateSeats(event.eventId, new Map([[k.xmtp.inboxId, roomy]]), []);
  await backup.close();
  const again = await startAgent(stack, options);
  try {
    await eventually('k moved to the section its record names, and out of the other', async () => {
      const inside = await sectionsOf(k.xmtp, event);
      return inside.length === 1 && inside[0] === roomy;
    });
  } finally {
    await again.stop();
  }
});

test('a section bound to another section number keeps the event unmanaged, with the reason; set right, it is adopted', async () => {
  const { stack } = context;
  const options = { walletKey: generatePrivateKey(), name: 'sections-forged' };
  // The agent's identity exists (the creator names it), but the agent is down while the section is tampered with.
  const identity = await startAgent(stack, options);
  await identity.stop();
  const event = await mintEvent(stack, identity, 'Forged arena', { capacity: 6, sections: { seats: SEATS } });
  const binding = { chainId: stack.deployment.chainId, registry: stack.deployment.registry, eventId: event.eventId };
  const second = event.sections[1]!.group as Group<unknown>;
  await second.updateAppData(encodeEventBinding({ ...binding, section: 2 }));

  const agent = await startAgent(stack, options);
  try {
    const note = await eventually('the forged section refused', async () => {
      const status = await eventStatus(agent, event);
      return status?.note?.startsWith('section 1 (of sections 0 to 2)') ? status.note : undefined;
    });
    assert.match(note, /bound to section 2, not section 1/);
    assert.equal((await eventStatus(agent, event)).state, 'awaiting-group');
    const buyer = await holder(stack);
    await buy(stack, buyer.wallet, event);
    await agent.idle();
    assert.deepEqual(await sectionsOf(buyer.xmtp, event), [], 'nobody is added to an event whose sections do not all verify');

    await second.updateAppData(encodeEventBinding({ ...binding, section: 1 }));
    await waitManaged(agent, event.eventId);
    await seatOf(buyer.xmtp, event, 'the buyer seated once every section verifies');
  } finally {
    await agent.stop();
  }
});

test('the group cap holds in every section: a seated holder past it waits, visibly, and gets in when its section frees room', async () => {
  const { stack } = context;
  // XMTP's cap is 250; the same code path with a cap of 3: creator, agent and one holder per section.
  const capped = await startAgent(stack, { name: 'sections-capped', groupCap: 3 });
  try {
    const event = await mintEvent(stack, capped, 'Capped arena', { capacity: 4, sections: { seats: SEATS } });
    await waitManaged(capped, event.eventId);
    const buyers = [await holder(stack), await holder(stack), await holder(stack), await holder(stack)];
    const tickets: bigint[] = [];
    for (const buyer of buyers) tickets.push(await buy(stack, buyer.wallet, event));
    const waiting = await eventually('two holders waiting at the cap', async () => {
      await capped.idle();
      const status = await eventStatus(capped, event);
      return status.waiting.length === 2 && status.sections!.every((section) => section.members === 3) ? status.waiting : undefined;
    });
    const admitted = buyers.filter((buyer) => !waiting.includes(buyer.xmtp.inboxId));
    assert.equal(admitted.length, 2);
    const perSection = (await eventStatus(capped, event)).sections!.map((section) => section.waiting);
    assert.deepEqual(
      perSection.map((inboxes) => inboxes.length),
      [1, 1],
      'one seated holder waits in each section',
    );
    assert.deepEqual(perSection.flat().sort(), [...waiting].sort());

    const leaving = buyers.indexOf(admitted[0]!);
    const section = await seatOf(admitted[0]!.xmtp, event, 'the leaver seated');
    await refundTicket(buyers[leaving]!.wallet.clients, { kiosk: stack.deployment.kiosk, ticketId: tickets[leaving]! });
    await eventually('the waiting holder seated in that section gets the room', async () => {
      for (const buyer of buyers.filter((one) => waiting.includes(one.xmtp.inboxId)))
        if ((await sectionsOf(buyer.xmtp, event)).includes(section)) return true;
      return false;
    });
    await capped.idle();
    assert.equal((await eventStatus(capped, event)).waiting.length, 1);
    for (const { groupId } of event.sections) assert.ok((await peakMembers(stack, groupId)) <= 3, 'never past the cap in any section');
  } finally {
    await capped.stop();
  }
});

test('metadata from a lying IPFS gateway is refused: the event waits, with the reason, and nobody is added', async () => {
  const { stack } = context;
  // A hostile gateway: every block it serves is junk that does not hash to the CID asked for.
  const gateway = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/vnd.ipld.raw' });
    response.end(JSON.stringify({ schemaVersion: 1, chat: { xmtpGroupId: 'ff', sections: ['ff', 'ee'], sectionSeats: 1 } }));
  });
  gateway.listen(0, '127.0.0.1');
  await once(gateway, 'listening');
  const { port } = gateway.address() as AddressInfo;
  const agent = await startAgent(stack, { name: 'lied-to', metadataStore: undefined, ipfsGatewayUrl: `http://127.0.0.1:${port}` });
  try {
    const event = await mintEvent(stack, agent, 'Lied to', { capacity: 4, sections: { seats: SEATS } });
    const note = await eventually('the metadata refused', async () => {
      const { note } = await eventStatus(agent, event);
      return note?.includes('metadata') ? note : undefined;
    });
    assert.match(note, /metadata cannot be read: .*do not match its hash/);
    const buyer = await holder(stack);
    await buy(stack, buyer.wallet, event);
    await agent.idle();
    const status = await eventStatus(agent, event);
    assert.equal(status.state, 'awaiting-group');
    assert.equal(status.sections, undefined);
    assert.deepEqual(await sectionsOf(buyer.xmtp, event), []);
  } finally {
    await agent.stop();
    gateway.close();
  }
});

test('an event of one group with named staff: the staff are put in its group beside the holders', async () => {
  const { stack, agent } = context;
  const staff = await holder(stack);
  const event = await mintEvent(stack, agent, 'Small with staff', { capacity: 10, sections: { staff: [staff.wallet.account.address] } });
  assert.equal(event.sections.length, 1, 'one group');
  await waitManaged(agent, event.eventId);
  const buyer = await holder(stack);
  await buy(stack, buyer.wallet, event);
  await eventually(
    'the staff member and the buyer in the group',
    async () => (await isMember(staff.xmtp, event.groupId)) && isMember(buyer.xmtp, event.groupId),
  );
  await agent.reconcile();
  assert.ok(await isMember(staff.xmtp, event.groupId), 'staff stay through a reconciliation');
  const status = await eventStatus(agent, event);
  assert.deepEqual(
    status.sections!.map(({ members, seats }) => ({ members, seats })),
    [{ members: 4, seats: 1 }],
    'creator, agent, staff and one holder',
  );
});

test('on Postgres (the replicas’ store): seats, parties and the section status work the same', async (t) => {
  const { stack } = context;
  const postgres = await startPostgres();
  t.after(() => postgres.stop());
  const agent = await startAgent(stack, { name: 'sections-postgres', database: postgres.url });
  try {
    const event = await mintEvent(stack, agent, 'Postgres arena', { capacity: 4, sections: { seats: SEATS } });
    await waitManaged(agent, event.eventId);
    const payer = await newWallet(stack);
    const [p1, p2, solo] = [await holder(stack), await holder(stack), await holder(stack)];
    await buyTickets(payer.clients, {
      kiosk: stack.deployment.kiosk,
      eventId: event.eventId,
      recipients: [p1.wallet.account.address, p2.wallet.account.address],
    });
    const pair = [await seatOf(p1.xmtp, event, 'p1 seated'), await seatOf(p2.xmtp, event, 'p2 seated')];
    assert.equal(pair[0], pair[1], 'bought together, seated together');
    await buy(stack, solo.wallet, event);
    assert.notEqual(await seatOf(solo.xmtp, event, 'solo seated'), pair[0], 'the other section, which has room');
    await agent.idle();
    assert.deepEqual(
      (await eventStatus(agent, event)).sections!.map((section) => section.seats),
      pair[0] === 0 ? [2, 1] : [1, 2],
    );
  } finally {
    await agent.stop();
  }
});
