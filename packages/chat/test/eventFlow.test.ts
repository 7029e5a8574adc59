/*
 * The whole flow with real parts: the creator mints an event whose group was created offline, the
 * agent (an admin) adds a buyer, and the buyer discovers, verifies and chats live with the creator.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buyTicket, createEvent, getEvent } from '@ticketchat/contracts';
import { ConsentState, type Group } from '@xmtp/node-sdk';
import {
  ChatError,
  EVENT_GROUP_POLICY,
  mintEventWithChat,
  nodeRuntime,
  RoomReadOnlyError,
  SpoofedGroupError,
  type ChatMessage,
  type EventRoom,
  type MintedEvent,
  type NodeXmtpGroup,
} from '../src/node.ts';
import { openRoom } from './fixtures/event.ts';
import { startTestStack, type ChatClient, type TestStack } from './fixtures/stack.ts';
import { eventually } from '@ticketchat/test-support';

const CREATOR = 1;
const AGENT = 2;
const BUYER = 3;
const MALLORY = 4;

describe('an event chat from mint to conversation', () => {
  let stack: TestStack;
  let creator: ChatClient;
  let agent: ChatClient;
  let buyer: ChatClient;
  let minted: MintedEvent<NodeXmtpGroup>;
  const rooms: EventRoom<ChatClient>[] = [];

  before(async () => {
    stack = await startTestStack();
    [creator, agent, buyer] = await Promise.all([stack.xmtp(CREATOR), stack.xmtp(AGENT), stack.xmtp(BUYER)]);
  });
  after(async () => {
    for (const room of rooms) await room.close();
    await stack.stop();
  });

  const open = async (client: ChatClient, eventId: bigint, options: Parameters<typeof openRoom>[3] = {}) => {
    const room = await openRoom(stack, client, eventId, options);
    rooms.push(room);
    return room;
  };

  /** Mallory registers an event of her own that names `groupId` as its chat. */
  const malloryEventNaming = async (groupId: string) => {
    const now = await stack.now();
    const { eventId } = await createEvent(stack.chainClients(MALLORY), {
      registry: stack.deployment.registry,
      startsAt: now,
      endsAt: now + 600n,
      ticketPrice: 0n,
      capacity: 10,
      metadataURI: minted.metadataURI,
      chatGroupId: groupId,
    });
    return eventId;
  };

  test('minting puts the optimistic group id and the IPFS metadata on chain in one transaction', { timeout: 60_000 }, async () => {
    const now = await stack.now();
    minted = await mintEventWithChat({
      runtime: nodeRuntime,
      creator,
      chain: stack.chain(CREATOR),
      metadataStore: stack.metadataStore,
      event: {
        title: 'Rooftop set',
        description: 'Live from Lisbon',
        category: 'music',
        image: 'https://images.example.org/rooftop.jpg',
        startsAt: now - 60n,
        endsAt: now + 3_600n,
        ticketPrice: 10n ** 16n,
        capacity: 100,
      },
      agentInboxIds: [agent.inboxId],
    });
    const onChain = await getEvent(stack.chainClients(0).publicClient, { registry: stack.deployment.registry, eventId: minted.eventId });
    assert.equal(onChain.chatGroupId, minted.groupId);
    assert.equal(onChain.metadataURI, minted.metadataURI);
    assert.deepEqual(await minted.group.listAdmins(), [agent.inboxId]);
    assert.deepEqual(await minted.group.listSuperAdmins(), [creator.inboxId]);
  });

  test('a mint that fails leaves nothing on the XMTP network', { timeout: 30_000 }, async () => {
    const published = async (groupId: string) =>
      (await stack.node.store.queryGroupMessages(Buffer.from(groupId, 'hex'), { direction: 'ascending', limit: 100, cursor: 0n })).length;
    assert.ok((await published(minted.groupId)) > 0, 'the minted event group is on the node');

    const now = await stack.now();
    const failed = mintEventWithChat({
      runtime: nodeRuntime,
      creator,
      chain: stack.chain(CREATOR),
      metadataStore: stack.metadataStore,
      // Already over: the registry refuses it.
      event: {
        title: 'Yesterday',
        description: 'Too late',
        category: 'music',
        image: 'https://images.example.org/y.jpg',
        startsAt: now - 7_200n,
        endsAt: now - 3_600n,
        ticketPrice: 0n,
        capacity: 10,
      },
      agentInboxIds: [agent.inboxId],
    });
    await assert.rejects(failed, (error: unknown) => {
      assert.ok(error instanceof ChatError);
      assert.match(error.shortMessage, /Minting "Yesterday" failed; its chat group was never published/);
      // The revert's own sentence reaches the person, not only the logs.
      assert.match(error.shortMessage, /published: Invalid schedule: the event must end after it starts and in the future/);
      return true;
    });
    const named = (groups: Group<unknown>[]) => groups.filter((group) => group.name === 'Yesterday');
    assert.equal(named(creator.conversations.listGroups()).length, 0, 'the orphaned draft is hidden from the creator');
    const drafts = named(creator.conversations.listGroups({ consentStates: [ConsentState.Denied] }));
    assert.equal(drafts.length, 1, 'it exists only locally, denied');
    assert.equal(await published(drafts[0]!.id), 0, 'and nothing of it reached the node');
  });

  test('a ticket holder added by the agent discovers, verifies and chats both ways live', { timeout: 60_000 }, async () => {
    const { ticketPrice } = await getEvent(stack.chainClients(0).publicClient, {
      registry: stack.deployment.registry,
      eventId: minted.eventId,
    });
    await buyTicket(stack.chainClients(BUYER), { kiosk: stack.deployment.kiosk, eventId: minted.eventId, price: ticketPrice });
    await agent.conversations.sync();
    const agentsView = (await agent.conversations.getConversationById(minted.groupId)) as Group<unknown>;
    await agentsView.addMembers([buyer.inboxId]);

    const buyerRoom = await open(buyer, minted.eventId);
    const creatorRoom = await open(creator, minted.eventId);
    assert.equal(buyerRoom.phase().phase, 'live');
    assert.equal(await buyerRoom.memberCount(), 3);
    assert.equal(buyerRoom.state, 'live');

    const atBuyer: ChatMessage[] = [];
    const atCreator: ChatMessage[] = [];
    buyerRoom.onMessage((m) => atBuyer.push(m));
    creatorRoom.onMessage((m) => atCreator.push(m));

    await creatorRoom.send('Welcome to the show!');
    const welcome = await eventually('the buyer to receive the welcome live', () =>
      atBuyer.find((m) => m.kind === 'text' && m.text === 'Welcome to the show!'),
    );
    await buyerRoom.reply(welcome, 'Glad to be here');
    await buyerRoom.react(welcome, '🔥');
    await eventually(
      'the creator to receive the reply and the reaction',
      () => atCreator.some((m) => m.kind === 'reply') && atCreator.some((m) => m.kind === 'reaction'),
    );

    const reply = atCreator.find((m) => m.kind === 'reply');
    assert.ok(reply?.kind === 'reply' && reply.text === 'Glad to be here' && reply.inReplyTo === welcome.id);
    const reaction = atCreator.find((m) => m.kind === 'reaction');
    assert.ok(reaction?.kind === 'reaction' && reaction.emoji === '🔥' && reaction.to === welcome.id);

    const page = await buyerRoom.history({ limit: 2 });
    assert.equal(page.messages.length, 2);
    assert.ok(page.messages[0]!.sentAtNs >= page.messages[1]!.sentAtNs, 'history is newest first');
    assert.equal(new Set(atBuyer.map((m) => m.id)).size, atBuyer.length, 'no duplicates');
  });

  test('before the start the room is open and says when; after the end it is read-only', { timeout: 30_000 }, async () => {
    const event = await getEvent(stack.chainClients(0).publicClient, { registry: stack.deployment.registry, eventId: minted.eventId });
    const at = (seconds: bigint) => () => new Date(Number(seconds) * 1000);
    const openAt = (now: () => Date) => open(buyer, minted.eventId, { now });
    const early = await openAt(at(event.startsAt - 10n));
    assert.deepEqual(early.phase(), { phase: 'upcoming', startsAt: new Date(Number(event.startsAt) * 1000) });
    await early.send('counting down');
    const late = await openAt(at(event.endsAt));
    assert.equal(late.phase().phase, 'ended');
    await assert.rejects(late.send('too late'), RoomReadOnlyError);
    assert.ok((await late.history()).messages.length > 0, 'an ended room stays readable');
  });

  test('members cannot add anyone: only admins can', { timeout: 30_000 }, async () => {
    assert.equal(EVENT_GROUP_POLICY.addMember, 'admin');
    const outsider = await stack.xmtp(MALLORY);
    const buyersView = (await buyer.conversations.getConversationById(minted.groupId)) as Group<unknown>;
    await assert.rejects(buyersView.addMembers([outsider.inboxId]));
    assert.equal((await buyersView.members()).length, 3);
  });

  test("an event pointing at another event's group is refused", { timeout: 60_000 }, async () => {
    const forged = await malloryEventNaming(minted.groupId);
    await assert.rejects(open(buyer, forged), (error: unknown) => {
      assert.ok(error instanceof SpoofedGroupError, String(error));
      assert.match(error.shortMessage, new RegExp(`bound to event ${minted.eventId}`));
      return true;
    });
  });

  test('a group with no event binding is refused', { timeout: 60_000 }, async () => {
    const mallory = await stack.xmtp(MALLORY);
    const unbound = await mallory.conversations.createGroup([buyer.inboxId], { groupName: 'Rooftop set' });
    const eventId = await malloryEventNaming(unbound.id);
    await assert.rejects(open(buyer, eventId), /carries no event binding/);
  });
});
