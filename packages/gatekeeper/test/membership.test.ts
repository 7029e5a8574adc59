import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refundTicket, transferTicket } from '@ticketchat/contracts';
import { eventually } from '@ticketchat/test-support';
import type { Group } from '@xmtp/node-sdk';
import { discoverEventRoom, nodeRuntime } from '@ticketchat/chat/node';
import {
  additionsPerInbox,
  buy,
  buyInOneBlock,
  groupSeenBy,
  isMember,
  linkAddress,
  membersOf,
  mintEvent,
  newWallet,
  startAgent,
  useAgentStack,
  waitManaged,
  xmtpOf,
} from './fixtures/agentStack.ts';

const context = useAgentStack();

test('a purchase while the creator is offline: the buyer is added and reads the room', async () => {
  const { stack, agent } = context;
  const event = await mintEvent(stack, agent);
  await waitManaged(agent, event.eventId);
  // From here on the creator's client is never used again: the agent alone admits buyers.
  const [alice, bob] = [await newWallet(stack), await newWallet(stack)];
  const [aliceXmtp, bobXmtp] = [await xmtpOf(stack, alice), await xmtpOf(stack, bob)];
  await buy(stack, alice, event);
  await buy(stack, bob, event);
  await eventually('alice added', () => isMember(aliceXmtp, event.groupId));
  await eventually('bob added', () => isMember(bobXmtp, event.groupId));

  const openRoom = (client: typeof aliceXmtp) =>
    discoverEventRoom({
      runtime: nodeRuntime,
      client,
      publicClient: stack.chainClients(0).publicClient,
      chainId: stack.deployment.chainId,
      registry: stack.deployment.registry,
      eventId: event.eventId,
      metadataStore: stack.metadataStore,
    });
  const aliceRoom = await openRoom(aliceXmtp);
  const bobRoom = await openRoom(bobXmtp);
  const seen: string[] = [];
  aliceRoom.onMessage((message) => seen.push(message.kind === 'reaction' ? message.emoji : message.text));
  await bobRoom.send('see you at the door');
  await eventually('alice reads bob', () => seen.includes('see you at the door'));
  await aliceRoom.close();
  await bobRoom.close();
});

test('a refund removes the holder, who cannot read anything sent after', async () => {
  const { stack, agent } = context;
  const event = await mintEvent(stack, agent, 'Refund night');
  await waitManaged(agent, event.eventId);
  const [carol, dave] = [await newWallet(stack), await newWallet(stack)];
  const [carolXmtp, daveXmtp] = [await xmtpOf(stack, carol), await xmtpOf(stack, dave)];
  const carolTicket = await buy(stack, carol, event);
  await buy(stack, dave, event);
  await eventually('both added', async () => (await isMember(carolXmtp, event.groupId)) && isMember(daveXmtp, event.groupId));

  await refundTicket(carol.clients, { kiosk: stack.deployment.kiosk, ticketId: carolTicket });
  await eventually('carol removed, as her own client sees it', async () => !(await isMember(carolXmtp, event.groupId)));

  const daveGroup = (await groupSeenBy(daveXmtp, event.groupId))!;
  await daveGroup.sendText('after the refund');
  await eventually('dave reads his own message', async () => (await daveGroup.messages()).some((m) => m.content === 'after the refund'));
  const carolGroup = (await groupSeenBy(carolXmtp, event.groupId))!;
  assert.ok(
    !(await carolGroup.messages()).some((message) => message.content === 'after the refund'),
    'a removed holder decrypts nothing sent after',
  );
});

test('a transfer moves membership from the old holder to the new one', async () => {
  const { stack, agent } = context;
  const event = await mintEvent(stack, agent, 'Transfer night');
  await waitManaged(agent, event.eventId);
  const [erin, frank] = [await newWallet(stack), await newWallet(stack)];
  const [erinXmtp, frankXmtp] = [await xmtpOf(stack, erin), await xmtpOf(stack, frank)];
  const ticket = await buy(stack, erin, event);
  await eventually('erin added', () => isMember(erinXmtp, event.groupId));

  await transferTicket(erin.clients, { kiosk: stack.deployment.kiosk, ticketId: ticket, to: frank.account.address });
  await eventually('frank in', () => isMember(frankXmtp, event.groupId));
  await eventually('erin out', async () => !(await isMember(erinXmtp, event.groupId)));
});

