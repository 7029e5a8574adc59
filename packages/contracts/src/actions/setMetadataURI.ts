import type { Address } from 'viem';
import type { TicketchatClients } from '../clients.ts';
import { withContractErrors, type ContractWriteErrorType } from '../errors/contract.ts';
import { eventRegistryAbi } from '../generated/artifacts.ts';
import { confirmTransaction, requireLog, type TransactionResult } from './internal/transaction.ts';

export type SetMetadataURIParameters = { registry: Address; eventId: bigint; metadataURI: string };

export type SetMetadataURIErrorType = ContractWriteErrorType;

/** Points the event at new metadata (creator only); emits `MetadataURIUpdated`. */
export async function setMetadataURI(
  { publicClient, walletClient }: TicketchatClients,
  { registry, eventId, metadataURI }: SetMetadataURIParameters,
): Promise<TransactionResult> {
  const action = `setMetadataURI(event ${eventId})`;
  return withContractErrors(action, async () => {
    const hash = await walletClient.writeContract({
      address: registry,
      abi: eventRegistryAbi,
      functionName: 'setMetadataURI',
      args: [eventId, metadataURI],
      account: walletClient.account,
      chain: walletClient.chain,
    });
    const result = await confirmTransaction(publicClient, action, hash);
    requireLog({ action, abi: eventRegistryAbi, eventName: 'MetadataURIUpdated', address: registry, receipt: result.receipt });
    return result;
  });
}
