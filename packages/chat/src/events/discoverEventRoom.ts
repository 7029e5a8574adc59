import type { TicketchatPublicClient } from '@ticketchat/contracts';
import { discoverEventChat, type ChatDisagreement, type MetadataStore } from '@ticketchat/metadata';
import type { Address } from 'viem';
import { ChatError } from '../errors.ts';
import { EventRoom, type OpenEventRoomOptions } from '../rooms/eventRoom.ts';
import type { XmtpClient } from '../sdk/types.ts';

export interface DiscoverEventRoomOptions<Client extends XmtpClient> extends Omit<OpenEventRoomOptions<Client>, 'event'> {
  publicClient: TicketchatPublicClient;
  chainId: number;
  registry: Address;
  eventId: bigint;
  metadataStore: MetadataStore;
  onDisagreement?: (disagreement: ChatDisagreement) => void;
}

/**
 * Finds an event's room from the chain (the chain's group id wins over the IPFS copy, and a
 * disagreement is reported), then verifies and opens it. Verification needs the creator's address,
 * which only the chain is trusted for: when the chain cannot be read, the room is refused rather
 * than shown unverified.
 */
export async function discoverEventRoom<Client extends XmtpClient>(options: DiscoverEventRoomOptions<Client>): Promise<EventRoom<Client>> {
  const { publicClient, chainId, registry, eventId, metadataStore, onDisagreement, ...room } = options;
  const found = await discoverEventChat({
    publicClient,
    registry,
    eventId,
    store: metadataStore,
    ...(onDisagreement ? { onDisagreement } : {}),
  });
  if (found.source !== 'chain') {
    throw new ChatError(`Event ${eventId}'s chat cannot be verified while the chain is unreachable; try again shortly.`, {
      cause: found.chainError,
    });
  }
  const { event } = found;
  return EventRoom.open({
    ...room,
    event: { chainId, registry, eventId, groupId: found.groupId, creator: found.creator, startsAt: event.startsAt, endsAt: event.endsAt },
  });
}
