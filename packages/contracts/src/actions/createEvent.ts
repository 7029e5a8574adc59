import type { Address } from 'viem';
import { encodeChatGroupId, type InvalidChatGroupIdErrorType } from '../chatGroupId.ts';
import type { TicketchatClients } from '../clients.ts';
import type { ContractWriteErrorType } from '../errors/contract.ts';
import { eventRegistryAbi } from '../generated/artifacts.ts';
import { writeContractAndReadLog, type TransactionResult } from './internal/writeContractAndReadLog.ts';

export type CreateEventParameters = {
  registry: Address;
  /** Unix seconds. May be in the past (an event that is already live), but `endsAt` may not. */
  startsAt: bigint;
  /** Unix seconds, after `startsAt`. */
  endsAt: bigint;
  /** In wei; 0 makes a free event. */
  ticketPrice: bigint;
  /** How many tickets may be valid at once; at least 1. */
  capacity: number;
  /** `ipfs://<CID>` of the event metadata. */
  metadataURI: string;
  /** The XMTP group id, as the XMTP SDK prints it (hex; `0x` optional). */
  chatGroupId: string;
};

export type CreateEventReturnType = TransactionResult & { eventId: bigint };

export type CreateEventErrorType = ContractWriteErrorType | InvalidChatGroupIdErrorType;

/**
 * Creates an event owned by the wallet's account in one transaction. The id is read from the
 * `EventCreated` log of the mined transaction, never predicted.
 *
 * @example
 * const { eventId } = await createEvent({ publicClient, walletClient }, {
 *   registry, startsAt, endsAt, ticketPrice: parseEther('0.01'), capacity: 100,
 *   metadataURI: 'ipfs://bagaaiera…', chatGroupId: group.id,
 * })
 */
export async function createEvent(
  clients: TicketchatClients,
  { registry, chatGroupId, ...params }: CreateEventParameters,
): Promise<CreateEventReturnType> {
  const { log, ...result } = await writeContractAndReadLog(
    clients,
    { action: 'createEvent', eventName: 'EventCreated' },
    {
      address: registry,
      abi: eventRegistryAbi,
      functionName: 'createEvent',
      args: [{ ...params, chatGroupId: encodeChatGroupId(chatGroupId) }],
      account: clients.walletClient.account,
      chain: clients.walletClient.chain,
    },
  );
  return { ...result, eventId: log.args.eventId };
}
