/*
 * A smart-contract wallet (ERC-1271) as an XMTP identity: its owner key signs, the wallet contract
 * on the local chain vouches, and our node checks that on chain before indexing the address.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileContracts } from '@ticketchat/contracts/build';
import { IdentifierKind } from '@xmtp/node-sdk';
import { createWalletClient, http, type Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ChatError, mintEventWithChat, nodeRuntime, openEventRoom } from '../src/node.ts';
import { startTestStack } from './fixtures/stack.ts';

async function deploySmartWallet(stack: Awaited<ReturnType<typeof startTestStack>>, owner: Address): Promise<Address> {
  const [wallet] = compileContracts({ [join(import.meta.dirname, 'contracts/OwnedSmartWallet.sol')]: 'OwnedSmartWallet' }).contracts;
  const { walletClient, publicClient } = stack.chainClients(0);
  const hash = await walletClient.deployContract({
    abi: wallet!.abi,
    bytecode: wallet!.bytecode,
    args: [owner],
    account: walletClient.account,
    chain: walletClient.chain,
  });
  const { contractAddress } = await publicClient.waitForTransactionReceipt({ hash });
  return contractAddress!;
}

test('a smart-contract wallet registers, is found by its address, and joins an event room', { timeout: 90_000 }, async (t) => {
  const stack = await startTestStack();
  t.after(() => stack.stop());
  const owner = privateKeyToAccount(generatePrivateKey());
  const walletAddress = await deploySmartWallet(stack, owner.address);
  const ownerClient = createWalletClient({ account: owner, chain: stack.anvil.chain, transport: http(stack.anvil.rpcUrl) });

  const smartClient = await stack.pool.get({
    walletClient: ownerClient,
    smartWallet: { address: walletAddress, chainId: stack.anvil.chain.id },
  });
  const [creator, agent] = await Promise.all([stack.xmtp(1), stack.xmtp(2)]);
  const walletIdentifier = { identifier: walletAddress.toLowerCase(), identifierKind: IdentifierKind.Ethereum };
  assert.equal(await creator.fetchInboxIdByIdentifier(walletIdentifier), smartClient.inboxId, "the node indexed the wallet's address");

  const now = await stack.now();
  const event = await mintEventWithChat({
    runtime: nodeRuntime,
    creator,
    chain: stack.chain(1),
    metadataStore: stack.metadataStore,
    event: {
      title: 'Smart',
      description: 'Wallets welcome',
      category: 'talk',
      image: 'https://images.example.org/s.jpg',
      startsAt: now - 60n,
      endsAt: now + 600n,
      ticketPrice: 0n,
      capacity: 5,
    },
    agentInboxIds: [agent.inboxId],
  });
  await agent.conversations.sync();
  const agentsView = await agent.conversations.getConversationById(event.groupId);
  await (agentsView as unknown as { addMembersByIdentifiers(ids: (typeof walletIdentifier)[]): Promise<void> }).addMembersByIdentifiers([
    walletIdentifier,
  ]);

  const room = await openEventRoom({
    runtime: nodeRuntime,
    client: smartClient,
    event: {
      chainId: stack.deployment.chainId,
      registry: stack.deployment.registry,
      eventId: event.eventId,
      groupId: event.groupId,
      creator: stack.account(1).address,
      startsAt: now - 60n,
      endsAt: now + 600n,
    },
  });
  t.after(() => room.close());
  await room.send('hello from a smart wallet');
  assert.equal((await room.history()).messages[0]?.kind, 'text');
});

test('a smart wallet whose contract does not vouch for the signer is refused', { timeout: 60_000 }, async (t) => {
  const stack = await startTestStack();
  t.after(() => stack.stop());
  const owner = privateKeyToAccount(generatePrivateKey());
  const impostor = privateKeyToAccount(generatePrivateKey());
  const walletAddress = await deploySmartWallet(stack, owner.address);
  const impostorClient = createWalletClient({ account: impostor, chain: stack.anvil.chain, transport: http(stack.anvil.rpcUrl) });
  await assert.rejects(
    stack.pool.get({ walletClient: impostorClient, smartWallet: { address: walletAddress, chainId: stack.anvil.chain.id } }),
    (error: unknown) => error instanceof ChatError,
  );
  const creator = await stack.xmtp(1);
  assert.equal(
    await creator.fetchInboxIdByIdentifier({ identifier: walletAddress.toLowerCase(), identifierKind: IdentifierKind.Ethereum }),
    null,
  );
});
