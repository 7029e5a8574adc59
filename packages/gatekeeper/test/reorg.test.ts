import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually } from '@ticketchat/test-support';
import type { TicketchatPublicClient } from '@ticketchat/contracts';
import { resumeAfterDeepReorg } from '../src/chain/reorgGuard.ts';
import { anvilRpc, buy, isMember, mintEvent, newWallet, startAgent, useAgentStack, waitManaged, xmtpOf } from './fixtures/agentStack.ts';

const context = useAgentStack();

test('a purchase undone by a chain reorganisation is undone in the group by the next reconciliation', async () => {
  const { stack, agent } = context;
  const event = await mintEvent(stack, agent);
  await waitManaged(agent, event.eventId);
  const buyer = await newWallet(stack);
  const buyerXmtp = await xmtpOf(stack, buyer);
  const rpc = anvilRpc(stack);
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
    // Not idle(): a deferred change keeps a recheck armed until it is buried deep enough.
    const purchaseBlock = await stack.chainClients(0).publicClient.getBlockNumber({ cacheTime: 0 });
    await eventually('the purchase is recorded', async () => (await careful.status()).chain.checkpointBlock === purchaseBlock.toString());
    assert.equal(await isMember(buyerXmtp, event.groupId), false, 'not yet: 0 confirmations');
    await stack.chainClients(0).publicClient.request({ method: 'anvil_mine' as never, params: ['0x2'] as never });
    await eventually('added after 2 confirmations', () => isMember(buyerXmtp, event.groupId));
  } finally {
    await careful.stop();
  }
});

test('a reorganisation below the checkpoint and deeper than reorgDepth is read again: the purchase of the new history is let in, the dropped one is out', async () => {
  const { stack } = context;
  const rpc = anvilRpc(stack);
  const deep = await startAgent(stack, { name: 'deep', reorgDepth: 2 });
  try {
    const event = await mintEvent(stack, deep, 'Deep');
    await waitManaged(deep, event.eventId);
    // The buyers exist (funded, registered on XMTP) before the fork, so both histories know them.
    const [dropped, moved, late] = [await newWallet(stack), await newWallet(stack), await newWallet(stack)];
    const [droppedXmtp, movedXmtp] = [await xmtpOf(stack, dropped), await xmtpOf(stack, moved)];
    await rpc('anvil_mine', ['0x1']);
    const fork = await rpc('evm_snapshot');
    const forkBlock = await stack.chainClients(0).publicClient.getBlockNumber({ cacheTime: 0 });
    await buy(stack, dropped, event);
    await eventually('the buyer of the first history is added', () => isMember(droppedXmtp, event.groupId));
    await rpc('anvil_mine', ['0x5']);
    // A last purchase 7 blocks past the fork: once it is the checkpoint, the follower has read every block before it.
    await buy(stack, late, event);
    await eventually(
      'the follower read up to the last block',
      async () => (await deep.status()).chain.checkpointBlock === String(forkBlock + 7n),
    );

    // The chain forgets those 7 blocks and grows another 7, whose purchase (3 past the fork) lies
    // below the follower's position and outside the reconciliation's reorgDepth (2) blocks.
    await rpc('evm_revert', [fork]);
    await rpc('anvil_mine', ['0x2']);
    await buy(stack, moved, event);
    await rpc('anvil_mine', ['0x4']);
    await deep.reconcile();
    await eventually('the buyer of the new history is added', () => isMember(movedXmtp, event.groupId));
    await eventually('the dropped purchase is undone', async () => !(await isMember(droppedXmtp, event.groupId)));
    assert.ok((await deep.status()).chain.live);
  } finally {
    await deep.stop();
  }
});

test('a checkpoint whose block the chain no longer has (rewound below it) or whose hash changed asks for the history again', async () => {
  const { stack } = context;
  const publicClient = stack.chainClients(0).publicClient as TicketchatPublicClient;
  const head = await publicClient.getBlock();
  const fromBlock = 5n;
  const before = await publicClient.getBlock({ blockNumber: fromBlock - 1n });
  const resume = { blockNumber: fromBlock - 1n, logIndex: 2 ** 32 - 1, blockHash: before.hash };
  assert.equal(
    await resumeAfterDeepReorg(publicClient, { blockNumber: head.number, logIndex: 0, blockHash: head.hash }, fromBlock),
    undefined,
  );
  assert.equal(
    await resumeAfterDeepReorg(publicClient, { blockNumber: head.number, logIndex: 0 }, fromBlock),
    undefined,
    'no hash, no judgement',
  );
  assert.deepEqual(
    await resumeAfterDeepReorg(publicClient, { blockNumber: head.number + 10n, logIndex: 0, blockHash: head.hash }, fromBlock),
    resume,
  );
  assert.deepEqual(
    await resumeAfterDeepReorg(publicClient, { blockNumber: head.number, logIndex: 0, blockHash: before.hash }, fromBlock),
    resume,
  );
});
