import type { Address } from 'viem';
import type { TicketchatClients } from '../clients.ts';
import type { ContractWriteErrorType } from '../errors/contract.ts';
import { ticketKioskAbi } from '../generated/artifacts.ts';
import { writeContractAndReadLog, type TransactionResult } from './internal/writeContractAndReadLog.ts';

export type TransferTicketParameters = {
  kiosk: Address;
  ticketId: bigint;
  to: Address;
  /** The current holder. @default the wallet's account (an approved operator passes the holder here). */
  from?: Address;
};

export type TransferTicketReturnType = TransactionResult & { eventId: bigint };

export type TransferTicketErrorType = ContractWriteErrorType;

/**
 * Moves a ticket to another address with ERC-721 `safeTransferFrom` (a contract receiver must accept
 * tickets). Chat access follows the ticket: `hasValidTicket` answers for the new holder at once.
 */
export async function transferTicket(
  clients: TicketchatClients,
  { kiosk, ticketId, to, from = clients.walletClient.account.address }: TransferTicketParameters,
): Promise<TransferTicketReturnType> {
  const { log, ...result } = await writeContractAndReadLog(
    clients,
    { action: `transferTicket(ticket ${ticketId})`, eventName: 'TicketTransferred' },
    {
      address: kiosk,
      abi: ticketKioskAbi,
      functionName: 'safeTransferFrom',
      args: [from, to, ticketId],
      account: clients.walletClient.account,
      chain: clients.walletClient.chain,
    },
  );
  return { ...result, eventId: log.args.eventId };
}
