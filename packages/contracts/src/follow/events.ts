import type { Address, DecodeEventLogReturnType, Hash } from 'viem';
import { eventRegistryAbi, ticketKioskAbi } from '../generated/artifacts.ts';
import type { Checkpoint } from './checkpoint.ts';

const registryEventNames = ['EventCreated', 'MetadataURIUpdated', 'ChatGroupIdUpdated', 'EventCancelled'] as const;
// The kiosk's own logs tell the whole ticket story with the event id in each; its ERC-721
// Transfer/Approval logs would only repeat it, so they are not followed.
const kioskEventNames = ['TicketPurchased', 'TicketRefunded', 'TicketTransferred', 'ProceedsWithdrawn'] as const;

type RegistryEventName = (typeof registryEventNames)[number];
type KioskEventName = (typeof kioskEventNames)[number];
type FollowedEventAbiItem =
  | Extract<(typeof eventRegistryAbi)[number], { type: 'event'; name: RegistryEventName }>
  | Extract<(typeof ticketKioskAbi)[number], { type: 'event'; name: KioskEventName }>;

/** The ABI items of every log the follower emits. */
export const followedEventsAbi: readonly FollowedEventAbiItem[] = [
  ...eventRegistryAbi.filter(
    (item): item is Extract<FollowedEventAbiItem, { name: RegistryEventName }> =>
      item.type === 'event' && (registryEventNames as readonly string[]).includes(item.name),
  ),
  ...ticketKioskAbi.filter(
    (item): item is Extract<FollowedEventAbiItem, { name: KioskEventName }> =>
      item.type === 'event' && (kioskEventNames as readonly string[]).includes(item.name),
  ),
];

export type FollowedEventName = RegistryEventName | KioskEventName;

/**
 * What a registry or kiosk log says, decoded: a Solidity event's name and arguments (`eventName`
 * narrows `args`). "Log event", because a bare "event" in ticketchat is always the live event.
 */
export type TicketchatLogEvent = {
  [name in FollowedEventName]: { eventName: name; args: DecodeEventLogReturnType<typeof followedEventsAbi, name>['args'] };
}[FollowedEventName];

export type TicketchatLog = TicketchatLogEvent & {
  contract: 'registry' | 'kiosk';
  address: Address;
  blockNumber: bigint;
  blockHash: Hash;
  logIndex: number;
  transactionHash: Hash;
  /** Persist this after handling the log to resume right after it. */
  checkpoint: Checkpoint;
};