test('an inbox with two addresses stays while one of them still holds a ticket', async () => {
  const { stack, agent } = context;
  const event = await mintEvent(stack, agent, 'Two wallets');
  await waitManaged(agent, event.eventId);
  const [main, second] = [await newWallet(stack), await newWallet(stack)];
  const mainXmtp = await xmtpOf(stack, main);
  await linkAddress(mainXmtp, second);
  const mainTicket = await buy(stack, main, event);
  const secondTicket = await buy(stack, second, event);
  await eventually('the inbox added', () => isMember(mainXmtp, event.groupId));

  await refundTicket(main.clients, { kiosk: stack.deployment.kiosk, ticketId: mainTicket });
  await agent.idle();
  await agent.reconcile();
  assert.ok(await isMember(mainXmtp, event.groupId), 'the second address still holds a ticket');

  await refundTicket(second.clients, { kiosk: stack.deployment.kiosk, ticketId: secondTicket });
  await eventually('the inbox removed once no address holds one', async () => !(await isMember(mainXmtp, event.groupId)));
});

test('a guest the creator added stays, and is not counted as a holder', async () => {
  const { stack, agent } = context;
  const event = await mintEvent(stack, agent, 'Guest list');
  await waitManaged(agent, event.eventId);
  const [guest, holder] = [await newWallet(stack), await newWallet(stack)];
  const [guestXmtp, holderXmtp] = [await xmtpOf(stack, guest), await xmtpOf(stack, holder)];
  await buy(stack, holder, event);
  await eventually('holder added', () => isMember(holderXmtp, event.groupId));
  const creatorGroup = (await groupSeenBy(await stack.xmtp(1), event.groupId)) as Group<unknown>;
  await creatorGroup.addMembers([guestXmtp.inboxId]);

  await agent.reconcile();
  assert.ok(await isMember(guestXmtp, event.groupId), 'the guest stays through a reconciliation');
  const status = (await agent.status()).events.find((e) => e.eventId === event.eventId.toString())!;
  assert.equal(status.holders, 1);
  assert.equal(status.others, 3, 'creator, agent and guest');
  assert.deepEqual(await additionsPerInbox(stack, event.groupId).then((counts) => counts.get(holderXmtp.inboxId)), 1);
  assert.ok((await membersOf(stack, event.groupId)).has(guestXmtp.inboxId));
});

test('a refund during a burst is not held behind the burst: adds yield to it between commits', async () => {
  const { stack } = context;
  const commits: string[] = [];
  let onFirstAdd: (() => void) | undefined;
  const hooks = {
    beforeCommit: ({ action }: { action: 'add' | 'remove' }) => {
      if (action !== 'add' || !onFirstAdd) return;
      const start = onFirstAdd;
      onFirstAdd = undefined;
      start();
    },
    afterCommit: ({ action, inboxIds }: { action: 'add' | 'remove'; inboxIds: string[] }) =>
      void commits.push(`${action}:${inboxIds.length}`),
  };
  // One inbox per commit makes the burst a long train of commits.
  const agent = await startAgent(stack, { name: 'yielding', batch: { maxSize: 1, maxWaitMs: 20 }, hooks });
  try {
    const event = await mintEvent(stack, agent, 'Burst and refund');
    await waitManaged(agent, event.eventId);
    const member = await newWallet(stack);
    const memberXmtp = await xmtpOf(stack, member);
    const ticketId = await buy(stack, member, event);
    await eventually('the member is in', () => isMember(memberXmtp, event.groupId));
    const buyers = [];
    for (let index = 0; index < 12; index++) buyers.push(await newWallet(stack));
    const buyersXmtp = await Promise.all(buyers.map((wallet) => xmtpOf(stack, wallet)));
    commits.length = 0;
    let refunded: Promise<unknown> | undefined;
    onFirstAdd = () => (refunded = refundTicket(member.clients, { kiosk: stack.deployment.kiosk, ticketId }));
    await buyInOneBlock(stack, buyers, event);
    await eventually('every buyer is in', async () =>
      (await Promise.all(buyersXmtp.map((client) => isMember(client, event.groupId)))).every(Boolean),
    );
    await refunded;
    await eventually('the member is out', async () => !(await isMember(memberXmtp, event.groupId)));
    // The removal went out between the burst's commits, not after all of them.
    const removal = commits.indexOf('remove:1');
    assert.ok(removal > 0 && removal < commits.length - 1, commits.join(' '));
    assert.equal(commits.filter((commit) => commit === 'add:1').length, buyers.length);
  } finally {
    await agent.stop();
  }
});
