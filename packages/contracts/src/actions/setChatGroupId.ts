import type { Address } from 'viem';
import { encodeChatGroupId, type InvalidChatGroupIdErrorType } from '../chatGroupId.ts';
import type { TicketchatClients } from '../clients.ts';
import { withContractErrors, type ContractWriteErrorType } from '../errors/contract.ts';
import { eventRegistryAbi } from '../generated/artifacts.ts';
import { confirmTransaction, requireLog, type TransactionResult } from './internal/transaction.ts';

export type SetChatGroupIdParameters = {
  registry: Address;
  eventId: bigint;
  /** The XMTP group id (hex; `0x` optional). */
  chatGroupId: string;
};

export type SetChatGroupIdErrorType = ContractWriteErrorType | InvalidChatGroupIdErrorType;

/** Points the event at another XMTP group (creator only); emits `ChatGroupIdUpdated`. */
export async function setChatGroupId(
  { publicClient, walletClient }: TicketchatClients,
  { registry, eventId, chatGroupId }: SetChatGroupIdParameters,
): Promise<TransactionResult> {
  const action = `setChatGroupId(event ${eventId})`;
  return withContractErrors(action, async () => {
    const hash = await walletClient.writeContract({
      address: registry,
      abi: eventRegistryAbi,
      functionName: 'setChatGroupId',
      args: [eventId, encodeChatGroupId(chatGroupId)],
      account: walletClient.account,
      chain: walletClient.chain,
    });
    const result = await confirmTransaction(publicClient, action, hash);
    requireLog({ action, abi: eventRegistryAbi, eventName: 'ChatGroupIdUpdated', address: registry, receipt: result.receipt });
    return result;
  });
}
