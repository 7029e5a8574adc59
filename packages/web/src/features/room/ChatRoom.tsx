import type { BrowserXmtpClient, EventRoom } from '@ticketchat/chat/browser';
import { useEffect, useState } from 'react';
import { Composer } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';
import type { ShownMessage } from './roomMessages.ts';
import { useRoomConnection } from './useEventRoom.ts';
import { useRoomMembers } from './useRoomMembers.ts';
import { useRoomMessages } from './useRoomMessages.ts';

/** The connection, not the event: "live" here means messages arrive as they are sent. */
const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  live: 'Connection: live',
  reconnecting: 'Connection lost: reconnecting…',
  degraded: 'Connection degraded: checking for messages every few seconds',
  offline: 'Offline: messages will arrive when the connection is back',
} as const;

const dateTime = (date: Date) => date.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

export function ChatRoom(props: { title: string; room: EventRoom<BrowserXmtpClient>; client: BrowserXmtpClient; isCreator: boolean }) {
  const { title, room, client } = props;
  const connection = useRoomConnection(room);
  const members = useRoomMembers(room, client);
  const messages = useRoomMessages(room);
  const [replyTo, setReplyTo] = useState<ShownMessage | undefined>(undefined);
  const phase = usePhase(room);

  return (
    <section className="room" aria-labelledby="room-title">
      <header className="room-header">
        <h1 id="room-title">{title}</h1>
        <p className="room-meta">
          <span className={`connection connection-${connection}`} role="status">
            {CONNECTION_TEXT[connection]}
          </span>
          <span>{members.data ? `${members.data.count} members` : 'members…'}</span>
          <span className="phase">
            {phase.phase === 'upcoming' && `Starts ${dateTime(phase.startsAt)}`}
            {phase.phase === 'live' && `Happening now, until ${dateTime(phase.endsAt)}`}
            {phase.phase === 'ended' && `Ended ${dateTime(phase.endedAt)}: read-only`}
          </span>
        </p>
      </header>
      <MessageList
        {...messages}
        room={room}
        me={client.inboxId}
        hostAddress={room.event.creator}
        addresses={members.data?.addresses}
        readOnly={phase.phase === 'ended'}
        onReply={setReplyTo}
      />
      {phase.phase === 'ended' ? (
        <p className="read-only">The event has ended; its chat stays readable.</p>
      ) : (
        <Composer room={room} replyTo={replyTo} onCancelReply={() => setReplyTo(undefined)} />
      )}
    </section>
  );
}

/** The event's phase, re-evaluated every 15 seconds (start and end pass while the room is open). */
function usePhase(room: EventRoom<BrowserXmtpClient>) {
  const [phase, setPhase] = useState(() => room.phase());
  useEffect(() => {
    const timer = setInterval(() => setPhase(room.phase()), 15_000);
    return () => clearInterval(timer);
  }, [room]);
  return phase;
}
