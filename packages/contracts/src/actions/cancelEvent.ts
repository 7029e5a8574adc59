import type { Address } from 'viem';
import type { TicketchatClients } from '../clients.ts';
import { withContractErrors, type ContractWriteErrorType } from '../errors/contract.ts';
import { eventRegistryAbi } from '../generated/artifacts.ts';
import { confirmTransaction, requireLog, type TransactionResult } from './internal/transaction.ts';

export type CancelEventParameters = { registry: Address; eventId: bigint };

export type CancelEventErrorType = ContractWriteErrorType;

/**
 * Cancels an event that has not ended (creator only). Sales stop, `hasValidTicket` turns false for
 * everyone, and every holder can refund from then on.
 */
export async function cancelEvent(
  { publicClient, walletClient }: TicketchatClients,
  { registry, eventId }: CancelEventParameters,
): Promise<TransactionResult> {
  const action = `cancelEvent(event ${eventId})`;
  return withContractErrors(action, async () => {
    const hash = await walletClient.writeContract({
      address: registry,
      abi: eventRegistryAbi,
      functionName: 'cancelEvent',
      args: [eventId],
      account: walletClient.account,
      chain: walletClient.chain,
    });
    const result = await confirmTransaction(publicClient, action, hash);
    requireLog({ action, abi: eventRegistryAbi, eventName: 'EventCancelled', address: registry, receipt: result.receipt });
    return result;
  });
}
