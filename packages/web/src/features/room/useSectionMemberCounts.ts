import { syncUnlessInactive, type BrowserXmtpClient, type EventRoom } from '@ticketchat/chat/browser';
import { useQuery } from '@tanstack/react-query';

/**
 * How many members each section of the room's event has, as this client sees them (the creator and
 * staff are in every section); undefined for a section it is not in. Each section is synced first:
 * only the open one is streamed, and staff have not consented to the others, so their commits (the
 * agent seating buyers) would otherwise not be known. Re-read now and then, one section at a time.
 */
export function useSectionMemberCounts(room: EventRoom<BrowserXmtpClient>, client: BrowserXmtpClient) {
  const sectionIds = room.event.sectionGroupIds ?? [];
  return useQuery({
    queryKey: ['section-member-counts', ...sectionIds],
    refetchInterval: 30_000,
    queryFn: async (): Promise<(number | undefined)[]> => {
      const counts: (number | undefined)[] = [];
      for (const groupId of sectionIds) {
        const group = await client.conversations.getConversationById(groupId);
        if (group) await syncUnlessInactive(group);
        counts.push(group ? (await group.members()).length : undefined);
      }
      return counts;
    },
  });
}
