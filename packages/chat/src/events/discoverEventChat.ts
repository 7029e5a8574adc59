import { getEvent, type EventDetails, type GetEventErrorType, type TicketchatPublicClient } from '@ticketchat/contracts';
import { BaseError, sentenceOf } from '@ticketchat/errors';
import { getEventMetadata, type EventMetadata, type MetadataStore } from '@ticketchat/metadata';
import { isAddressEqual, type Address } from 'viem';
import { ChatDiscoveryError, type ChatDiscoveryErrorType } from '../errors.ts';

export type ChatDisagreement = {
  eventId: bigint;
  /** The group id on chain: the one used. */
  chain: string;
  /** The group id in the IPFS metadata the chain points at. */
  ipfs: string;
};

export type DiscoverEventChatParameters = {
  publicClient: TicketchatPublicClient;
  registry: Address;
  eventId: bigint;
  store: MetadataStore;
  /**
   * The event's metadata URI as last seen (from an `EventCreated`/`MetadataURIUpdated` log or a cache):
   * the way to the IPFS backup when the chain cannot be read. When the chain answers, its URI is used.
   */
  knownMetadataURI?: string;
  /** Called when chain and IPFS name different groups. */
  onDisagreement?: (disagreement: ChatDisagreement) => void;
};

/** The chat as the chain names it: the only answer that carries the creator, so the only one a room can be verified with. */
export type EventChatOnChain = {
  groupId: string;
  source: 'chain';
  creator: Address;
  event: EventDetails;
  /** Absent when the metadata could not be read; `metadataError` says why. */
  metadata?: EventMetadata;
  metadataError?: BaseError;
  disagreement?: ChatDisagreement;
} & EventSections;

/**
 * A sectioned event's sections and staff, read only from the metadata whose CID the chain names
 * (so as trustworthy as the chain). `sections` is given only when it starts with the chain's group id.
 */
export type EventSections = {
  /** Every section's group id in order; absent for an event of one group. */
  sections?: string[];
  /** Ticket holders per section; with `sections`. */
  sectionSeats?: number;
  /** The addresses the creator named as staff (they may announce). */
  staff?: Address[];
};

export type DiscoveredEventChat =
  | EventChatOnChain
  | {
      groupId: string;
      source: 'ipfs';
      creator?: undefined;
      event?: undefined;
      metadata: EventMetadata;
      /** Why the chain was not used. */
      chainError: BaseError;
      /** Never from a document the chain did not name. */
      sections?: undefined;
      sectionSeats?: undefined;
      staff?: undefined;
    };

export type DiscoverEventChatErrorType = ChatDiscoveryErrorType;
export type FindEventChatOnChainErrorType = GetEventErrorType;

/**
 * Finds the XMTP group of an event. The chain is the authority (only the creator can set the group
 * id there); the IPFS metadata is the backup when the chain cannot be read. When both answer and
 * differ, the chain wins and the result carries the disagreement.
 *
 * @example
 * const { groupId, source } = await discoverEventChat({ publicClient, registry, eventId, store })
 */
export async function discoverEventChat(parameters: DiscoverEventChatParameters): Promise<DiscoveredEventChat> {
  try {
    return await findEventChatOnChain(parameters);
  } catch (error) {
    const chainError =
      error instanceof BaseError ? error : new ChatDiscoveryError(`Reading event ${parameters.eventId} failed.`, { cause: error });
    return discoverFromIpfs(parameters, chainError);
  }
}

/**
 * The chain's answer alone: the event (a failure of `getEvent` is thrown as is), with the metadata it
 * points at read alongside (a failure there is reported in `metadataError`, never thrown).
 */
export async function findEventChatOnChain(parameters: Omit<DiscoverEventChatParameters, 'knownMetadataURI'>): Promise<EventChatOnChain> {
  const { publicClient, registry, eventId, store } = parameters;
  const event = await getEvent(publicClient, { registry, eventId });
  let metadata: EventMetadata | undefined;
  let metadataError: BaseError | undefined;
  try {
    metadata = (await getEventMetadata(store, event.metadataURI)).metadata;
  } catch (error) {
    metadataError =
      error instanceof BaseError
        ? error
        : new ChatDiscoveryError(`Reading the metadata of event ${eventId} failed: ${sentenceOf(error)}`, { cause: error });
  }
  const found = {
    groupId: event.chatGroupId,
    source: 'chain' as const,
    creator: event.creator,
    event,
    metadata,
    metadataError,
    ...(metadata ? sectionsOf(metadata, event.chatGroupId) : {}),
  };
  if (!metadata || metadata.chat.xmtpGroupId === event.chatGroupId) return found;

  const disagreement = { eventId, chain: event.chatGroupId, ipfs: metadata.chat.xmtpGroupId };
  parameters.onDisagreement?.(disagreement);
  return { ...found, disagreement };
}

/** The sections and staff of chain-named metadata; a section list not starting with the chain's group is stale and left out. */
function sectionsOf({ chat }: EventMetadata, chainGroupId: string): EventSections {
  return {
    ...(chat.sections?.[0] === chainGroupId ? { sections: chat.sections, sectionSeats: chat.sectionSeats } : {}),
    ...(chat.staff ? { staff: chat.staff } : {}),
  };
}

async function discoverFromIpfs(parameters: DiscoverEventChatParameters, chainError: BaseError): Promise<DiscoveredEventChat> {
  const { eventId, registry, store, knownMetadataURI } = parameters;
  if (!knownMetadataURI) {
    throw new ChatDiscoveryError(`Cannot find the chat of event ${eventId}: the chain could not be read and no metadata URI is known.`, {
      cause: chainError,
    });
  }
  let metadata: EventMetadata;
  try {
    metadata = (await getEventMetadata(store, knownMetadataURI)).metadata;
  } catch (cause) {
    throw new ChatDiscoveryError(
      `Cannot find the chat of event ${eventId}: the chain could not be read and neither could its IPFS metadata.`,
      {
        cause,
        metaMessages: [`Chain: ${chainError.shortMessage}`],
      },
    );
  }
  // Off chain nothing vouches for the document, so at least refuse one written for another event.
  if (!isAddressEqual(metadata.chain.registry, registry) || (metadata.eventId !== undefined && metadata.eventId !== eventId.toString())) {
    throw new ChatDiscoveryError(
      `The metadata at ${knownMetadataURI} describes event ${metadata.eventId ?? '(unset)'} of registry ${metadata.chain.registry}, not event ${eventId} of ${registry}.`,
      { cause: chainError },
    );
  }
  return { groupId: metadata.chat.xmtpGroupId, source: 'ipfs', metadata, chainError };
}
