import type { BrowserXmtpClient, EventRoom } from '@ticketchat/chat/browser';
import { useState, type FormEvent } from 'react';
import type { ShownMessage } from './roomMessages.ts';
import { useSendMessage } from './useRoomActions.ts';
import { ErrorMessage } from '../../app/ErrorMessage.tsx';

export function Composer({
  room,
  replyTo,
  onCancelReply,
}: {
  room: EventRoom<BrowserXmtpClient>;
  replyTo: ShownMessage | undefined;
  onCancelReply: () => void;
}) {
  const send = useSendMessage(room);
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    send.mutate(
      { text: trimmed, replyTo },
      {
        onSuccess: () => {
          setText('');
          onCancelReply();
        },
      },
    );
  };
  return (
    <form className="composer" onSubmit={submit}>
      {replyTo && (
        <p className="replying">
          Replying to “{replyTo.text.slice(0, 60)}”{' '}
          <button type="button" onClick={onCancelReply}>
            Cancel reply
          </button>
        </p>
      )}
      <label htmlFor="composer-text" className="visually-hidden">
        Message
      </label>
      <input
        id="composer-text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Message the room"
        autoComplete="off"
        maxLength={2000}
      />
      <button type="submit" className="primary" disabled={send.isPending || !text.trim()}>
        Send
      </button>
      <ErrorMessage error={send.error} />
    </form>
  );
}
