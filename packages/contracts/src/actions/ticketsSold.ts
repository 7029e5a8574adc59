import type { Address } from 'viem';
import type { TicketchatPublicClient } from '../clients.ts';
import { withContractErrors, type ContractReadErrorType } from '../errors/contract.ts';
import { ticketKioskAbi } from '../generated/artifacts.ts';

export type TicketsSoldParameters = { kiosk: Address; eventId: bigint };

export type TicketsSoldErrorType = ContractReadErrorType;

/** Tickets of the event that are currently valid (bought minus refunded); capacity applies to this number. */
export async function ticketsSold(publicClient: TicketchatPublicClient, { kiosk, eventId }: TicketsSoldParameters): Promise<bigint> {
  return withContractErrors(`ticketsSold(event ${eventId})`, () =>
    publicClient.readContract({ address: kiosk, abi: ticketKioskAbi, functionName: 'ticketsSold', args: [eventId] }),
  );
}
