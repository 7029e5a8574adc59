import type { Address } from 'viem';
import type { TicketchatClients } from '../clients.ts';
import type { ContractWriteErrorType } from '../errors/contract.ts';
import { ticketKioskAbi } from '../generated/artifacts.ts';
import { writeContractAndReadLog, type TransactionResult } from './internal/writeContractAndReadLog.ts';

export type WithdrawProceedsParameters = { kiosk: Address; eventId: bigint };

export type WithdrawProceedsReturnType = TransactionResult & { amount: bigint };

export type WithdrawProceedsErrorType = ContractWriteErrorType;

/** Pays the event's proceeds (tickets sold minus refunded) to its creator, once, after the event ended. */
export async function withdrawProceeds(
  clients: TicketchatClients,
  { kiosk, eventId }: WithdrawProceedsParameters,
): Promise<WithdrawProceedsReturnType> {
  const { log, ...result } = await writeContractAndReadLog(
    clients,
    { action: `withdrawProceeds(event ${eventId})`, eventName: 'ProceedsWithdrawn' },
    {
      address: kiosk,
      abi: ticketKioskAbi,
      functionName: 'withdraw',
      args: [eventId],
      account: clients.walletClient.account,
      chain: clients.walletClient.chain,
    },
  );
  return { ...result, amount: log.args.amount };
}
