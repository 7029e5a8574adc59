import type { BrowserXmtpClient, EventRoom } from '@ticketchat/chat/browser';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';

export interface RoomMembers {
  count: number;
  /** The inbox ids in the group now. */
  current: string[];
  /** Inbox id → the wallet address it belongs to (for labels), kept for members who have since left. */
  addresses: Map<string, string>;
}

/** The group's members, re-read every few seconds: buyers join and refunds leave while the room is open. */
export function useRoomMembers(room: EventRoom<BrowserXmtpClient>, client: BrowserXmtpClient) {
  const known = useRef(new Map<string, string>());
  return useQuery({
    queryKey: ['room-members', room.groupId],
    refetchInterval: 5_000,
    queryFn: async (): Promise<RoomMembers> => {
      const group = await client.conversations.getConversationById(room.groupId);
      const members = (await group?.members()) ?? [];
      for (const member of members) known.current.set(member.inboxId, member.accountIdentifiers[0]?.identifier ?? member.inboxId);
      return { count: members.length, current: members.map((member) => member.inboxId), addresses: new Map(known.current) };
    },
  });
}
