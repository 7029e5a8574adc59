import { isAddressEqual, parseEventLogs, type Address } from 'viem';
import type { TicketchatClients } from '../clients.ts';
import { withContractErrors, type ContractWriteErrorType } from '../errors/contract.ts';
import { eventRegistryAbi, ticketKioskAbi } from '../generated/artifacts.ts';
import { writeContractAndReadLog, type TransactionResult } from './internal/writeContractAndReadLog.ts';

/** The most recipients `TicketKiosk.buyFor` takes in one transaction (its `MAX_RECIPIENTS`). */
export const maxTicketRecipients = 20;

export type BuyTicketsParameters = {
  kiosk: Address;
  eventId: bigint;
  /** One ticket for each (1 to `maxTicketRecipients`); an address listed twice gets two tickets. */
  recipients: readonly Address[];
  /**
   * The exact payment in wei: the ticket price times the number of recipients. Read from the
   * kiosk's registry when omitted; any other amount reverts with `WrongGroupPayment`.
   */
  value?: bigint;
};

export type BuyTicketsReturnType = TransactionResult & {
  /** One per recipient, in the order of `recipients`. */
  tickets: { ticketId: bigint; holder: Address }[];
};

export type BuyTicketsErrorType = ContractWriteErrorType;

/**
 * Buys one ticket per recipient in ONE transaction (`TicketKiosk.buyFor`), paid by the wallet's
 * account. Tickets bought together share the transaction hash, which is how the chat agent keeps
 * such a group in the same chat section. The ticket ids come from the `TicketPurchased` logs.
 *
 * @example
 * const { tickets } = await buyTickets(clients, { kiosk, eventId, recipients: [me, friend] })
 */
export async function buyTickets(
  clients: TicketchatClients,
  { kiosk, eventId, recipients, value }: BuyTicketsParameters,
): Promise<BuyTicketsReturnType> {
  const action = `buyTickets(event ${eventId}, ${recipients.length} recipients)`;
  const payment = value ?? (await groupPrice(clients.publicClient, { kiosk, eventId, count: recipients.length, action }));
  const { hash, receipt } = await writeContractAndReadLog(
    clients,
    { action, eventName: 'TicketPurchased' },
    {
      address: kiosk,
      abi: ticketKioskAbi,
      functionName: 'buyFor',
      args: [eventId, [...recipients]],
      value: payment,
      account: clients.walletClient.account,
      chain: clients.walletClient.chain,
    },
  );
  const tickets = parseEventLogs({ abi: ticketKioskAbi, eventName: 'TicketPurchased', logs: receipt.logs, strict: true })
    .filter((log) => isAddressEqual(log.address, kiosk))
    .map((log) => ({ ticketId: log.args.ticketId, holder: log.args.buyer }));
  return { hash, receipt, tickets };
}

/** The price of `count` tickets, as the kiosk's own registry states it. */
async function groupPrice(
  publicClient: TicketchatClients['publicClient'],
  { kiosk, eventId, count, action }: { kiosk: Address; eventId: bigint; count: number; action: string },
): Promise<bigint> {
  return withContractErrors(action, async () => {
    const registry = await publicClient.readContract({ address: kiosk, abi: ticketKioskAbi, functionName: 'registry' });
    const terms = await publicClient.readContract({
      address: registry,
      abi: eventRegistryAbi,
      functionName: 'getEventTerms',
      args: [eventId],
    });
    return terms.ticketPrice * BigInt(count);
  });
}
