import { createEvent, type TicketchatClients } from '@ticketchat/contracts';
import { putEventMetadata, type EventMetadata, type MetadataStore, type PutEventMetadataErrorType } from '@ticketchat/metadata';
import type { Address } from 'viem';
import {
  MintEventError,
  type DraftGroupErrorType,
  type InvalidSectionsErrorType,
  type MintEventErrorType,
  type PublishGroupErrorType,
} from '../errors.ts';
import { createEventGroupDraft, publishEventGroup } from '../groups/eventGroups.ts';
import type { XmtpClient, XmtpGroup, XmtpRuntime } from '../sdk/types.ts';
import { planSections, sectionGroupName, type EventSectionOptions, type SectionPlan } from './sectionPlan.ts';

export interface NewEvent {
  title: string;
  description: string;
  category: string;
  /** `ipfs://<CID>` or an https URL; also the group's image. */
  image: string;
  /** Unix seconds. */
  startsAt: bigint;
  endsAt: bigint;
  /** In wei; 0 for a free event. */
  ticketPrice: bigint;
  capacity: number;
}

export interface MintEventWithChatOptions<Client extends XmtpClient, Group extends XmtpGroup> {
  runtime: Pick<XmtpRuntime<Client, Group>, 'createGroupOptimistic' | 'setConsent'>;
  /** The creator's XMTP client; the creator's wallet also signs the mint. */
  creator: Client;
  chain: TicketchatClients & { chainId: number; registry: Address; kiosk: Address };
  metadataStore: MetadataStore;
  event: NewEvent;
  /** Membership agents to make admins of the group (of every section) once the event exists. */
  agentInboxIds: string[];
  /**
   * How the event is cut into sections when its capacity exceeds one group (see
   * `EventSectionOptions`; by default as many 250-inbox groups as the capacity needs). An event
   * that fits one section gets exactly one group, as without sections.
   */
  sections?: EventSectionOptions;
  /** Told as each step starts, so a UI can show where the flow is. */
  onStep?: (step: MintStep) => void;
}

/** The flow's steps, in order (see `mintEventWithChat`). */
export type MintStep = 'draft-group' | 'store-metadata' | 'mint' | 'publish-group';

/** Every way the mint can fail, in its order: the sections asked for, the draft, the metadata (metadata's own errors), the mint, the publication. */
export type MintEventWithChatErrorType =
  InvalidSectionsErrorType | DraftGroupErrorType | PutEventMetadataErrorType | MintEventErrorType | PublishGroupErrorType;

export interface MintedEvent<Group extends XmtpGroup = XmtpGroup> {
  eventId: bigint;
  /** The group the chain records: section 0's. */
  groupId: string;
  metadataURI: string;
  /** The SDK's own group (`NodeXmtpGroup` from the node entry): section 0's. */
  group: Group;
  /** Every section in order, the first being `group` (one entry for an event of one group). */
  sections: { index: number; groupId: string; group: Group }[];
}

/**
 * The creator's whole minting flow, in the order that keeps chain, IPFS and XMTP consistent:
 * 1. the group (each section's, for a large event) is created locally (no network), so its id
 *    exists before the event does;
 * 2. the metadata, carrying that id (and every section's), is stored in IPFS, giving the metadata URI;
 * 3. one transaction creates the event with both the metadata URI and the (first) group id;
 * 4. only then is each group published, bound to the event id the mint's log returned (and to its
 *    section number), with the membership agents as admins.
 * A failed mint stops at step 3: the draft groups never reach the network, and are marked denied
 * locally so they stay out of the creator's lists.
 */
export async function mintEventWithChat<Client extends XmtpClient, Group extends XmtpGroup>(
  options: MintEventWithChatOptions<Client, Group>,
): Promise<MintedEvent<Group>> {
  const { runtime, creator, chain, metadataStore, event, agentInboxIds, onStep } = options;
  const plan = planSections(event.capacity, agentInboxIds.length, options.sections);
  onStep?.('draft-group');
  const groups = await draftSections(runtime, creator, event, plan);
  const [group] = groups;
  const abandonDrafts = () => denyAll(runtime, groups);
  onStep?.('store-metadata');
  const { uri: metadataURI } = await putEventMetadata(metadataStore, {
    schemaVersion: 1,
    title: event.title,
    description: event.description,
    category: event.category,
    startsAt: isoSeconds(event.startsAt),
    endsAt: isoSeconds(event.endsAt),
    image: event.image,
    chat: chatMetadata(groups, plan),
    chain: { chainId: chain.chainId, registry: chain.registry, kiosk: chain.kiosk },
  }).catch(async (error: unknown) => {
    await abandonDrafts();
    throw error;
  });
  onStep?.('mint');
  const { eventId } = await createEvent(chain, {
    registry: chain.registry,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    ticketPrice: event.ticketPrice,
    capacity: event.capacity,
    metadataURI,
    chatGroupId: group.id,
  }).catch(async (error: unknown) => {
    await abandonDrafts();
    throw new MintEventError(event.title, error);
  });
  onStep?.('publish-group');
  const binding = { chainId: chain.chainId, registry: chain.registry, eventId };
  for (const [index, section] of groups.entries()) {
    // A one-group event keeps the binding it always had; sections name their number.
    await publishEventGroup(section, { binding: plan.count > 1 ? { ...binding, section: index } : binding, agentInboxIds });
  }
  return {
    eventId,
    groupId: group.id,
    metadataURI,
    group,
    sections: groups.map((section, index) => ({ index, groupId: section.id, group: section })),
  };
}

/** Drafts every section's group locally (at least one); if one fails, the ones already drafted are denied. */
async function draftSections<Client extends XmtpClient, Group extends XmtpGroup>(
  runtime: MintEventWithChatOptions<Client, Group>['runtime'],
  creator: Client,
  event: NewEvent,
  plan: SectionPlan,
): Promise<[Group, ...Group[]]> {
  const draft = (index: number) =>
    createEventGroupDraft(runtime, creator, {
      name: plan.count > 1 ? sectionGroupName(event.title, index) : event.title,
      description: event.description,
      imageUrl: event.image,
    });
  const later: Group[] = [];
  const first = await draft(0);
  try {
    for (let index = 1; index < plan.count; index++) later.push(await draft(index));
  } catch (error) {
    await denyAll(runtime, [first, ...later]);
    throw error;
  }
  return [first, ...later];
}

/** The SDK cannot delete a group; denying an orphaned draft keeps it out of the creator's lists. */
async function denyAll<Group extends XmtpGroup>(
  runtime: Pick<XmtpRuntime<XmtpClient, Group>, 'setConsent'>,
  groups: Group[],
): Promise<void> {
  for (const group of groups) await runtime.setConsent(group, 'denied').catch(() => undefined);
}

/** The metadata's `chat`: the chain's group id, and for a sectioned event every section's id and size. */
function chatMetadata(groups: readonly [XmtpGroup, ...XmtpGroup[]], plan: SectionPlan): EventMetadata['chat'] {
  return {
    xmtpGroupId: groups[0].id,
    ...(plan.count > 1 ? { sections: groups.map((group) => group.id), sectionSeats: plan.seats } : {}),
    ...(plan.staff.length > 0 ? { staff: plan.staff } : {}),
  };
}

function isoSeconds(unixSeconds: bigint): string {
  return new Date(Number(unixSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
