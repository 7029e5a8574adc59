import { ticketKioskAbi, type TicketchatPublicClient } from '@ticketchat/contracts';
import type { Address } from 'viem';

/**
 * Reads ticket validity from the chain itself: a log only says that something happened, the
 * kiosk's `hasValidTicket` says what holds now (counting every ticket the address has, and false
 * once the event is cancelled). With confirmations, reads are pinned `confirmations` blocks below
 * the head, so a change that a reorganisation may still undo is not acted on yet.
 */
export class TicketReader {
  constructor(
    private readonly publicClient: TicketchatPublicClient,
    private readonly kiosk: Address,
    private readonly confirmations: number,
  ) {}

  /** The newest block the agent acts on, or undefined for the head itself. */
  async trustedBlock(): Promise<bigint | undefined> {
    if (this.confirmations === 0) return undefined;
    const head = await this.publicClient.getBlockNumber({ cacheTime: 0 });
    return head - BigInt(this.confirmations);
  }

  async validity(eventId: bigint, addresses: readonly Address[], blockNumber?: bigint): Promise<Map<Address, boolean>> {
    // Concurrent reads go out as one JSON-RPC batch (the agent's transport batches).
    const results = await Promise.all(
      addresses.map((holder) =>
        this.publicClient.readContract({
          address: this.kiosk,
          abi: ticketKioskAbi,
          functionName: 'hasValidTicket',
          args: [eventId, holder],
          ...(blockNumber === undefined ? {} : { blockNumber }),
        }),
      ),
    );
    return new Map(addresses.map((address, index) => [address, results[index]!]));
  }
}
