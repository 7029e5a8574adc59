import type { ChatMessage } from '@ticketchat/chat';

/** A chat message as the CLI prints it (JSON field names are part of the CLI's contract). */
export interface MessageView {
  id: string;
  eventId: bigint;
  senderInboxId: string;
  /** Whether the signing account sent it. */
  fromMe: boolean;
  sentAt: string;
  kind: ChatMessage['kind'];
  text?: string;
  inReplyTo?: string;
  emoji?: string;
  to?: string;
}

export function messageView(message: ChatMessage, eventId: bigint, myInboxId: string): MessageView {
  const base = {
    id: message.id,
    eventId,
    senderInboxId: message.senderInboxId,
    fromMe: message.senderInboxId === myInboxId,
    sentAt: message.sentAt.toISOString(),
    kind: message.kind,
  };
  switch (message.kind) {
    case 'text':
      return { ...base, text: message.text };
    case 'reply':
      return { ...base, text: message.text, inReplyTo: message.inReplyTo };
    case 'reaction':
      return { ...base, emoji: message.emoji, to: message.to };
    case 'announcement':
      return { ...base, text: message.text };
  }
}

export function messageLine(message: MessageView): string {
  const who = message.fromMe ? 'you' : message.senderInboxId.slice(0, 10);
  const body = message.kind === 'reaction' ? `reacted ${message.emoji}` : message.kind === 'reply' ? `↳ ${message.text}` : message.text;
  return `[${message.sentAt.slice(11, 19)}] ${who}: ${body}`;
}
