import type { Address } from 'viem';
import type { TicketchatClients } from '../clients.ts';
import type { ContractWriteErrorType } from '../errors/contract.ts';
import { ticketKioskAbi } from '../generated/artifacts.ts';
import { writeContractAndReadLog, type TransactionResult } from './internal/writeContractAndReadLog.ts';

export type BuyTicketParameters = {
  kiosk: Address;
  eventId: bigint;
  /** The exact ticket price in wei (from `getEvent`); any other amount reverts with `WrongPayment`. */
  price: bigint;
};

export type BuyTicketReturnType = TransactionResult & { ticketId: bigint };

export type BuyTicketErrorType = ContractWriteErrorType;

/**
 * Buys one ticket for the wallet's account. The ticket id comes from the `TicketPurchased` log.
 *
 * @example
 * const event = await getEvent(publicClient, { registry, eventId })
 * const { ticketId } = await buyTicket(clients, { kiosk, eventId, price: event.ticketPrice })
 */
export async function buyTicket(clients: TicketchatClients, { kiosk, eventId, price }: BuyTicketParameters): Promise<BuyTicketReturnType> {
  const { log, ...result } = await writeContractAndReadLog(
    clients,
    { action: `buyTicket(event ${eventId})`, eventName: 'TicketPurchased' },
    {
      address: kiosk,
      abi: ticketKioskAbi,
      functionName: 'buy',
      args: [eventId],
      value: price,
      account: clients.walletClient.account,
      chain: clients.walletClient.chain,
    },
  );
  return { ...result, ticketId: log.args.ticketId };
}
