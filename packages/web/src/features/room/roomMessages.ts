import type { ChatMessage } from '@ticketchat/chat';

/** A text or reply as the room shows it, with the reactions it received. */
export type ShownMessage = Extract<ChatMessage, { kind: 'text' | 'reply' }> & { reactions: Record<string, string[]> };

export interface RoomMessages {
  /** Oldest first. */
  list: ShownMessage[];
  /** Reactions that arrived before the message they point at (older pages load later). */
  pendingReactions: Extract<ChatMessage, { kind: 'reaction' }>[];
}

export const emptyRoomMessages: RoomMessages = { list: [], pendingReactions: [] };

/**
 * Merges messages into what the room shows: each id once, ordered by send time, reactions folded
 * into the message they react to (a removal takes the sender's reaction back).
 */
export function mergeMessages(state: RoomMessages, incoming: ChatMessage[]): RoomMessages {
  const byId = new Map(state.list.map((message) => [message.id, message]));
  const reactions = [...state.pendingReactions];
  for (const message of incoming) {
    // Announcements get their own view (issue 12's web work); this list holds texts and replies.
    if (message.kind === 'announcement') continue;
    if (message.kind === 'reaction') reactions.push(message);
    else if (!byId.has(message.id)) byId.set(message.id, { ...message, reactions: {} });
  }
  const pendingReactions: RoomMessages['pendingReactions'] = [];
  const seen = new Set<string>();
  for (const reaction of reactions.sort((a, b) => (a.sentAtNs < b.sentAtNs ? -1 : 1))) {
    if (seen.has(reaction.id)) continue;
    seen.add(reaction.id);
    const target = byId.get(reaction.to);
    if (!target) {
      pendingReactions.push(reaction);
      continue;
    }
    const senders = new Set(target.reactions[reaction.emoji] ?? []);
    if (reaction.removed) senders.delete(reaction.senderInboxId);
    else senders.add(reaction.senderInboxId);
    const next = { ...target.reactions, [reaction.emoji]: [...senders] };
    if (senders.size === 0) delete next[reaction.emoji];
    byId.set(target.id, { ...target, reactions: next });
  }
  const list = [...byId.values()].sort((a, b) => (a.sentAtNs < b.sentAtNs ? -1 : a.sentAtNs > b.sentAtNs ? 1 : 0));
  return { list, pendingReactions };
}
