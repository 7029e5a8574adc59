import type { BrowserXmtpClient, EventRoom } from '@ticketchat/chat/browser';
import { useQuery } from '@tanstack/react-query';

export interface RoomMembers {
  count: number;
  /** Inbox id → the wallet address it belongs to (for labels). */
  addresses: Map<string, string>;
}

/** The group's members, re-read every few seconds: buyers join and refunds leave while the room is open. */
export function useRoomMembers(room: EventRoom<BrowserXmtpClient>, client: BrowserXmtpClient) {
  return useQuery({
    queryKey: ['room-members', room.groupId],
    refetchInterval: 5_000,
    queryFn: async (): Promise<RoomMembers> => {
      const group = await client.conversations.getConversationById(room.groupId);
      const members = (await group?.members()) ?? [];
      const addresses = new Map(members.map((member) => [member.inboxId, member.accountIdentifiers[0]?.identifier ?? member.inboxId]));
      return { count: members.length, addresses };
    },
  });
}
