import type { BrowserXmtpClient, EventRoom } from '@ticketchat/chat/browser';
import { useState, type FormEvent } from 'react';
import type { ShownMessage } from './roomMessages.ts';
import { useSendMessage } from './useRoomActions.ts';
import type { Announcer } from './useAnnounce.ts';
import { ErrorMessage } from '../../app/ErrorMessage.tsx';
import { userMessage } from '../../lib/errors.ts';

type Mode = 'section' | 'announce';

/**
 * The room's composer. For the host and named staff of a sectioned event it has a second mode,
 * "Announce to all sections": one announcement sent from their own client into every section,
 * with each section's delivery shown.
 */
export function Composer({
  room,
  replyTo,
  onCancelReply,
  announcer,
}: {
  room: EventRoom<BrowserXmtpClient>;
  replyTo: ShownMessage | undefined;
  onCancelReply: () => void;
  /** Present only for those who may announce in a sectioned event. */
  announcer: Announcer | undefined;
}) {
  const send = useSendMessage(room);
  const [text, setText] = useState('');
  const [chosenMode, setMode] = useState<Mode>('section');
  // A reply belongs to this section's conversation.
  const mode: Mode = announcer && !replyTo ? chosenMode : 'section';
  const pending = send.isPending || Boolean(announcer?.isPending);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    const onSuccess = () => {
      setText('');
      onCancelReply();
    };
    if (mode === 'announce' && announcer) announcer.announce(trimmed, { onSuccess });
    else send.mutate({ text: trimmed, replyTo }, { onSuccess });
  };
  return (
    <form className={`composer composer-${mode}`} onSubmit={submit}>
      {announcer && (
        <fieldset className="composer-mode">
          <legend className="visually-hidden">Send to</legend>
          <label>
            <input type="radio" name="composer-mode" checked={mode === 'section'} onChange={() => setMode('section')} />
            This section
          </label>
          <label>
            <input
              type="radio"
              name="composer-mode"
              checked={mode === 'announce'}
              onChange={() => {
                setMode('announce');
                onCancelReply();
              }}
            />
            {announcer.sectionCount > 1 ? `Announce to all ${announcer.sectionCount} sections` : 'Announce to everyone'}
          </label>
        </fieldset>
      )}
      {replyTo && (
        <p className="replying">
          Replying to “{replyTo.text.slice(0, 60)}”{' '}
          <button type="button" onClick={onCancelReply}>
            Cancel reply
          </button>
        </p>
      )}
      <label htmlFor="composer-text" className="visually-hidden">
        {mode === 'announce' ? 'Announcement' : 'Message'}
      </label>
      <input
        id="composer-text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={
          mode === 'announce'
            ? announcer && announcer.sectionCount > 1
              ? 'Announce to every section'
              : 'Announce to everyone'
            : 'Message the room'
        }
        autoComplete="off"
        maxLength={mode === 'announce' ? announcer?.maxLength : 2000}
      />
      <button type="submit" className="primary" disabled={pending || !text.trim()}>
        {mode === 'announce' ? 'Announce' : 'Send'}
      </button>
      <ErrorMessage error={send.error} />
      {announcer && <DeliveryReport announcer={announcer} />}
    </form>
  );
}

/** Where the last announcement reached: one line per section. */
function DeliveryReport({ announcer }: { announcer: Announcer }) {
  const { deliveries, error } = announcer;
  if (error) return <ErrorMessage error={error} prefix="The announcement was not sent: " />;
  if (!deliveries) return null;
  const delivered = deliveries.filter((delivery) => delivery.state === 'delivered').length;
  const [only] = deliveries;
  // An event of one group: one line, no list.
  if (deliveries.length === 1 && only) {
    return (
      <p className={`delivery delivery-${only.state}`} role="status">
        {only.state === 'delivered' && 'Announced.'}
        {only.state === 'sending' && 'Announcing…'}
        {only.state === 'not-member' && 'Not announced: you are not in the chat yet.'}
        {only.state === 'failed' && `Not announced (${userMessage(only.error)})`}
      </p>
    );
  }
  return (
    <div className="delivery" role="status">
      <p>
        {announcer.isPending
          ? `Announcing to ${deliveries.length} sections…`
          : delivered === deliveries.length
            ? `Announced in all ${deliveries.length} sections.`
            : `Announced in ${delivered} of ${deliveries.length} sections.`}
      </p>
      <ul aria-label="Delivery by section">
        {deliveries.map((delivery) => (
          <li key={delivery.index} className={`delivery-${delivery.state}`}>
            Section {delivery.index + 1}: {DELIVERY_TEXT[delivery.state]}
            {delivery.state === 'failed' && ` (${userMessage(delivery.error)})`}
          </li>
        ))}
      </ul>
    </div>
  );
}

const DELIVERY_TEXT = {
  sending: 'sending…',
  delivered: 'delivered',
  failed: 'failed',
  'not-member': 'not sent: you are not in this section yet',
} as const;
