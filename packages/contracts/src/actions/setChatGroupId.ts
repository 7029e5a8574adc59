import type { Address } from 'viem';
import { encodeChatGroupId, type InvalidChatGroupIdErrorType } from '../chatGroupId.ts';
import type { TicketchatClients } from '../clients.ts';
import type { ContractWriteErrorType } from '../errors/contract.ts';
import { eventRegistryAbi } from '../generated/artifacts.ts';
import { writeContractAndReadLog, type TransactionResult } from './internal/writeContractAndReadLog.ts';

export type SetChatGroupIdParameters = {
  registry: Address;
  eventId: bigint;
  /** The XMTP group id (hex; `0x` optional). */
  chatGroupId: string;
};

export type SetChatGroupIdErrorType = ContractWriteErrorType | InvalidChatGroupIdErrorType;

/** Points the event at another XMTP group (creator only); emits `ChatGroupIdUpdated`. */
export async function setChatGroupId(
  clients: TicketchatClients,
  { registry, eventId, chatGroupId }: SetChatGroupIdParameters,
): Promise<TransactionResult> {
  const { hash, receipt } = await writeContractAndReadLog(
    clients,
    { action: `setChatGroupId(event ${eventId})`, eventName: 'ChatGroupIdUpdated' },
    {
      address: registry,
      abi: eventRegistryAbi,
      functionName: 'setChatGroupId',
      args: [eventId, encodeChatGroupId(chatGroupId)],
      account: clients.walletClient.account,
      chain: clients.walletClient.chain,
    },
  );
  return { hash, receipt };
}
