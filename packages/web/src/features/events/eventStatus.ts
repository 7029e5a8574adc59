/** What the kiosk says about an event, in order of precedence. */
export type EventStatus = 'cancelled' | 'ended' | 'sold out' | 'live' | 'upcoming';

export interface EventStatusInput {
  startsAt: bigint;
  endsAt: bigint;
  cancelled: boolean;
  capacity: number;
  sold: bigint;
}

export function eventStatus(event: EventStatusInput, now: Date): EventStatus {
  const seconds = BigInt(Math.floor(now.getTime() / 1000));
  if (event.cancelled) return 'cancelled';
  if (seconds >= event.endsAt) return 'ended';
  if (event.sold >= BigInt(event.capacity)) return 'sold out';
  return seconds >= event.startsAt ? 'live' : 'upcoming';
}

/** Whether tickets can be bought: sales run until the end, while tickets remain. */
export const canBuy = (status: EventStatus) => status === 'live' || status === 'upcoming';
