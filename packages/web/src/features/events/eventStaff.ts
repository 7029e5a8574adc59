import type { EventMetadata } from '@ticketchat/metadata';
import { isAddressEqual, type Address } from 'viem';

/**
 * Whether `address` is staff at the event: named in the metadata the chain's CID names (the agent
 * puts staff in every section, or in the one group). Staff enter without a ticket and may announce.
 */
export function isEventStaff(metadata: EventMetadata | undefined, address: Address | undefined): boolean {
  return address !== undefined && (metadata?.chat.staff ?? []).some((member) => isAddressEqual(member, address));
}
