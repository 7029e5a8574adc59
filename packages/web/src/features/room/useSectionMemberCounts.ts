import { syncUnlessInactive, type BrowserXmtpClient, type EventRoom } from '@ticketchat/chat/browser';
import { useQuery } from '@tanstack/react-query';

/**
 * How many members each other section of the room's event has, as this client sees them (the
 * creator and staff are in every section); undefined for the room's own section (its count is the
 * room's, `useRoomMembers`) and for a section the client is not in. Each is synced first: only the
 * open section is streamed, and staff have not consented to the others, so their commits (the agent
 * seating buyers) would otherwise not be known. Re-read now and then, one section at a time.
 */
export function useSectionMemberCounts(room: EventRoom<BrowserXmtpClient>, client: BrowserXmtpClient) {
  const sectionIds = room.event.sectionGroupIds ?? [];
  return useQuery({
    queryKey: ['section-member-counts', room.groupId, ...sectionIds],
    refetchInterval: 15_000,
    queryFn: async (): Promise<(number | undefined)[]> => {
      const counts: (number | undefined)[] = [];
      for (const groupId of sectionIds) {
        if (groupId === room.groupId) {
          counts.push(undefined);
          continue;
        }
        const group = await client.conversations.getConversationById(groupId);
        if (group) await syncUnlessInactive(group);
        counts.push(group ? (await group.members()).length : undefined);
      }
      return counts;
    },
  });
}
