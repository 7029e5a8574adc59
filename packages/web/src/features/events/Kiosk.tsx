import { EventCard } from './EventCard.tsx';
import { useEvents } from './useEvents.ts';
import { ErrorMessage } from '../../app/ErrorMessage.tsx';

/** Every event on the chain, newest first. */
export function Kiosk() {
  const events = useEvents();
  return (
    <section aria-labelledby="kiosk-title">
      <h1 id="kiosk-title">Events</h1>
      {events.isPending && <p>Reading events from the chain…</p>}
      <ErrorMessage error={events.error} prefix="Cannot read events: " />
      {events.data?.length === 0 && (
        <p>
          No events yet. <a href="#/create">Create the first one.</a>
        </p>
      )}
      <ul className="event-list">
        {events.data?.map((event) => (
          <li key={String(event.eventId)}>
            <EventCard event={event} />
          </li>
        ))}
      </ul>
    </section>
  );
}
