import { isAnnouncementType, parseAnnouncement } from '../announcements/announcementCodec.ts';
import type { XmtpMessage } from '../sdk/types.ts';

/** A message as a room shows it; membership changes and unknown content types are left out. */
export type ChatMessage = {
  id: string;
  senderInboxId: string;
  sentAt: Date;
  sentAtNs: bigint;
} & (
  | { kind: 'text'; text: string }
  | { kind: 'reply'; text: string; inReplyTo: string }
  | { kind: 'reaction'; emoji: string; to: string; removed: boolean }
  /**
   * The creator's (or a staff member's) word to the whole event: the same `announcementId` in every
   * section. A room emits this kind only for senders it checked may announce, once per id.
   */
  | { kind: 'announcement'; announcementId: string; text: string }
);

const CONTENT = { text: 'text', reply: 'reply', reaction: 'reaction' } as const;

/**
 * Reads the SDK's decoded message; undefined for anything a room does not display. An announcement
 * is read as one whoever sent it: only a room knows who may announce (see `EventRoom`). A reaction's
 * action is the SDK's enum: `reactionRemoved` is that SDK's value for a removal.
 */
export function toChatMessage<Action>(message: XmtpMessage, reactionRemoved: Action): ChatMessage | undefined {
  const base = {
    id: message.id,
    senderInboxId: message.senderInboxId,
    sentAtNs: message.sentAtNs,
    sentAt: new Date(Number(message.sentAtNs / 1_000_000n)),
  };
  const content = message.content;
  if (isAnnouncementType(message.contentType)) {
    // Decoded by our codec (registered in both runtimes); checked again, whatever decoded it.
    const announcement = parseAnnouncement(content);
    return announcement && { ...base, kind: 'announcement', announcementId: announcement.id, text: announcement.text };
  }
  switch (message.contentType?.typeId) {
    case CONTENT.text:
      return typeof content === 'string' ? { ...base, kind: 'text', text: content } : undefined;
    case CONTENT.reply: {
      // Decoded replies are "enriched": the referenced id is `referenceId`.
      const reply = content as { referenceId?: unknown; content?: unknown } | undefined;
      if (typeof reply?.referenceId !== 'string' || typeof reply.content !== 'string') return undefined;
      return { ...base, kind: 'reply', text: reply.content, inReplyTo: reply.referenceId };
    }
    case CONTENT.reaction: {
      const reaction = content as { reference?: unknown; content?: unknown; action?: unknown } | undefined;
      if (typeof reaction?.reference !== 'string' || typeof reaction.content !== 'string') return undefined;
      return { ...base, kind: 'reaction', emoji: reaction.content, to: reaction.reference, removed: reaction.action === reactionRemoved };
    }
    default:
      return undefined;
  }
}
