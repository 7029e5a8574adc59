/*
 * An event of several sections with real parts (our node, anvil, Helia, node-sdk): minted with a
 * small section size, every section published, bound and verified, and forged sections refused from
 * an attacker's side. Members are added to sections by the creator's client directly here: which
 * holder goes to which section is the membership agent's work.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buyTickets, createEvent } from '@ticketchat/contracts';
import { putEventMetadata } from '@ticketchat/metadata';
import type { Group } from '@xmtp/node-sdk';
import { eventually } from '@ticketchat/test-support';
import {
  announceToEvent,
  announcementCodec,
  decodeEventBinding,
  discoverEventChat,
  encodeEventBinding,
  InvalidSectionsError,
  newAnnouncementId,
  nodeRuntime,
  NoSuchSectionError,
  NotInvitedError,
  openEventRoom,
  SpoofedGroupError,
  verifyEventGroup,
  type ChatMessage,
  type EventChatRef,
  type EventRoom,
  type EventSectionOptions,
  type MintedEvent,
  type NodeXmtpGroup,
} from '../src/node.ts';
import { mintLiveEvent, openRoom } from './fixtures/event.ts';
import { startTestStack, type ChatClient, type TestStack } from './fixtures/stack.ts';

const CREATOR = 1;
const AGENT = 2;
const PAYER = 3;
const MALLORY = 4;
const STAFF = 5;
/** One ticket holder per section, and one whom nobody added to a real section. */
const MEMBERS = [6, 7, 8] as const;
const OUTSIDER = 9;

