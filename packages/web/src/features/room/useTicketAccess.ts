import { hasValidTicket } from '@ticketchat/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { isAddressEqual, type Address } from 'viem';
import { useServices } from '../../lib/services.tsx';

export type TicketAccess = 'checking' | 'creator' | 'holder' | 'no-ticket' | 'revoked';

const ACCESS_POLL_MS = 3_000;

/**
 * Whether the wallet may be in the room, by the chain's rule (`hasValidTicket`: holds a ticket for
 * an event that is not cancelled), re-read every few seconds. Losing it after having had it, by a
 * refund, a transfer or a cancellation, is `revoked`, and stays so for this page.
 */
export function useTicketAccess(eventId: bigint, holder: Address | undefined, creator: Address | undefined): TicketAccess {
  const { publicClient, config } = useServices();
  const isCreator = holder !== undefined && creator !== undefined && isAddressEqual(holder, creator);
  const valid = useQuery({
    queryKey: ['has-valid-ticket', String(eventId), holder],
    enabled: holder !== undefined && creator !== undefined && !isCreator,
    refetchInterval: ACCESS_POLL_MS,
    // A room left open in a background tab must still close when its access ends.
    refetchIntervalInBackground: true,
    queryFn: () => hasValidTicket(publicClient, { kiosk: config.kiosk, eventId, holder: holder! }),
  });
  const hadTicket = useRef(false);
  const [revoked, setRevoked] = useState(false);
  useEffect(() => {
    hadTicket.current = false;
    setRevoked(false);
  }, [eventId, holder]);
  useEffect(() => {
    if (valid.data === true) hadTicket.current = true;
    if (valid.data === false && hadTicket.current) setRevoked(true);
  }, [valid.data]);

  if (isCreator) return 'creator';
  if (revoked) return 'revoked';
  if (valid.data === undefined) return 'checking';
  return valid.data ? 'holder' : 'no-ticket';
}
