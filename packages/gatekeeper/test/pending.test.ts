import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually } from '@ticketchat/test-support';
import { buy, isMember, mintEvent, newWallet, useAgentStack, waitManaged, xmtpOf } from './fixtures/agentStack.ts';

const context = useAgentStack({ pendingRetryMs: 300 });

test('a buyer who registers on XMTP long after buying is added then, without holding others up', async () => {
  const { stack, agent } = context;
  const event = await mintEvent(stack, agent);
  await waitManaged(agent, event.eventId);
  const [late, early] = [await newWallet(stack), await newWallet(stack)];
  await buy(stack, late, event);
  const earlyXmtp = await xmtpOf(stack, early);
  await buy(stack, early, event);
  await eventually('the registered buyer added', () => isMember(earlyXmtp, event.groupId));
  const pending = await eventually('the unregistered buyer queued', async () =>
    (await agent.status()).pending.find((entry) => entry.address === late.account.address.toLowerCase()),
  );
  assert.equal(pending.eventId, event.eventId.toString());

  const lateXmtp = await xmtpOf(stack, late);
  await eventually('the late buyer added on the next scheduled look-up', () => isMember(lateXmtp, event.groupId));
  await eventually('the queue empties', async () => (await agent.status()).pending.length === 0);
});

test('the queue is also retried on demand', async () => {
  const { stack, agent } = context;
  const event = await mintEvent(stack, agent, 'On demand');
  await waitManaged(agent, event.eventId);
  const late = await newWallet(stack);
  await buy(stack, late, event);
  await eventually('queued', async () =>
    (await agent.status()).pending.some((entry) => entry.address === late.account.address.toLowerCase()),
  );
  const lateXmtp = await xmtpOf(stack, late);
  // The scheduled look-up may win the race; either way the buyer is found and added.
  assert.ok((await agent.retryPending()) >= 0);
  await eventually('added', () => isMember(lateXmtp, event.groupId));
});
