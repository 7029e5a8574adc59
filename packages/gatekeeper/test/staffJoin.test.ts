import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinRequestCodec, type MintedEvent } from '@ticketchat/chat/node';
import { eventually } from '@ticketchat/test-support';
import type { Gatekeeper } from '../src/index.ts';
import {
  askAgent,
  buy,
  groupSeenBy,
  isMember,
  mintEvent,
  newWallet,
  sectionsOf,
  startAgent,
  useAgentStack,
  waitManaged,
  xmtpOf,
  type TestStack,
  type Wallet,
} from './fixtures/agentStack.ts';

// Staff whose wallet had no XMTP inbox when the agent adopted their event. Reconciliation every
// 10 minutes and no scheduled queue look-ups: within a test, only a join request can let them in.
const SEATS = 2;
const commits: { eventId: bigint; action: 'add' | 'remove'; inboxIds: string[] }[] = [];
const context = useAgentStack({
  reconcileIntervalMs: 600_000,
  pendingRetryMs: 3_600_000,
  batch: { maxSize: 50, maxWaitMs: 50 },
  hooks: { afterCommit: (commit) => commits.push(commit) },
});

const commitsOf = (event: MintedEvent) => commits.filter((commit) => commit.eventId === event.eventId);

/** Each section's MLS epoch as the creator sees it: any commit to a section moves it on. */
async function epochs(stack: TestStack, event: MintedEvent): Promise<bigint[]> {
  const creator = await stack.xmtp(1);
  return Promise.all(event.sections.map(async ({ groupId }) => (await (await groupSeenBy(creator, groupId))!.debugInfo()).epoch));
}

/** Mints an event naming `staff`, waits until the agent manages it and has queued each unregistered staff address. */
async function mintWithLateStaff(
  stack: TestStack,
  agent: Gatekeeper,
  title: string,
  staff: Wallet[],
  capacity: number,
  seats?: number,
): Promise<MintedEvent> {
  const addresses = staff.map((wallet) => wallet.account.address);
  const event = await mintEvent(stack, agent, title, { capacity, sections: { ...(seats ? { seats } : {}), staff: addresses } });
  await waitManaged(agent, event.eventId);
  await eventually('the unregistered staff queued', async () => {
    const queued = (await agent.status()).pending.filter((entry) => entry.eventId === event.eventId.toString());
    return addresses.every((address) => queued.some((entry) => entry.address === address.toLowerCase()));
  });
  return event;
}

test('staff who register on XMTP after the agent adopted their event are in every section once they ask (text or structured request)', async () => {
  const { stack, agent } = context;
  const [byText, byRequest, holding] = [await newWallet(stack), await newWallet(stack), await newWallet(stack)];
  const event = await mintWithLateStaff(stack, agent, 'Late staff arena', [byText, byRequest, holding], 4, SEATS);
  assert.equal(event.sections.length, 2);
  // A staff member may hold a ticket too (bought before registering): staff sit in every section, on no seat.
  await buy(stack, holding, event);
  await agent.idle();

  const textStaff = await xmtpOf(stack, byText);
  assert.deepEqual(await sectionsOf(textStaff, event), [], 'registered after adoption: in no section yet');
  assert.match(await askAgent(agent, textStaff, `join ${event.eventId}`), /You're in/);
  // The answer comes after the sync: the staff member is in every section now, not at the next reconciliation.
  assert.deepEqual(await sectionsOf(textStaff, event), [0, 1]);

  const requestStaff = await xmtpOf(stack, byRequest);
  assert.match(await askAgent(agent, requestStaff, joinRequestCodec.encode({ eventId: event.eventId.toString() })), /You're in/);
  assert.deepEqual(await sectionsOf(requestStaff, event), [0, 1]);

  const holdingStaff = await xmtpOf(stack, holding);
  assert.match(await askAgent(agent, holdingStaff, `join ${event.eventId}`), /You're in/);
  assert.deepEqual(await sectionsOf(holdingStaff, event), [0, 1]);

  // Each was added once to each section, and nobody else was; the ticket took no holder's seat.
  const added = commitsOf(event).flatMap((commit) => (commit.action === 'add' ? commit.inboxIds : []));
  const everywhere = (inbox: string) => [inbox, inbox];
  assert.deepEqual(added.sort(), [textStaff, requestStaff, holdingStaff].flatMap((client) => everywhere(client.inboxId)).sort());
  await agent.idle();
  const status = await agent.status();
  const seats = status.events.find((entry) => entry.eventId === event.eventId.toString())!.sections!.map((section) => section.seats);
  assert.deepEqual(seats, [0, 0]);
  assert.deepEqual(
    status.pending.filter((entry) => entry.eventId === event.eventId.toString()),
    [],
    'found staff leave the queue',
  );
});

test('an event of one group with named staff: a staff member who registers late is in its group once they ask', async () => {
  const { stack, agent } = context;
  const late = await newWallet(stack);
  const event = await mintWithLateStaff(stack, agent, 'Late staff club', [late], 10);
  assert.equal(event.sections.length, 1, 'one group');
  const staff = await xmtpOf(stack, late);
  assert.equal(await isMember(staff, event.groupId), false);
  assert.match(await askAgent(agent, staff, `join ${event.eventId}`), /You're in/);
  assert.ok(await isMember(staff, event.groupId));
});

test('hostile and idle requests: a stranger is refused and added nowhere; staff already in every section cost no commit', async () => {
  const { stack, agent } = context;
  const staffWallet = await newWallet(stack);
  const event = await mintWithLateStaff(stack, agent, 'Guarded arena', [staffWallet], 4, SEATS);
  const staff = await xmtpOf(stack, staffWallet);
  assert.match(await askAgent(agent, staff, `join ${event.eventId}`), /You're in/);
  await agent.idle();

  const stranger = await xmtpOf(stack, await newWallet(stack));
  const [commitsBefore, epochsBefore] = [commitsOf(event).length, await epochs(stack, event)];
  assert.match(await askAgent(agent, stranger, `join ${event.eventId}`), /holds a valid ticket .* cannot join/);
  assert.match(await askAgent(agent, stranger, joinRequestCodec.encode({ eventId: event.eventId.toString() })), /cannot join/);
  // Staff already in every section: nothing to add, and a new device's refresh finds every installation in.
  assert.match(await askAgent(agent, staff, `join ${event.eventId}`), /You're in/);
  await agent.idle();
  assert.deepEqual(await sectionsOf(stranger, event), []);
  assert.equal(commitsOf(event).length, commitsBefore, 'no membership commit');
  assert.deepEqual(await epochs(stack, event), epochsBefore, 'no commit of any kind in any section');
  assert.deepEqual(await sectionsOf(staff, event), [0, 1]);
});

test('staff who register and never ask are found by the pending queue’s look-ups and put in every section', async () => {
  const { stack } = context;
  const agent = await startAgent(stack, { name: 'staff-unprompted', reconcileIntervalMs: 600_000, pendingRetryMs: 300 });
  try {
    const quiet = await newWallet(stack);
    const event = await mintWithLateStaff(stack, agent, 'Quiet staff arena', [quiet], 4, SEATS);
    const staff = await xmtpOf(stack, quiet);
    await eventually('the staff member in every section without asking', async () => (await sectionsOf(staff, event)).length === 2);
    await eventually(
      'the queue empties',
      async () => !(await agent.status()).pending.some((entry) => entry.eventId === event.eventId.toString()),
    );
  } finally {
    await agent.stop();
  }
});
