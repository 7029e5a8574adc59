/** The app's pages, addressed by the URL's hash so any static server can serve them. */
export type Route = { page: 'kiosk' } | { page: 'create' } | { page: 'room'; eventId: bigint } | { page: 'not-found' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/') return { page: 'kiosk' };
  if (path === '/create') return { page: 'create' };
  const room = /^\/events\/([1-9]\d{0,30})$/.exec(path);
  return room ? { page: 'room', eventId: BigInt(room[1]!) } : { page: 'not-found' };
}

export const roomHref = (eventId: bigint) => `#/events/${eventId}`;
