import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refundTicket } from '@ticketchat/contracts';
import { eventually } from '@ticketchat/test-support';
import {
  buyInOneBlock,
  isMember,
  membersOf,
  mintEvent,
  newWallet,
  peakMembers,
  useAgentStack,
  waitManaged,
  xmtpOf,
} from './fixtures/agentStack.ts';

// XMTP's cap is 250 inboxes; the same code path is exercised with a cap of 5 (creator, agent, 3 holders).
const CAP = 5;
const context = useAgentStack({ groupCap: CAP, batch: { maxSize: 2, maxWaitMs: 50 } });

test('the group cap is never exceeded: holders past it wait, visibly, and get in when room frees up', async () => {
  const { stack, agent } = context;
  const event = await mintEvent(stack, agent);
  await waitManaged(agent, event.eventId);
  const buyers = await Promise.all(Array.from({ length: 5 }, () => newWallet(stack)));
  const clients = await Promise.all(buyers.map((wallet) => xmtpOf(stack, wallet)));
  const tickets = await buyInOneBlock(stack, buyers, event);

  const waiting = await eventually('two holders waiting', async () => {
    const status = (await agent.status()).events[0]!;
    return status.waiting.length === 2 && status.members === CAP ? status.waiting : undefined;
  });
  assert.equal((await membersOf(stack, event.groupId)).size, CAP);
  const admitted = clients.filter((client) => !waiting.includes(client.inboxId));
  assert.equal(admitted.length, 3);

  const leaving = clients.indexOf(admitted[0]!);
  await refundTicket(buyers[leaving]!.clients, { kiosk: stack.deployment.kiosk, ticketId: tickets[leaving]! });
  const first = clients.find((client) => client.inboxId === waiting[0])!;
  await eventually('the first in line gets the freed seat', () => isMember(first, event.groupId));
  await agent.idle();
  assert.equal((await agent.status()).events[0]!.waiting.length, 1);
  assert.equal((await membersOf(stack, event.groupId)).size, CAP);
  assert.ok((await peakMembers(stack, event.groupId)) <= CAP, 'at no point in the group history');
});
