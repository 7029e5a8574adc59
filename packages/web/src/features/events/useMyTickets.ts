import { ticketKioskAbi } from '@ticketchat/contracts';
import { useQuery } from '@tanstack/react-query';
import { isAddressEqual, type Address } from 'viem';
import { useServices } from '../../lib/services.tsx';

/**
 * The tickets `holder` holds for an event: every ticket the kiosk's logs show reaching them
 * (bought, or transferred in), kept if `ownerOf` still names them (refunds burn, transfers move).
 */
export function useMyTickets(eventId: bigint, holder: Address | undefined) {
  const { publicClient, config } = useServices();
  return useQuery({
    queryKey: ['tickets', String(eventId), holder],
    enabled: holder !== undefined,
    refetchInterval: 3_000,
    queryFn: async (): Promise<bigint[]> => {
      const range = { address: config.kiosk, fromBlock: BigInt(config.deployedAtBlock), toBlock: 'latest' } as const;
      const [bought, transferred] = await Promise.all([
        publicClient.getContractEvents({ ...range, abi: ticketKioskAbi, eventName: 'TicketPurchased', args: { eventId, buyer: holder } }),
        publicClient.getContractEvents({ ...range, abi: ticketKioskAbi, eventName: 'TicketTransferred', args: { eventId } }),
      ]);
      const candidates = new Set([
        ...bought.map((log) => log.args.ticketId!),
        ...transferred.filter((log) => log.args.to && isAddressEqual(log.args.to, holder!)).map((log) => log.args.ticketId!),
      ]);
      const held = await Promise.all(
        [...candidates].map(async (ticketId) => {
          const owner = await publicClient
            .readContract({ address: config.kiosk, abi: ticketKioskAbi, functionName: 'ownerOf', args: [ticketId] })
            .catch(() => undefined); // burned by a refund
          return owner && isAddressEqual(owner, holder!) ? ticketId : undefined;
        }),
      );
      return held.filter((ticketId) => ticketId !== undefined).sort((a, b) => (a < b ? -1 : 1));
    },
  });
}
