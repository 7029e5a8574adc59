import type { Address } from 'viem';
import type { TicketchatClients } from '../clients.ts';
import { withContractErrors, type ContractWriteErrorType } from '../errors/contract.ts';
import { ticketKioskAbi } from '../generated/artifacts.ts';
import { confirmTransaction, requireLog, type TransactionResult } from './internal/transaction.ts';

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
export async function buyTicket(
  { publicClient, walletClient }: TicketchatClients,
  { kiosk, eventId, price }: BuyTicketParameters,
): Promise<BuyTicketReturnType> {
  const action = `buyTicket(event ${eventId})`;
  return withContractErrors(action, async () => {
    const hash = await walletClient.writeContract({
      address: kiosk,
      abi: ticketKioskAbi,
      functionName: 'buy',
      args: [eventId],
      value: price,
      account: walletClient.account,
      chain: walletClient.chain,
    });
    const result = await confirmTransaction(publicClient, action, hash);
    const log = requireLog({ action, abi: ticketKioskAbi, eventName: 'TicketPurchased', address: kiosk, receipt: result.receipt });
    return { ...result, ticketId: log.args.ticketId };
  });
}
