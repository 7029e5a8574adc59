import type { Address } from 'viem';
import { decodeChatGroupId } from '../chatGroupId.ts';
import type { TicketchatPublicClient } from '../clients.ts';
import { withContractErrors, type ContractReadErrorType } from '../errors/contract.ts';
import { eventRegistryAbi } from '../generated/artifacts.ts';

export type GetEventParameters = { registry: Address; eventId: bigint };

export type EventDetails = {
  eventId: bigint;
  creator: Address;
  startsAt: bigint;
  endsAt: bigint;
  ticketPrice: bigint;
  capacity: number;
  cancelled: boolean;
  metadataURI: string;
  /** As XMTP prints it: lowercase hex, no `0x`. */
  chatGroupId: string;
};

export type GetEventErrorType = ContractReadErrorType;

/** Reads an event from the registry; an unknown id fails with "Event N does not exist." */
export async function getEvent(publicClient: TicketchatPublicClient, { registry, eventId }: GetEventParameters): Promise<EventDetails> {
  return withContractErrors(`getEvent(event ${eventId})`, async () => {
    const event = await publicClient.readContract({ address: registry, abi: eventRegistryAbi, functionName: 'getEvent', args: [eventId] });
    return { eventId, ...event, chatGroupId: decodeChatGroupId(event.chatGroupId) };
  });
}
