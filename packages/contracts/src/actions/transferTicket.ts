import type { Address } from 'viem';
import type { TicketchatClients } from '../clients.ts';
import { withContractErrors, type ContractWriteErrorType } from '../errors/contract.ts';
import { ticketKioskAbi } from '../generated/artifacts.ts';
import { confirmTransaction, requireLog, type TransactionResult } from './internal/transaction.ts';

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
  { publicClient, walletClient }: TicketchatClients,
  { kiosk, ticketId, to, from = walletClient.account.address }: TransferTicketParameters,
): Promise<TransferTicketReturnType> {
  const action = `transferTicket(ticket ${ticketId})`;
  return withContractErrors(action, async () => {
    const hash = await walletClient.writeContract({
      address: kiosk,
      abi: ticketKioskAbi,
      functionName: 'safeTransferFrom',
      args: [from, to, ticketId],
      account: walletClient.account,
      chain: walletClient.chain,
    });
    const result = await confirmTransaction(publicClient, action, hash);
    const log = requireLog({ action, abi: ticketKioskAbi, eventName: 'TicketTransferred', address: kiosk, receipt: result.receipt });
    return { ...result, eventId: log.args.eventId };
  });
}
