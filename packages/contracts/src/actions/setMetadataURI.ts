import type { Address } from 'viem';
import type { TicketchatClients } from '../clients.ts';
import type { ContractWriteErrorType } from '../errors/contract.ts';
import { eventRegistryAbi } from '../generated/artifacts.ts';
import { writeContractAndReadLog, type TransactionResult } from './internal/writeContractAndReadLog.ts';

export type SetMetadataURIParameters = { registry: Address; eventId: bigint; metadataURI: string };

export type SetMetadataURIErrorType = ContractWriteErrorType;

/** Points the event at new metadata (creator only); emits `MetadataURIUpdated`. */
export async function setMetadataURI(
  clients: TicketchatClients,
  { registry, eventId, metadataURI }: SetMetadataURIParameters,
): Promise<TransactionResult> {
  const { hash, receipt } = await writeContractAndReadLog(
    clients,
    { action: `setMetadataURI(event ${eventId})`, eventName: 'MetadataURIUpdated' },
    {
      address: registry,
      abi: eventRegistryAbi,
      functionName: 'setMetadataURI',
      args: [eventId, metadataURI],
      account: clients.walletClient.account,
      chain: clients.walletClient.chain,
    },
  );
  return { hash, receipt };
}
