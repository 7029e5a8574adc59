import { findEventChatOnChain, XMTP_GROUP_MEMBER_LIMIT } from '@ticketchat/chat/node';
import type { TicketchatPublicClient } from '@ticketchat/contracts';
import type { MetadataStore } from '@ticketchat/metadata';
import { sentenceOf } from '@ticketchat/errors';
import type { Address } from 'viem';
import type { AgentStore, SectionLayout, StoredEvent } from '../store/agentStore.ts';

/** An event's sections as the chain vouches for them, or why they cannot be known yet. */
export type LayoutReading = { layout: SectionLayout | undefined; problem?: undefined } | { layout?: undefined; problem: string };

/**
 * Reads an event's sections from the metadata whose CID the chain names (never from a CID anyone
 * else hands over), through a store that checks every block against its CID: so the list is as
 * trustworthy as the chain. The chain's group id must still be `groupId` (the one being adopted)
 * and the list must start with it. No `sections` and no staff: an event of one group (undefined).
 */
export async function readSectionLayout(
  source: { publicClient: TicketchatPublicClient; registry: Address; metadataStore: MetadataStore },
  eventId: bigint,
  groupId: string,
): Promise<LayoutReading> {
  let found: Awaited<ReturnType<typeof findEventChatOnChain>>;
  try {
    found = await findEventChatOnChain({
      publicClient: source.publicClient,
      registry: source.registry,
      eventId,
      store: source.metadataStore,
    });
  } catch (error) {
    return { problem: `the event cannot be read from the chain: ${sentenceOf(error)}` };
  }
  if (found.groupId !== groupId) return { problem: `the chain now names group ${found.groupId}` };
  if (!found.metadata) return { problem: `the event's metadata cannot be read: ${found.metadataError?.shortMessage ?? 'unknown error'}` };
  if (found.sections) return { layout: { groupIds: found.sections, seats: found.sectionSeats!, staff: found.staff ?? [] } };
  // An event of one group with named staff is managed as one section, so its staff are put in
  // too (they may announce); its holders are bounded by the group cap alone. Without staff: no layout.
  if (found.staff?.length) return { layout: { groupIds: [groupId], seats: XMTP_GROUP_MEMBER_LIMIT, staff: found.staff } };
  return { layout: undefined };
}

/**
 * The groups of the event an inbox may sit in: the event's group; for a sectioned event, the
 * section of its seat, or every section for an inbox without one (the creator, staff).
 */
export async function groupsOfInbox(store: AgentStore, event: StoredEvent, inbox: string): Promise<string[]> {
  const layout = await store.sectionLayout(event.eventId);
  if (!layout) return [event.groupId];
  const seat = (await store.seats(event.eventId)).get(inbox);
  return seat === undefined ? layout.groupIds : [layout.groupIds[seat]!];
}
