import { useEffect } from 'react';
import { useConnection } from 'wagmi';
import { roomHref } from '../../app/parseRoute.ts';
import { userMessage } from '../../lib/errors.ts';
import { isEventStaff } from '../events/eventStaff.ts';
import { useEvent, useEventMetadata } from '../events/useEvents.ts';
import { useXmtp } from '../xmtp/XmtpProvider.tsx';
import { ChatRoom } from './ChatRoom.tsx';
import { useEventRoom } from './useEventRoom.ts';
import { useTicketAccess } from './useTicketAccess.ts';

/**
 * An event's room: who may enter is the chain's answer; what opens is the verified group. `section`
 * (0-based, from the URL) is the one the creator or staff chose; anyone else gets their own section.
 */
export function RoomPage({ eventId, section }: { eventId: bigint; section?: number | undefined }) {
  const { address } = useConnection();
  const event = useEvent(eventId);
  const metadata = useEventMetadata(event.data?.metadataURI);
  const ticketAccess = useTicketAccess(eventId, address, event.data?.creator);
  const access = isEventStaff(metadata.data, address) && ticketAccess !== 'creator' ? 'staff' : ticketAccess;
  const xmtp = useXmtp();
  // The client takes longest to open (its wasm worker and database): start it while the chain answers.
  useEffect(() => {
    if (address) xmtp.open().catch(() => undefined); // a failure shows when the room opens
  }, [address, xmtp.open]);
  const mayEnter = access === 'holder' || access === 'creator' || access === 'staff';
  // The creator and staff are in every section and may pick one; a holder's section is the one the agent seated them in.
  const hostOrStaff = access === 'creator' || access === 'staff';
  const room = useEventRoom(eventId, mayEnter, hostOrStaff ? section : undefined);
  const title = metadata.data?.title ?? `Event ${eventId}`;

  const notice = (heading: string, body: React.ReactNode, role: 'status' | 'alert' = 'status') => (
    <section className={`room-notice ${role === 'alert' ? 'room-notice-alert' : ''}`} aria-labelledby="room-title">
      <h1 id="room-title">{title}</h1>
      <div role={role}>
        <h2>{heading}</h2>
        {body}
      </div>
      <p>
        <a href="#/">Back to events</a>
      </p>
    </section>
  );

  if (event.error) return notice('This event cannot be read', <p>{userMessage(event.error)}</p>, 'alert');
  if (!address) return notice('Connect a wallet', <p>Connect the wallet that holds your ticket to enter the room.</p>);
  if (access === 'revoked')
    return notice(
      'Access revoked',
      <p>Your ticket was refunded, transferred or the event was cancelled, so you have left this event’s chat.</p>,
      'alert',
    );
  // Staff are known once the metadata is read: until then, no "you need a ticket".
  if (access === 'checking' || event.isPending || (access === 'no-ticket' && metadata.isPending))
    return notice('Checking your ticket…', <p>Reading the chain.</p>);
  if (access === 'no-ticket')
    return notice(
      'You need a ticket',
      <p>
        This room is for ticket holders. <a href="#/">Get a ticket at the kiosk.</a>
      </p>,
    );
  if (xmtp.state.status === 'other-tab')
    return notice(
      'This chat is open in another tab',
      <p>Your wallet’s chat database can only be used by one tab at a time. Close the other tab and this one opens it by itself.</p>,
      'alert',
    );
  switch (room.access) {
    case 'opening':
      return notice('Opening the room…', <p>Verifying the event’s group against the chain.</p>);
    case 'waiting-for-invite':
      // A new ticket holder is added by the agent; a member's new device (this browser, for a
      // wallet first used elsewhere) is let in when the room asks the agent (useEventRoom).
      return notice(
        access === 'creator'
          ? 'Joining your event’s chat'
          : access === 'staff'
            ? 'You are staff at this event'
            : 'Your ticket is confirmed',
        <p>Waiting for the membership agent to add {access === 'creator' ? 'this browser' : 'you'} to the chat…</p>,
      );
    case 'unverified':
      return notice(
        'This chat could not be verified',
        <p>
          The group this event points at is not the one its creator bound to it ({room.reason}). It is not shown, to keep you out of an
          impostor’s chat.
        </p>,
        'alert',
      );
    case 'failed':
      return notice(
        'The room could not be opened',
        <>
          <p>{room.message}</p>
          {hostOrStaff && section !== undefined && (
            <p>
              <a href={roomHref(eventId)}>Open the event’s first section</a>
            </p>
          )}
        </>,
        'alert',
      );
    case 'open':
      return <ChatRoom title={title} room={room.room} client={room.client} hostOrStaff={hostOrStaff} />;
  }
}
