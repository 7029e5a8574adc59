import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { Providers } from './app/Providers.tsx';
import './app/styles.css';
import { parseAppConfig } from './config.ts';
import { userMessage } from './lib/errors.ts';
import { createServices } from './lib/services.tsx';

const root = createRoot(document.getElementById('root')!);

/** The stack serves config.json beside the app: chain, contracts, node, gateway, agent. */
async function start() {
  const response = await fetch('./config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json could not be loaded (${response.status}).`);
  const services = createServices(parseAppConfig(await response.json()));
  root.render(
    <StrictMode>
      <Providers services={services}>
        <App />
      </Providers>
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  console.warn('[ticketchat] start', error);
  root.render(
    <main className="startup-error">
      <h1>ticketchat cannot start</h1>
      <p role="alert">{userMessage(error)}</p>
    </main>,
  );
});
