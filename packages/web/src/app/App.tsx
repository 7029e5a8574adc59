import { CreateEventForm } from '../features/create/CreateEventForm.tsx';
import { Kiosk } from '../features/events/Kiosk.tsx';
import { RoomPage } from '../features/room/RoomPage.tsx';
import { WalletButton } from '../features/wallet/WalletButton.tsx';
import { useRoute } from './route.ts';

export function App() {
  const route = useRoute();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <a className="brand" href="#/">
          ticketchat
        </a>
        <nav aria-label="Main">
          <a href="#/" aria-current={route.page === 'kiosk' ? 'page' : undefined}>
            Events
          </a>
          <a href="#/create" aria-current={route.page === 'create' ? 'page' : undefined}>
            Create
          </a>
        </nav>
        <WalletButton />
      </header>
      <main id="main">
        {route.page === 'kiosk' && <Kiosk />}
        {route.page === 'create' && <CreateEventForm />}
        {route.page === 'room' && <RoomPage key={String(route.eventId)} eventId={route.eventId} section={route.section} />}
        {route.page === 'not-found' && (
          <section>
            <h1>Page not found</h1>
            <p>
              <a href="#/">Back to events</a>
            </p>
          </section>
        )}
      </main>
    </>
  );
}
