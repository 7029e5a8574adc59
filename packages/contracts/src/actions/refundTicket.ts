import type { Address } from 'viem';
import type { TicketchatClients } from '../clients.ts';
import type { ContractWriteErrorType } from '../errors/contract.ts';
import { ticketKioskAbi } from '../generated/artifacts.ts';
import { writeContractAndReadLog, type TransactionResult } from './internal/writeContractAndReadLog.ts';

export type RefundTicketParameters = { kiosk: Address; ticketId: bigint };

export type RefundTicketReturnType = TransactionResult & { eventId: bigint; amount: bigint };

export type RefundTicketErrorType = ContractWriteErrorType;

/**
 * Refunds a ticket held by the wallet's account: before its event starts, or at any time once the
 * event is cancelled. The ticket is burned and the price paid for it is sent to the holder.
 */
export async function refundTicket(
  clients: TicketchatClients,
  { kiosk, ticketId }: RefundTicketParameters,
): Promise<RefundTicketReturnType> {
  const { log, ...result } = await writeContractAndReadLog(
    clients,
    { action: `refundTicket(ticket ${ticketId})`, eventName: 'TicketRefunded' },
    {
      address: kiosk,
      abi: ticketKioskAbi,
      functionName: 'refund',
      args: [ticketId],
      account: clients.walletClient.account,
      chain: clients.walletClient.chain,
    },
  );
  return { ...result, eventId: log.args.eventId, amount: log.args.amount };
}
