import { eventRegistryAbi, getEvent, ticketsSold, type EventDetails } from '@ticketchat/contracts';
import { getEventMetadata, type EventMetadata } from '@ticketchat/metadata';
import { useQuery } from '@tanstack/react-query';
import { useServices } from '../../lib/services.tsx';

export interface ListedEvent extends EventDetails {
  sold: bigint;
}

/** Every event in the registry (ids 1..eventCount), newest first, with its ticket count. */
export function useEvents() {
  const { publicClient, config } = useServices();
  return useQuery({
    queryKey: ['events'],
    refetchInterval: 5_000,
    queryFn: async (): Promise<ListedEvent[]> => {
      const count = await publicClient.readContract({ address: config.registry, abi: eventRegistryAbi, functionName: 'eventCount' });
      const ids = Array.from({ length: Number(count) }, (_, index) => count - BigInt(index));
      return Promise.all(
        ids.map(async (eventId) => {
          const [event, sold] = await Promise.all([
            getEvent(publicClient, { registry: config.registry, eventId }),
            ticketsSold(publicClient, { kiosk: config.kiosk, eventId }),
          ]);
          return { ...event, sold };
        }),
      );
    },
  });
}

/** One event from the chain (the room and the kiosk card share the cache). */
export function useEvent(eventId: bigint) {
  const { publicClient, config } = useServices();
  return useQuery({
    queryKey: ['event', String(eventId)],
    queryFn: () => getEvent(publicClient, { registry: config.registry, eventId }),
  });
}

/**
 * The event's metadata through the gateway, hashed again here and refused unless it matches the
 * CID the chain holds (`getEventMetadata` checks the bytes before parsing them).
 */
export function useEventMetadata(metadataURI: string | undefined) {
  const { metadataStore } = useServices();
  return useQuery({
    queryKey: ['metadata', metadataURI],
    enabled: metadataURI !== undefined,
    staleTime: Infinity,
    retry: 1,
    queryFn: async (): Promise<EventMetadata> => (await getEventMetadata(metadataStore, metadataURI!)).metadata,
  });
}
