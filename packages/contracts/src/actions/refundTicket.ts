import type { Address } from 'viem';
import type { TicketchatClients } from '../clients.ts';
import { withContractErrors, type ContractWriteErrorType } from '../errors/contract.ts';
import { ticketKioskAbi } from '../generated/artifacts.ts';
import { confirmTransaction, requireLog, type TransactionResult } from './internal/transaction.ts';

export type RefundTicketParameters = { kiosk: Address; ticketId: bigint };

export type RefundTicketReturnType = TransactionResult & { eventId: bigint; amount: bigint };

export type RefundTicketErrorType = ContractWriteErrorType;

/**
 * Refunds a ticket held by the wallet's account: before its event starts, or at any time once the
 * event is cancelled. The ticket is burned and the price paid for it is sent to the holder.
 */
export async function refundTicket(
  { publicClient, walletClient }: TicketchatClients,
  { kiosk, ticketId }: RefundTicketParameters,
): Promise<RefundTicketReturnType> {
  const action = `refundTicket(ticket ${ticketId})`;
  return withContractErrors(action, async () => {
    const hash = await walletClient.writeContract({
      address: kiosk,
      abi: ticketKioskAbi,
      functionName: 'refund',
      args: [ticketId],
      account: walletClient.account,
      chain: walletClient.chain,
    });
    const result = await confirmTransaction(publicClient, action, hash);
    const log = requireLog({ action, abi: ticketKioskAbi, eventName: 'TicketRefunded', address: kiosk, receipt: result.receipt });
    return { ...result, eventId: log.args.eventId, amount: log.args.amount };
  });
}
