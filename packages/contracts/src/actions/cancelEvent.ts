import type { Address } from 'viem';
import type { TicketchatClients } from '../clients.ts';
import type { ContractWriteErrorType } from '../errors/contract.ts';
import { eventRegistryAbi } from '../generated/artifacts.ts';
import { writeContractAndReadLog, type TransactionResult } from './internal/writeContractAndReadLog.ts';

export type CancelEventParameters = { registry: Address; eventId: bigint };

export type CancelEventErrorType = ContractWriteErrorType;

/**
 * Cancels an event that has not ended (creator only). Sales stop, `hasValidTicket` turns false for
 * everyone, and every holder can refund from then on.
 */
export async function cancelEvent(clients: TicketchatClients, { registry, eventId }: CancelEventParameters): Promise<TransactionResult> {
  const { hash, receipt } = await writeContractAndReadLog(
    clients,
    { action: `cancelEvent(event ${eventId})`, eventName: 'EventCancelled' },
    {
      address: registry,
      abi: eventRegistryAbi,
      functionName: 'cancelEvent',
      args: [eventId],
      account: clients.walletClient.account,
      chain: clients.walletClient.chain,
    },
  );
  return { hash, receipt };
}
