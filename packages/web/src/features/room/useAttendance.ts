import type { BrowserXmtpClient, EventRoom } from '@ticketchat/chat/browser';
import { useQuery } from '@tanstack/react-query';

/**
 * The event's total attendance (the room reads the kiosk's `ticketsSold`), re-read as people buy
 * and refund: a section shows its own members beside it. Only a sectioned room asks (`enabled`).
 */
export function useAttendance(room: EventRoom<BrowserXmtpClient>, enabled: boolean) {
  return useQuery({
    queryKey: ['attendance', String(room.event.eventId)],
    enabled,
    refetchInterval: 5_000,
    queryFn: async () => (await room.attendance()) ?? null,
  });
}
