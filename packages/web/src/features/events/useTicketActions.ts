import { buyTicket, refundTicket, transferTicket, type TicketchatClients } from '@ticketchat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Address } from 'viem';
import type { AppConfig } from '../../config.ts';
import { logFailure } from '../../lib/errors.ts';
import { useServices } from '../../lib/services.tsx';
import { useChainClients } from '../../lib/useChainClients.ts';
import { useXmtp } from '../xmtp/XmtpProvider.tsx';

/** A kiosk transaction signed by the connected wallet; afterwards every chain read is refreshed. */
function useKioskMutation<Variables, Result>(
  what: string,
  run: (clients: TicketchatClients, config: AppConfig, variables: Variables) => Promise<Result>,
) {
  const { config } = useServices();
  const chainClients = useChainClients();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (variables: Variables) => run(await chainClients(), config, variables),
    onSettled: () => queryClient.invalidateQueries(),
    onError: (error) => logFailure(what, error),
  });
}

/**
 * Buys a ticket, then opens the buyer's XMTP client (registering it when new): the membership
 * agent can only add an inbox that exists, so the buyer is reachable the moment the purchase lands.
 */
export function useBuyTicket() {
  const xmtp = useXmtp();
  return useKioskMutation('buying a ticket', async (clients, { kiosk }, { eventId, price }: { eventId: bigint; price: bigint }) => {
    const bought = await buyTicket(clients, { kiosk, eventId, price });
    await xmtp.open();
    return bought;
  });
}

export function useRefundTicket() {
  return useKioskMutation('refunding a ticket', (clients, { kiosk }, { ticketId }: { ticketId: bigint }) =>
    refundTicket(clients, { kiosk, ticketId }),
  );
}

export function useTransferTicket() {
  return useKioskMutation('transferring a ticket', (clients, { kiosk }, { ticketId, to }: { ticketId: bigint; to: Address }) =>
    transferTicket(clients, { kiosk, ticketId, to }),
  );
}
