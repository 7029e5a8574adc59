/*
 * An event of several sections with real parts (our node, anvil, Helia, node-sdk): minted with a
 * small section size, every section published, bound and verified, and forged sections refused from
 * an attacker's side. Members are added to sections by the creator's client directly here: which
 * holder goes to which section is the membership agent's work.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createEvent } from '@ticketchat/contracts';
import { putEventMetadata } from '@ticketchat/metadata';
import type { Group } from '@xmtp/node-sdk';
import {
  decodeEventBinding,
  discoverEventChat,
  encodeEventBinding,
  InvalidSectionsError,
  mintEventWithChat,
  nodeRuntime,
  SpoofedGroupError,
  verifyEventGroup,
  type EventChatRef,
  type MintedEvent,
  type NodeXmtpGroup,
} from '../src/node.ts';
import { startTestStack, type ChatClient, type TestStack } from './fixtures/stack.ts';

const CREATOR = 1;
const AGENT = 2;
const MALLORY = 4;

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

  const newEvent = async (title: string, capacity: number) => {
    const now = await stack.now();
    return {
      title,
      description: 'In sections',
      category: 'music',
      image: 'https://images.example.org/s.jpg',
      startsAt: now - 60n,
      endsAt: now + 3_600n,
      ticketPrice: 0n,
      capacity,
    };
  };
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
    minted = await mintEventWithChat({
      runtime: nodeRuntime,
      creator,
      chain: stack.chain(CREATOR),
      metadataStore: stack.metadataStore,
      event: await newEvent('Stadium', 6),
      agentInboxIds: [agent.inboxId],
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
    const small = await mintEventWithChat({
      runtime: nodeRuntime,
      creator,
      chain: stack.chain(CREATOR),
      metadataStore: stack.metadataStore,
      event: await newEvent('Small room', 2),
      agentInboxIds: [agent.inboxId],
      sections: { seats: 2 },
    });
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
    const attempt = (sections: Parameters<typeof mintEventWithChat>[0]['sections'], capacity = 10) =>
      newEvent('Refused', capacity).then((event) =>
        mintEventWithChat({
          runtime: nodeRuntime,
          creator,
          chain: stack.chain(CREATOR),
          metadataStore: stack.metadataStore,
          event,
          agentInboxIds: [agent.inboxId],
          sections,
        }),
      );
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
