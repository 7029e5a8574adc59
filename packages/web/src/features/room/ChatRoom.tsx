import type { BrowserXmtpClient, EventRoom } from '@ticketchat/chat/browser';
import { useEffect, useState } from 'react';
import { Composer } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';
import { PinnedAnnouncement } from './PinnedAnnouncement.tsx';
import type { ShownMessage } from './roomMessages.ts';
import { SectionMembers } from './SectionMembers.tsx';
import { SectionSwitcher } from './SectionSwitcher.tsx';
import { useAnnounce } from './useAnnounce.ts';
import { useAttendance } from './useAttendance.ts';
import { useRoomConnection } from './useEventRoom.ts';
import { useMemberNames } from './useMemberNames.ts';
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

export function ChatRoom(props: {
  title: string;
  room: EventRoom<BrowserXmtpClient>;
  client: BrowserXmtpClient;
  /** The creator, or a staff member the creator named: in every section, they may switch between them and announce to all. */
  hostOrStaff: boolean;
}) {
  const { title, room, client } = props;
  const connection = useRoomConnection(room);
  const members = useRoomMembers(room, client);
  const messages = useRoomMessages(room);
  const names = useMemberNames({
    me: client.inboxId,
    hostAddress: room.event.creator,
    staff: room.event.staff,
    addresses: members.data?.addresses,
  });
  const [replyTo, setReplyTo] = useState<ShownMessage | undefined>(undefined);
  const phase = usePhase(room);
  // A sectioned event's room is one section: it says which, and the event's attendance beside its own members.
  const section = room.section;
  const attendance = useAttendance(room, section !== undefined);
  // Announcing is offered where it means something: several sections, or a one-group event whose creator named staff.
  const announcer = useAnnounce(room, client, props.hostOrStaff && (section !== undefined || (room.event.staff?.length ?? 0) > 0));

  return (
    <section className="room" aria-labelledby="room-title">
      <header className="room-header">
        <h1 id="room-title">{title}</h1>
        <div className="room-meta">
          <span className={`connection connection-${connection}`} role="status">
            {CONNECTION_TEXT[connection]}
          </span>
          {section && (
            <span className="section-badge">
              Section {section.index + 1} of {section.count}
            </span>
          )}
          {section && props.hostOrStaff && <SectionSwitcher room={room} client={client} section={section} ownCount={members.data?.count} />}
          {section ? (
            <SectionMembers members={members.data} names={names} />
          ) : (
            <span>{members.data ? `${members.data.count} members` : 'members…'}</span>
          )}
          {section && <span className="attendance">{attendance.data == null ? 'attending…' : `${attendance.data} attending`}</span>}
          <span className="phase">
            {phase.phase === 'upcoming' && `Starts ${dateTime(phase.startsAt)}`}
            {phase.phase === 'live' && `Happening now, until ${dateTime(phase.endsAt)}`}
            {phase.phase === 'ended' && `Ended ${dateTime(phase.endedAt)}: read-only`}
          </span>
        </div>
      </header>
      <PinnedAnnouncement messages={messages.messages} names={names} />
      <MessageList {...messages} room={room} me={client.inboxId} names={names} readOnly={phase.phase === 'ended'} onReply={setReplyTo} />
      {phase.phase === 'ended' ? (
        <p className="read-only">The event has ended; its chat stays readable.</p>
      ) : (
        <Composer room={room} replyTo={replyTo} onCancelReply={() => setReplyTo(undefined)} announcer={announcer} />
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
