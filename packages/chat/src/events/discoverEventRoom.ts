import { ticketsSold, type TicketchatPublicClient } from '@ticketchat/contracts';
import { sentenceOf } from '@ticketchat/errors';
import type { MetadataStore } from '@ticketchat/metadata';
import type { Address } from 'viem';
import { ChatDiscoveryError, type ChatDiscoveryErrorType } from '../errors.ts';
import { openEventRoom, type EventRoom, type OpenEventRoomErrorType, type OpenEventRoomOptions } from '../rooms/eventRoom.ts';
import type { XmtpClient, XmtpGroup } from '../sdk/types.ts';
import { findEventChatOnChain, type ChatDisagreement } from './discoverEventChat.ts';

export interface DiscoverEventRoomOptions<Client extends XmtpClient, Group extends XmtpGroup = XmtpGroup> extends Omit<
  OpenEventRoomOptions<Client, Group>,
  'event'
> {
  publicClient: TicketchatPublicClient;
  chainId: number;
  registry: Address;
  eventId: bigint;
  metadataStore: MetadataStore;
  /** The kiosk whose `ticketsSold` is the room's attendance; by default the one the chain-named metadata names. */
  kiosk?: Address;
  onDisagreement?: (disagreement: ChatDisagreement) => void;
  /**
   * Which section (0-based) to open, for the creator and staff, who are in every section; by default
   * the member's own. Verified like any section; one the wallet is not in is a NotInvitedError, one
   * the event does not have a NoSuchSectionError.
   */
  section?: number;
}

export type DiscoverEventRoomErrorType = ChatDiscoveryErrorType | OpenEventRoomErrorType;

/**
 * Finds an event's room (for a sectioned event: the member's own section) from the chain (the chain's group id wins over the IPFS copy, and a
 * disagreement is reported), then verifies and opens it. Verification needs the creator's address,
 * which only the chain is trusted for: when the chain cannot be read, the room is refused with a
 * `ChatDiscoveryError` rather than shown unverified.
 */
export async function discoverEventRoom<Client extends XmtpClient, Group extends XmtpGroup>(
  options: DiscoverEventRoomOptions<Client, Group>,
): Promise<EventRoom<Client, Group>> {
  const { publicClient, chainId, registry, eventId, metadataStore, kiosk, onDisagreement, section, ...room } = options;
  const found = await findEventChatOnChain({
    publicClient,
    registry,
    eventId,
    store: metadataStore,
    ...(onDisagreement ? { onDisagreement } : {}),
  }).catch((error: unknown) => {
    throw new ChatDiscoveryError(`Event ${eventId}'s chat cannot be verified without the chain: ${sentenceOf(error)}`, { cause: error });
  });
  const { event } = found;
  const attendanceKiosk = kiosk ?? found.metadata?.chain.kiosk;
  return openEventRoom({
    ...(attendanceKiosk ? { attendance: () => ticketsSold(publicClient, { kiosk: attendanceKiosk, eventId }) } : {}),
    ...room,
    event: {
      chainId,
      registry,
      eventId,
      groupId: found.groupId,
      creator: found.creator,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      // Sections and staff only from the metadata the chain names (findEventChatOnChain guarantees it).
      ...(found.sections ? { sectionGroupIds: found.sections } : {}),
      ...(found.staff ? { staff: found.staff } : {}),
      ...(section !== undefined ? { section } : {}),
    },
  });
}