describe('an event in sections', () => {
  let stack: TestStack;
  let creator: ChatClient;
  let agent: ChatClient;
  let mallory: ChatClient;
  let minted: MintedEvent<NodeXmtpGroup>;
  let sectionIds: string[];

  before(async () => {
    stack = await startTestStack();
    [creator, agent, mallory] = await Promise.all([stack.xmtp(CREATOR), stack.xmtp(AGENT), stack.xmtp(MALLORY)]);
  });
  after(() => stack.stop());

  const discover = (eventId: bigint) =>
    discoverEventChat({
      publicClient: stack.chainClients(0).publicClient,
      registry: stack.deployment.registry,
      eventId,
      store: stack.metadataStore,
    });
  /** The reference a member's client verifies a section with, as discovery gives it. */
  const ref = (section: number, overrides: Partial<EventChatRef> = {}): EventChatRef => ({
    chainId: stack.deployment.chainId,
    registry: stack.deployment.registry,
    eventId: minted.eventId,
    groupId: minted.groupId,
    creator: stack.account(CREATOR).address,
    section,
    sectionGroupIds: sectionIds,
    ...overrides,
  });
  /** Verification as `client` sees `groupId` (after syncing its welcomes). */
  const verifyAs = async (client: ChatClient, groupId: string, reference: EventChatRef) => {
    await client.conversations.sync();
    const group = (await client.conversations.getConversationById(groupId)) as Group<unknown> | undefined;
    assert.ok(group, `${groupId} is in the client's list`);
    await group.sync();
    return verifyEventGroup(nodeRuntime, client, group, reference);
  };
  const refused = async (attempt: Promise<unknown>, reason: RegExp) =>
    assert.rejects(attempt, (error: unknown) => {
      assert.ok(error instanceof SpoofedGroupError, String(error));
      assert.match(error.reason, reason);
      return true;
    });

  test('a capacity of 6 at 2 seats a section mints 3 sections, all ids in the chain-named metadata', { timeout: 120_000 }, async () => {
    minted = await mintLiveEvent(stack, CREATOR, agent, 'Stadium', {
      capacity: 6,
      sections: { seats: 2, staff: [stack.account(5).address] },
    });
    sectionIds = minted.sections.map((section) => section.groupId);
    assert.deepEqual(
      minted.sections.map((section) => section.index),
      [0, 1, 2],
    );
    assert.equal(new Set(sectionIds).size, 3);
    assert.equal(sectionIds[0], minted.groupId);

    const found = await discover(minted.eventId);
    assert.equal(found.groupId, minted.groupId, 'the chain records section 0');
    assert.deepEqual(found.sections, sectionIds);
    assert.equal(found.sectionSeats, 2);
    assert.deepEqual(found.staff, [stack.account(5).address]);

    for (const { index, group } of minted.sections) {
      assert.equal(group.name, `Stadium · section ${index + 1}`);
      assert.deepEqual(await group.listAdmins(), [agent.inboxId]);
      assert.deepEqual(await group.listSuperAdmins(), [creator.inboxId]);
      assert.equal(decodeEventBinding(group.appData)?.section, index);
      // The agent (an admin, in every section) verifies each one exactly as a member would.
      await verifyAs(agent, group.id, ref(index));
    }
  });

  test('an event that fits one section keeps one group with the binding it always had', { timeout: 60_000 }, async () => {
    const small = await mintLiveEvent(stack, CREATOR, agent, 'Small room', { capacity: 2, sections: { seats: 2 } });
    assert.deepEqual(
      small.sections.map(({ index, groupId }) => ({ index, groupId })),
      [{ index: 0, groupId: small.groupId }],
    );
    assert.equal('section' in JSON.parse(small.group.appData), false);
    const found = await discover(small.eventId);
    assert.equal(found.sections, undefined);
    assert.equal(found.metadata?.chat.sections, undefined);
  });

  test('sections that cannot exist are refused before anything is drafted', async () => {
    const before = creator.conversations.listGroups().length;
    const attempt = (sections: EventSectionOptions, capacity = 10) =>
      mintLiveEvent(stack, CREATOR, agent, 'Refused', { capacity, sections });
    await assert.rejects(attempt({ seats: 0 }), InvalidSectionsError);
    await assert.rejects(attempt({ seats: 1.5 }), InvalidSectionsError);
    await assert.rejects(attempt({ seats: 241 }), /a section holds 1 to 240 ticket holders/);
    await assert.rejects(attempt({ seats: 1 }, 1_001), /need 1001 sections; at most 1000/);
    await assert.rejects(attempt({ staffSeats: 1, staff: [stack.account(5).address, stack.account(6).address] }), /staffSeats \(1\)/);
    await assert.rejects(attempt({ staff: ['0x1234'] }), /is not an address/);
    const twice = stack.account(5).address;
    await assert.rejects(attempt({ staff: [twice, twice.toLowerCase() as `0x${string}`] }), /named twice/);
    assert.equal(creator.conversations.listGroups().length, before, 'no group was drafted');
  });

  test("a group the attacker creates with a copied section binding is not in the event's list", { timeout: 60_000 }, async () => {
    const forged = await mallory.conversations.createGroup([agent.inboxId], { groupName: 'Stadium · section 2' });
    await forged.updateAppData(encodeEventBinding({ ...ref(1), section: 1 }));
    await refused(verifyAs(agent, forged.id, ref(1)), /not in the event's section list/);
    // Even handed a list with the forgery in it, its super admin is not the creator.
    const doctored = [minted.groupId, forged.id, sectionIds[2]!];
    await refused(verifyAs(agent, forged.id, ref(1, { sectionGroupIds: doctored })), /is not its super admin/);
  });

  test('a real section presented under another number is refused', { timeout: 60_000 }, async () => {
    await refused(verifyAs(agent, sectionIds[2]!, ref(1)), /it is section 2, not section 1/);
    await refused(verifyAs(agent, sectionIds[1]!, ref(7)), /the event has no section 7 \(it has 3\)/);
    await refused(verifyAs(agent, sectionIds[1]!, ref(1, { sectionGroupIds: undefined })), /the event has no sections, so no section 1/);
  });

  test("a section list that does not start with the chain's group is refused, and discovery drops it", { timeout: 60_000 }, async () => {
    const reordered = [sectionIds[1]!, sectionIds[0]!, sectionIds[2]!];
    await refused(verifyAs(agent, sectionIds[1]!, ref(0, { sectionGroupIds: reordered })), /section list starts with/);

    // Mallory's own event: the chain names a group she made, her metadata lists the creator's sections after it.
    const decoy = await mallory.conversations.createGroup([agent.inboxId], { groupName: 'Decoy' });
    const document = (await discover(minted.eventId)).metadata!;
    const { uri } = await putEventMetadata(stack.metadataStore, {
      ...document,
      chat: { xmtpGroupId: sectionIds[0]!, sections: sectionIds, sectionSeats: 2 },
    });
    const now = await stack.now();
    const { eventId } = await createEvent(stack.chainClients(MALLORY), {
      registry: stack.deployment.registry,
      startsAt: now,
      endsAt: now + 600n,
      ticketPrice: 0n,
      capacity: 10,
      metadataURI: uri,
      chatGroupId: decoy.id,
    });
    const found = await discover(eventId);
    assert.equal(found.groupId, decoy.id);
    assert.equal(found.sections, undefined, 'a list that does not start with the chain group is not the event’s');
    // And the creator's real sections are bound to the creator's event, not to Mallory's.
    await refused(
      verifyAs(agent, sectionIds[1]!, { ...ref(1), eventId, groupId: sectionIds[0]!, creator: stack.account(MALLORY).address }),
      new RegExp(`bound to event ${minted.eventId}`),
    );
  });

  test('a section whose binding names another section is refused', { timeout: 60_000 }, async () => {
    const section = minted.sections[1]!.group;
    await section.updateAppData(encodeEventBinding({ ...ref(1), section: 2 }));
    try {
      await refused(verifyAs(agent, section.id, ref(1)), /bound to section 2, not section 1/);
    } finally {
      await section.updateAppData(encodeEventBinding(ref(1)));
    }
    await verifyAs(agent, section.id, ref(1));
  });
});

describe('rooms and announcements of an event in sections', () => {
  let stack: TestStack;
  let creator: ChatClient;
  let agent: ChatClient;
  let staff: ChatClient;
  let members: ChatClient[];
  let minted: MintedEvent<NodeXmtpGroup>;
  let sectionIds: string[];
  /** Each member's room (member i in section i), and the creator's room of each section. */
  let memberRooms: EventRoom<ChatClient>[];
  let creatorRooms: EventRoom<ChatClient>[];
  const received = new Map<EventRoom<ChatClient>, ChatMessage[]>();
  const rooms: EventRoom<ChatClient>[] = [];

  before(async () => {
    stack = await startTestStack();
    [creator, agent, staff] = await Promise.all([stack.xmtp(CREATOR), stack.xmtp(AGENT), stack.xmtp(STAFF)]);
    members = await Promise.all(MEMBERS.map((index) => stack.xmtp(index)));
    minted = await mintLiveEvent(stack, CREATOR, agent, 'Arena', {
      capacity: 6,
      sections: { seats: 2, staff: [stack.account(STAFF).address] },
    });
    sectionIds = minted.sections.map((section) => section.groupId);
    // Three friends' tickets bought together in one transaction (the agent would keep them together; here each gets a section).
    await buyTickets(stack.chainClients(PAYER), {
      kiosk: stack.deployment.kiosk,
      eventId: minted.eventId,
      recipients: MEMBERS.map((index) => stack.account(index).address),
    });
    // What the agent will do: staff in every section, each holder in one.
    for (const [index, { group }] of minted.sections.entries()) await group.addMembers([staff.inboxId, members[index]!.inboxId]);
  });
  after(async () => {
    for (const room of rooms) await room.close();
    await stack.stop();
  });

  const track = (room: EventRoom<ChatClient>) => {
    rooms.push(room);
    const messages: ChatMessage[] = [];
    received.set(room, messages);
    room.onMessage((message) => messages.push(message));
    return room;
  };
  const announcementsIn = (room: EventRoom<ChatClient>) => received.get(room)!.filter((message) => message.kind === 'announcement');
  const ref = (section?: number) => ({
    chainId: stack.deployment.chainId,
    registry: stack.deployment.registry,
    eventId: minted.eventId,
    groupId: minted.groupId,
    creator: stack.account(CREATOR).address,
    startsAt: 0n,
    endsAt: 2n ** 40n,
    sectionGroupIds: sectionIds,
    staff: [stack.account(STAFF).address],
    ...(section !== undefined ? { section } : {}),
  });
  /** Waits until every room in `targets` shows a text `text` (so whatever was sent before it in the group has been delivered). */
  const textArrives = (targets: EventRoom<ChatClient>[], text: string) =>
    eventually(`"${text}" to reach ${targets.length} room(s)`, () =>
      targets.every((room) => received.get(room)!.some((message) => message.kind === 'text' && message.text === text)),
    );

  test("each member's room is their own section, with the section and the whole event's attendance", { timeout: 120_000 }, async () => {
    memberRooms = [];
    for (const member of members) memberRooms.push(track(await openRoom(stack, member, minted.eventId)));
    for (const [index, room] of memberRooms.entries()) {
      assert.deepEqual(room.section, { index, count: 3 });
      assert.equal(room.groupId, sectionIds[index]);
      assert.equal(await room.memberCount(), 4, 'creator, agent, staff and the holder');
      assert.equal(await room.attendance(), 3, 'tickets sold for the whole event');
    }
    creatorRooms = [];
    for (const index of [0, 1, 2]) {
      creatorRooms.push(track(await openEventRoom({ runtime: nodeRuntime, client: creator, event: ref(index) })));
    }
    const creatorsDefault = track(await openRoom(stack, creator, minted.eventId));
    assert.deepEqual(creatorsDefault.section, { index: 0, count: 3 }, 'the creator, in every section, gets the first');
  });

  test('an announcement from the creator reaches every section once, shown as an announcement', { timeout: 120_000 }, async () => {
    const result = await announceToEvent(nodeRuntime, creator, { sections: sectionIds, text: 'Doors open in 10 minutes' });
    assert.deepEqual(
      result.sections.map((section) => [section.index, section.status]),
      [
        [0, 'sent'],
        [1, 'sent'],
        [2, 'sent'],
      ],
    );
    await eventually('the announcement in every member room', () => memberRooms.every((room) => announcementsIn(room).length > 0));
    // The same id sent again (a retry whose first send did arrive) is not shown again.
    await minted.sections[1]!.group.send(announcementCodec.encode({ id: result.announcementId, text: 'Doors open in 10 minutes' }));
    await minted.sections[1]!.group.sendText('after the repeat');
    await textArrives([memberRooms[1]!], 'after the repeat');
    for (const room of memberRooms) {
      assert.deepEqual(
        announcementsIn(room).map(
          (message) => message.kind === 'announcement' && [message.announcementId, message.text, message.senderInboxId],
        ),
        [[result.announcementId, 'Doors open in 10 minutes', creator.inboxId]],
      );
    }
    const history = await memberRooms[1]!.history();
    assert.equal(history.messages.filter((message) => message.kind === 'announcement').length, 1, 'history shows it once too');
  });

  test('a named staff member announces to every section too', { timeout: 120_000 }, async () => {
    const { announcementId, sections } = await announceToEvent(nodeRuntime, staff, { sections: sectionIds, text: 'Bar closes at 23:00' });
    assert.ok(sections.every((section) => section.status === 'sent'));
    await eventually('the staff announcement in every member room', () =>
      memberRooms.every((room) =>
        announcementsIn(room).some((message) => message.kind === 'announcement' && message.announcementId === announcementId),
      ),
    );
  });

  test('the announcement type from an ordinary member is never shown as an announcement', { timeout: 120_000 }, async () => {
    const member = members[1]!;
    const section = (await member.conversations.getConversationById(sectionIds[1]!)) as Group<unknown>;
    const forgedId = newAnnouncementId();
    await section.send(announcementCodec.encode({ id: forgedId, text: 'Free drinks at the stage!' }));
    // Junk shaped like an announcement: the codec decodes it to nothing, and nothing is shown.
    await section.send({
      ...announcementCodec.encode({ id: newAnnouncementId(), text: 'x' }),
      content: new TextEncoder().encode('{"id":1}'),
    });
    await section.sendText('ordinary message after the forgery');
    await textArrives([creatorRooms[1]!, memberRooms[1]!], 'ordinary message after the forgery');
    // It decodes as an announcement (so the room's sender check, not the codec, is what keeps it out).
    const raw = await minted.sections[1]!.group.messages();
    const decoded = raw.map((message) => nodeRuntime.toChatMessage(message)).find((message) => message?.senderInboxId === member.inboxId);
    assert.ok(decoded?.kind === 'announcement' && decoded.announcementId === forgedId);
    for (const room of [creatorRooms[1]!, memberRooms[1]!]) {
      assert.equal(
        announcementsIn(room).some((message) => message.kind === 'announcement' && message.announcementId === forgedId),
        false,
      );
      const history = await room.history();
      assert.equal(
        history.messages.some((message) => message.kind === 'announcement' && message.senderInboxId === member.inboxId),
        false,
      );
    }
  });

  test('an announcement with a blank or oversized text is refused before anything is sent', async () => {
    await assert.rejects(announceToEvent(nodeRuntime, creator, { sections: sectionIds, text: '   ' }), /not blank/);
    await assert.rejects(announceToEvent(nodeRuntime, creator, { sections: sectionIds, text: 'x'.repeat(4_001) }), /at most 4000/);
  });

  test("an attacker's group with a copied section binding is never anyone's room", { timeout: 120_000 }, async () => {
    const mallory = await stack.xmtp(MALLORY);
    const outsider = await stack.xmtp(OUTSIDER);
    const forged = await mallory.conversations.createGroup([outsider.inboxId, members[0]!.inboxId], { groupName: 'Arena · section 1' });
    await forged.updateAppData(encodeEventBinding({ ...ref(0), section: 0 }));
    await assert.rejects(openRoom(stack, outsider, minted.eventId), NotInvitedError);
    const { sections } = await announceToEvent(nodeRuntime, mallory, { sections: sectionIds, text: 'Mallory speaking' });
    assert.deepEqual(
      sections.map((section) => section.status),
      ['not-member', 'not-member', 'not-member'],
      'an outsider reaches no section',
    );
    const room = track(await openRoom(stack, members[0]!, minted.eventId));
    assert.equal(room.groupId, sectionIds[0], 'the member in both opens the real section');
  });

  test('the creator opens a section by number; nobody reads a section by asking for it', { timeout: 120_000 }, async () => {
    const second = track(await openRoom(stack, creator, minted.eventId, { section: 1 }));
    assert.deepEqual(second.section, { index: 1, count: 3 });
    assert.equal(second.groupId, sectionIds[1]);
    // What section 2's holder says reaches the creator's room of section 2.
    const holderOfSecond = (await members[1]!.conversations.getConversationById(sectionIds[1]!)) as Group<unknown>;
    await holderOfSecond.sendText('only section 2 hears this');
    await textArrives([second], 'only section 2 hears this');
    const own = track(await openRoom(stack, members[2]!, minted.eventId, { section: 2 }));
    assert.equal(own.groupId, sectionIds[2], 'a holder asking for their own section gets it');

    // A holder of section 1 asks for section 2 by number: refused cleanly, and nothing of it was ever theirs to read.
    const nosy = members[0]!;
    await assert.rejects(openRoom(stack, nosy, minted.eventId, { section: 1 }), (error: unknown) => {
      assert.ok(error instanceof NotInvitedError, String(error));
      assert.equal(error.section, 1);
      assert.equal(error.shortMessage, `You are not in section 2 of event ${minted.eventId}'s chat.`);
      return true;
    });
    await nosy.conversations.sync();
    assert.equal(await nosy.conversations.getConversationById(sectionIds[1]!), undefined, 'no welcome to a section it was not added to');

    // Numbers that name no section: a clear error before any group is looked up, never a crash or another section.
    for (const section of [3, -1, 1.5, Number.NaN, 2 ** 53]) {
      await assert.rejects(openRoom(stack, creator, minted.eventId, { section }), (error: unknown) => {
        assert.ok(error instanceof NoSuchSectionError, `${section}: ${String(error)}`);
        assert.match(error.shortMessage, /^Event \d+ has no section .*: its sections are 1 to 3\.$/);
        return true;
      });
    }
    const { eventId: smallEvent } = await mintLiveEvent(stack, CREATOR, agent, 'Small room', { capacity: 2 });
    assert.equal(
      track(await openRoom(stack, creator, smallEvent, { section: 0 })).section,
      undefined,
      'section 0 of one group is the group',
    );
    await assert.rejects(openRoom(stack, creator, smallEvent, { section: 1 }), /has no section 2: it has one chat, no sections/);
  });

  test(
    'a member moved to another section opens the new one; removed from all, the last one stays readable',
    { timeout: 120_000 },
    async () => {
      const member = members[0]!;
      await minted.sections[0]!.group.removeMembers([member.inboxId]);
      await minted.sections[2]!.group.addMembers([member.inboxId]);
      const moved = track(await openRoom(stack, member, minted.eventId));
      assert.deepEqual(moved.section, { index: 2, count: 3 }, 'the section it is active in, not the one it left');
      await minted.sections[2]!.group.removeMembers([member.inboxId]);
      const left = track(await openRoom(stack, member, minted.eventId));
      assert.ok([0, 2].includes(left.section!.index), 'a section it was in, verified, for what it received there');
      assert.ok((await left.history()).messages.length > 0);
    },
  );
});
