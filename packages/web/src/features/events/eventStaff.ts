import type { EventMetadata } from '@ticketchat/metadata';
import { isAddressEqual, type Address } from 'viem';

/**
 * Whether `address` is staff at the event: named in the metadata the chain's CID names, of an
 * event with sections (the agent seats staff in every section; a one-group event seats none). Staff
 * enter without a ticket and may announce.
 */
export function isEventStaff(metadata: EventMetadata | undefined, address: Address | undefined): boolean {
  const chat = metadata?.chat;
  return address !== undefined && chat?.sections !== undefined && (chat.staff ?? []).some((member) => isAddressEqual(member, address));
}
