import { getEvent, type EventDetails, type TicketchatPublicClient } from '@ticketchat/contracts';
import type { BaseError } from '@ticketchat/errors';
import { isAddressEqual, type Address } from 'viem';
import { asBaseError, ChatDiscoveryError } from './errors.ts';
import { getEventMetadata } from './getEventMetadata.ts';
import type { EventMetadata } from './schema.ts';
import type { MetadataStore } from './store.ts';

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

export type DiscoveredEventChat =
  | {
      groupId: string;
      source: 'chain';
      creator: Address;
      event: EventDetails;
      /** Absent when the metadata could not be read; `metadataError` says why. */
      metadata?: EventMetadata;
      metadataError?: BaseError;
      disagreement?: ChatDisagreement;
    }
  | {
      groupId: string;
      source: 'ipfs';
      creator?: undefined;
      event?: undefined;
      metadata: EventMetadata;
      /** Why the chain was not used. */
      chainError: BaseError;
    };

/**
 * Finds the XMTP group of an event. The chain is the authority (only the creator can set the group
 * id there); the IPFS metadata is the backup when the chain cannot be read. When both answer and
 * differ, the chain wins and the result carries the disagreement.
 *
 * @example
 * const { groupId, source } = await discoverEventChat({ publicClient, registry, eventId, store })
 */
export async function discoverEventChat(parameters: DiscoverEventChatParameters): Promise<DiscoveredEventChat> {
  const { publicClient, registry, eventId, store } = parameters;
  let event: EventDetails;
  try {
    event = await getEvent(publicClient, { registry, eventId });
  } catch (error) {
    return discoverFromIpfs(parameters, asBaseError(error, `Reading event ${eventId} from the chain failed.`));
  }

  let metadata: EventMetadata | undefined;
  let metadataError: BaseError | undefined;
  try {
    metadata = (await getEventMetadata(store, event.metadataURI)).metadata;
  } catch (error) {
    metadataError = asBaseError(error, `Reading the metadata of event ${eventId} failed.`);
  }
  const base = { groupId: event.chatGroupId, source: 'chain' as const, creator: event.creator, event, metadata, metadataError };
  if (!metadata || metadata.chat.xmtpGroupId === event.chatGroupId) return base;

  const disagreement = { eventId, chain: event.chatGroupId, ipfs: metadata.chat.xmtpGroupId };
  parameters.onDisagreement?.(disagreement);
  return { ...base, disagreement };
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
