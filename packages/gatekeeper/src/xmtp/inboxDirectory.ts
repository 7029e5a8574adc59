import { IdentifierKind } from '@xmtp/node-sdk';
import type { Address } from 'viem';
import type { AgentClient } from '../internal/common.ts';

/**
 * Who is who on XMTP: the inbox an address belongs to (none until its owner registers), and the
 * addresses an inbox holds. Membership is per inbox, tickets are per address, so both directions
 * are needed.
 */
export class InboxDirectory {
  constructor(private readonly client: AgentClient) {}

  /** The inbox of each address, or null when the address has no XMTP identity yet. */
  async inboxesOf(addresses: readonly Address[]): Promise<Map<Address, string | null>> {
    const inboxes = await Promise.all(
      addresses.map((address) =>
        this.client.fetchInboxIdByIdentifier({ identifier: address.toLowerCase(), identifierKind: IdentifierKind.Ethereum }),
      ),
    );
    return new Map(addresses.map((address, index) => [address, inboxes[index] ?? null]));
  }

  /** Every Ethereum address linked to each inbox, as the network knows it now. */
  async addressesOf(inboxIds: readonly string[]): Promise<Map<string, Address[]>> {
    if (inboxIds.length === 0) return new Map();
    const states = await this.client.preferences.fetchInboxStates([...inboxIds]);
    return new Map(
      states.map((state) => [
        state.inboxId,
        state.identifiers
          .filter((identifier) => identifier.identifierKind === IdentifierKind.Ethereum)
          .map((identifier) => identifier.identifier.toLowerCase() as Address),
      ]),
    );
  }
}
