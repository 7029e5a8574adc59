import type { Address } from 'viem';
import type { TicketchatClients } from '../clients.ts';
import { withContractErrors, type ContractWriteErrorType } from '../errors/contract.ts';
import { ticketKioskAbi } from '../generated/artifacts.ts';
import { confirmTransaction, requireLog, type TransactionResult } from './internal/transaction.ts';

export type WithdrawProceedsParameters = { kiosk: Address; eventId: bigint };

export type WithdrawProceedsReturnType = TransactionResult & { amount: bigint };

export type WithdrawProceedsErrorType = ContractWriteErrorType;

/** Pays the event's proceeds (tickets sold minus refunded) to its creator, once, after the event ended. */
export async function withdrawProceeds(
  { publicClient, walletClient }: TicketchatClients,
  { kiosk, eventId }: WithdrawProceedsParameters,
): Promise<WithdrawProceedsReturnType> {
  const action = `withdrawProceeds(event ${eventId})`;
  return withContractErrors(action, async () => {
    const hash = await walletClient.writeContract({
      address: kiosk,
      abi: ticketKioskAbi,
      functionName: 'withdraw',
      args: [eventId],
      account: walletClient.account,
      chain: walletClient.chain,
    });
    const result = await confirmTransaction(publicClient, action, hash);
    const log = requireLog({ action, abi: ticketKioskAbi, eventName: 'ProceedsWithdrawn', address: kiosk, receipt: result.receipt });
    return { ...result, amount: log.args.amount };
  });
}
