import type { BrowserXmtpClient, EventRoom } from '@ticketchat/chat/browser';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { ShownMessage } from './roomMessages.ts';
import type { MemberNames } from './useMemberNames.ts';
import { useReact } from './useRoomActions.ts';
import { ErrorMessage } from '../../app/ErrorMessage.tsx';

const REACTIONS = ['👍', '🔥', '❤️'];
const time = (date: Date) => date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

interface MessageListProps {
  room: EventRoom<BrowserXmtpClient>;
  messages: ShownMessage[];
  hasOlder: boolean;
  loadingOlder: boolean;
  loadOlder: () => Promise<void>;
  me: string;
  names: MemberNames;
  readOnly: boolean;
  onReply: (message: ShownMessage) => void;
}

/**
 * The conversation, oldest at the top. It follows new messages while the reader is at the bottom,
 * and loads an older page when they scroll to the top (or press the button, for keyboards).
 */
export function MessageList(props: MessageListProps) {
  const { room, messages, hasOlder, loadingOlder, loadOlder, me, readOnly, onReply } = props;
  const { name } = props.names;
  const react = useReact(room);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const heightBeforeOlder = useRef<number | undefined>(undefined);
  const byId = useMemo(() => new Map(messages.map((message) => [message.id, message])), [messages]);

  // Keep the view where it was: pinned to the bottom for new messages, in place when older ones load above.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (heightBeforeOlder.current !== undefined) {
      element.scrollTop += element.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = undefined;
    } else if (atBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [messages]);

  const older = () => {
    heightBeforeOlder.current = scroller.current?.scrollHeight;
    void loadOlder();
  };
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onScroll = () => {
      atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
      if (element.scrollTop === 0 && hasOlder && !loadingOlder) older();
    };
    element.addEventListener('scroll', onScroll);
    return () => element.removeEventListener('scroll', onScroll);
  });

  return (
    <div className="messages" ref={scroller} tabIndex={0} aria-label="Messages">
      {hasOlder && (
        <button type="button" className="load-older" onClick={older} disabled={loadingOlder}>
          {loadingOlder ? 'Loading older messages…' : 'Load older messages'}
        </button>
      )}
      {messages.length === 0 && <p className="empty">No messages yet. Say hello!</p>}
      <div role="log" aria-live="polite" aria-relevant="additions">
        <ol>
          {messages.map((message) => {
            const quoted = message.kind === 'reply' ? byId.get(message.inReplyTo) : undefined;
            // The room emits announcements only from the host or named staff (the chat library checks the sender).
            const announcement = message.kind === 'announcement';
            return (
              <li
                key={message.id}
                className={`message ${announcement ? 'announcement' : message.senderInboxId === me ? 'mine' : ''}`}
                data-message-id={message.id}
              >
                <p className="message-head">
                  {announcement && (
                    <span className="announcement-label">
                      <span aria-hidden="true">📣 </span>Announcement ·{' '}
                    </span>
                  )}
                  <strong>{name(message.senderInboxId)}</strong> <time dateTime={message.sentAt.toISOString()}>{time(message.sentAt)}</time>
                </p>
                {message.kind === 'reply' && (
                  <p className="quote">↪ {quoted ? `${name(quoted.senderInboxId)}: ${quoted.text}` : 'an earlier message'}</p>
                )}
                <p className="message-text">{message.text}</p>
                <div className="message-actions">
                  {REACTIONS.map((emoji) => {
                    const senders = message.reactions[emoji] ?? [];
                    const mine = senders.includes(me);
                    return (
                      <button
                        key={emoji}
                        type="button"
                        className={`reaction ${mine ? 'reacted' : ''}`}
                        aria-pressed={mine}
                        disabled={readOnly}
                        onClick={() => react.mutate({ to: message, emoji, remove: mine })}
                      >
                        <span className="visually-hidden">React </span>
                        {emoji}
                        {senders.length > 0 && ` ${senders.length}`}
                      </button>
                    );
                  })}
                  {!readOnly && (
                    <button
                      type="button"
                      className="reply"
                      onClick={() => onReply(message)}
                      aria-label={`Reply to ${name(message.senderInboxId)}`}
                    >
                      Reply
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      </div>
      <ErrorMessage error={react.error} />
    </div>
  );
}
