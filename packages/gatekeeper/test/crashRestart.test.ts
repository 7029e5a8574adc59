import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { refundTicket, transferTicket } from '@ticketchat/contracts';
import { eventually } from '@ticketchat/test-support';
import { generatePrivateKey } from 'viem/accounts';
import type { Gatekeeper, GatekeeperStatus } from '../src/index.ts';
import {
  additionsPerInbox,
  agentConfig,
  buy,
  buyInOneBlock,
  membersOf,
  mintEvent,
  newWallet,
  startAgent,
  startTestStack,
  xmtpOf,
  type TestStack,
} from './fixtures/agentStack.ts';
import { spawnAgent } from './fixtures/spawnAgent.ts';

let stack: TestStack;
let restarted: Gatekeeper | undefined;

before(async () => {
  stack = await startTestStack();
});
after(async () => {
  await restarted?.stop();
  await stack?.stop();
});

test('killed mid-batch and restarted while the chain moved on: members equal holders, no duplicate commits', async () => {
  const walletKey = generatePrivateKey();
  const { inboxId, url, exited } = await spawnAgent(agentConfig(stack, { walletKey, batch: { maxSize: 3, maxWaitMs: 50 } }), {
    crashAfterCommits: 1,
  });

  const event = await mintEvent(stack, { inboxId });
  await eventually('the event managed by the first agent', async () => {
    const status = (await (await fetch(`${url}/status`)).json()) as GatekeeperStatus;
    return status.events[0]?.state === 'managed';
  });
  const buyers = await Promise.all(Array.from({ length: 6 }, () => newWallet(stack)));
  const inboxes = await Promise.all(buyers.map(async (wallet) => (await xmtpOf(stack, wallet)).inboxId));
  const tickets = await buyInOneBlock(stack, buyers, event);
  const [, signal] = await exited;
  assert.equal(signal, 'SIGKILL', 'the agent died right after its first commit');
  const landed = [...(await membersOf(stack, event.groupId))].filter((inbox) => inboxes.includes(inbox));
  assert.equal(landed.length, 3, 'one commit of three landed before the crash');

  // While the agent is down: one of those just added refunds, one not yet added transfers, two more buy.
  const refunder = inboxes.indexOf(landed[0]!);
  await refundTicket(buyers[refunder]!.clients, { kiosk: stack.deployment.kiosk, ticketId: tickets[refunder]! });
  const sender = inboxes.findIndex((inbox) => !landed.includes(inbox));
  const receiver = await newWallet(stack);
  const receiverInbox = (await xmtpOf(stack, receiver)).inboxId;
  await transferTicket(buyers[sender]!.clients, {
    kiosk: stack.deployment.kiosk,
    ticketId: tickets[sender]!,
    to: receiver.account.address,
  });
  const late = await Promise.all([newWallet(stack), newWallet(stack)]);
  const lateInboxes = await Promise.all(late.map(async (wallet) => (await xmtpOf(stack, wallet)).inboxId));
  for (const wallet of late) await buy(stack, wallet, event);

  restarted = await startAgent(stack, { walletKey, batch: { maxSize: 3, maxWaitMs: 50 } });
  const holders = new Set([...inboxes.filter((_, index) => index !== refunder && index !== sender), receiverInbox, ...lateInboxes]);
  const expected = new Set([...holders, inboxId, (await stack.xmtp(1)).inboxId]);
  await eventually('members exactly equal the holders (plus creator and agent)', async () => {
    const members = await membersOf(stack, event.groupId);
    return members.size === expected.size && [...expected].every((inbox) => members.has(inbox));
  });
  await restarted.idle();
  const additions = await additionsPerInbox(stack, event.groupId);
  for (const inbox of [...holders, ...landed]) assert.equal(additions.get(inbox), 1, `${inbox} added exactly once`);
  const status = await restarted.status();
  assert.equal(status.openIntents, 0);
  assert.equal(status.events[0]?.holders, holders.size, 'the recovered ledger counts the crashed commit as the agent’s');
});
