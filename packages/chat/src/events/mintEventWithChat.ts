import { createEvent, type TicketchatClients } from '@ticketchat/contracts';
import { putEventMetadata, type MetadataStore, type PutEventMetadataErrorType } from '@ticketchat/metadata';
import type { Address } from 'viem';
import { MintEventError, type DraftGroupErrorType, type MintEventErrorType, type PublishGroupErrorType } from '../errors.ts';
import { createEventGroupDraft, publishEventGroup } from '../groups/eventGroups.ts';
import type { XmtpClient, XmtpGroup, XmtpRuntime } from '../sdk/types.ts';

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
  /** Membership agents to make admins of the group once the event exists. */
  agentInboxIds: string[];
  /** Told as each step starts, so a UI can show where the flow is. */
  onStep?: (step: MintStep) => void;
}

/** The flow's steps, in order (see `mintEventWithChat`). */
export type MintStep = 'draft-group' | 'store-metadata' | 'mint' | 'publish-group';

/** Every way the mint can fail, in its order: the draft, the metadata (metadata's own errors), the mint, the publication. */
export type MintEventWithChatErrorType = DraftGroupErrorType | PutEventMetadataErrorType | MintEventErrorType | PublishGroupErrorType;

export interface MintedEvent<Group extends XmtpGroup = XmtpGroup> {
  eventId: bigint;
  groupId: string;
  metadataURI: string;
  /** The SDK's own group (`NodeXmtpGroup` from the node entry). */
  group: Group;
}

/**
 * The creator's whole minting flow, in the order that keeps chain, IPFS and XMTP consistent:
 * 1. the group is created locally (no network), so its id exists before the event does;
 * 2. the metadata, carrying that id, is stored in IPFS, giving the metadata URI;
 * 3. one transaction creates the event with both the metadata URI and the group id;
 * 4. only then is the group published, bound to the event id the mint's log returned, with the
 *    membership agents as admins.
 * A failed mint stops at step 3: the draft group never reaches the network, and is marked denied
 * locally so it stays out of the creator's lists.
 */
export async function mintEventWithChat<Client extends XmtpClient, Group extends XmtpGroup>(
  options: MintEventWithChatOptions<Client, Group>,
): Promise<MintedEvent<Group>> {
  const { runtime, creator, chain, metadataStore, event, agentInboxIds, onStep } = options;
  onStep?.('draft-group');
  const group = await createEventGroupDraft(runtime, creator, { name: event.title, description: event.description, imageUrl: event.image });
  onStep?.('store-metadata');
  const { uri: metadataURI } = await putEventMetadata(metadataStore, {
    schemaVersion: 1,
    title: event.title,
    description: event.description,
    category: event.category,
    startsAt: isoSeconds(event.startsAt),
    endsAt: isoSeconds(event.endsAt),
    image: event.image,
    chat: { xmtpGroupId: group.id },
    chain: { chainId: chain.chainId, registry: chain.registry, kiosk: chain.kiosk },
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
    // The SDK cannot delete a group; denying the orphaned draft keeps it out of the creator's lists.
    await runtime.setConsent(group, 'denied').catch(() => undefined);
    throw new MintEventError(event.title, error);
  });
  onStep?.('publish-group');
  await publishEventGroup(group, { binding: { chainId: chain.chainId, registry: chain.registry, eventId }, agentInboxIds });
  return { eventId, groupId: group.id, metadataURI, group };
}

function isoSeconds(unixSeconds: bigint): string {
  return new Date(Number(unixSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
