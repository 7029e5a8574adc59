import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually } from '@ticketchat/test-support';
import { buy, isMember, mintEvent, newWallet, startAgent, useAgentStack, waitManaged, xmtpOf } from './fixtures/agentStack.ts';

const context = useAgentStack();

test('a purchase undone by a chain reorganisation is undone in the group by the next reconciliation', async () => {
  const { stack, agent } = context;
  const event = await mintEvent(stack, agent);
  await waitManaged(agent, event.eventId);
  const buyer = await newWallet(stack);
  const buyerXmtp = await xmtpOf(stack, buyer);
  const rpc = (method: string, params: unknown[] = []) =>
    stack.chainClients(0).publicClient.request({ method: method as never, params: params as never });
  const snapshot = await rpc('evm_snapshot');
  await buy(stack, buyer, event);
  await eventually('added on the purchase', () => isMember(buyerXmtp, event.groupId));

  // The block with the purchase is dropped; the chain grows a different history.
  await rpc('evm_revert', [snapshot]);
  await rpc('anvil_mine', ['0x3']);
  await agent.reconcile();
  await eventually('removed: the chain no longer says it holds a ticket', async () => !(await isMember(buyerXmtp, event.groupId)));
});

test('with confirmations, a purchase is acted on only once buried deep enough', async () => {
  const { stack } = context;
  const careful = await startAgent(stack, { name: 'careful', confirmations: 2 });
  try {
    const event = await mintEvent(stack, careful, 'Careful');
    await waitManaged(careful, event.eventId);
    const buyer = await newWallet(stack);
    const buyerXmtp = await xmtpOf(stack, buyer);
    await buy(stack, buyer, event);
    await careful.idle();
    assert.equal(await isMember(buyerXmtp, event.groupId), false, 'not yet: 0 confirmations');
    await stack.chainClients(0).publicClient.request({ method: 'anvil_mine' as never, params: ['0x2'] as never });
    await eventually('added after 2 confirmations', () => isMember(buyerXmtp, event.groupId));
  } finally {
    await careful.stop();
  }
});
