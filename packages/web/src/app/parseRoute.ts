/**
 * The app's pages, addressed by the URL's hash so any static server can serve them. A room's
 * `section` is 0-based like the chat library's; the URL counts from 1, as people do
 * (`#/events/7?section=3` is section index 2), so a shared link reads the way the room labels it.
 */
export type Route = { page: 'kiosk' } | { page: 'create' } | { page: 'room'; eventId: bigint; section?: number } | { page: 'not-found' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/') return { page: 'kiosk' };
  if (path === '/create') return { page: 'create' };
  // Four digits hold any section number an event may have (at most 1,000 sections).
  const room = /^\/events\/([1-9]\d{0,30})(?:\?section=([1-9]\d{0,3}))?$/.exec(path);
  if (!room) return { page: 'not-found' };
  const eventId = BigInt(room[1]!);
  return room[2] === undefined ? { page: 'room', eventId } : { page: 'room', eventId, section: Number(room[2]) - 1 };
}

export const roomHref = (eventId: bigint, section?: number) =>
  section === undefined ? `#/events/${eventId}` : `#/events/${eventId}?section=${section + 1}`;
