import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; the root test runner installs it for tests under a `browser/` folder. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, and nothing leaves loopback: no component updates, sync, QUIC or background fetches. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Collects what a page reports as failures: uncaught errors, and console errors from the page and
 * its workers (the SDK's worker logs CORS refusals and its own failures there).
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}
