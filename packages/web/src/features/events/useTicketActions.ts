import { buyTicket, refundTicket, transferTicket } from '@ticketchat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Address } from 'viem';
import { logFailure } from '../../lib/errors.ts';
import { useServices } from '../../lib/services.tsx';
import { useChainClients } from '../../lib/useChainClients.ts';
import { useXmtp } from '../xmtp/XmtpProvider.tsx';

/**
 * Buys a ticket, then opens the buyer's XMTP client (registering it when new): the membership
 * agent can only add an inbox that exists, so the buyer is reachable the moment the purchase lands.
 */
export function useBuyTicket() {
  const { config } = useServices();
  const chainClients = useChainClients();
  const xmtp = useXmtp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ eventId, price }: { eventId: bigint; price: bigint }) => {
      const bought = await buyTicket(await chainClients(), { kiosk: config.kiosk, eventId, price });
      await xmtp.open();
      return bought;
    },
    onSettled: () => queryClient.invalidateQueries(),
    onError: (error) => logFailure('buying a ticket', error),
  });
}

export function useRefundTicket() {
  const { config } = useServices();
  const chainClients = useChainClients();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ ticketId }: { ticketId: bigint }) => refundTicket(await chainClients(), { kiosk: config.kiosk, ticketId }),
    onSettled: () => queryClient.invalidateQueries(),
    onError: (error) => logFailure('refunding a ticket', error),
  });
}

export function useTransferTicket() {
  const { config } = useServices();
  const chainClients = useChainClients();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ ticketId, to }: { ticketId: bigint; to: Address }) =>
      transferTicket(await chainClients(), { kiosk: config.kiosk, ticketId, to }),
    onSettled: () => queryClient.invalidateQueries(),
    onError: (error) => logFailure('transferring a ticket', error),
  });
}
