import type { Address } from 'viem';
import type { TicketchatPublicClient } from '../clients.ts';
import { withContractErrors, type ContractReadErrorType } from '../errors/contract.ts';
import { ticketKioskAbi } from '../generated/artifacts.ts';

export type HasValidTicketParameters = { kiosk: Address; eventId: bigint; holder: Address };

export type HasValidTicketErrorType = ContractReadErrorType;

/** Whether `holder` currently holds a ticket for a non-cancelled event: the chat's admission rule. */
export async function hasValidTicket(
  publicClient: TicketchatPublicClient,
  { kiosk, eventId, holder }: HasValidTicketParameters,
): Promise<boolean> {
  return withContractErrors(`hasValidTicket(event ${eventId})`, () =>
    publicClient.readContract({ address: kiosk, abi: ticketKioskAbi, functionName: 'hasValidTicket', args: [eventId, holder] }),
  );
}
