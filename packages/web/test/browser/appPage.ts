import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import type { TestContext } from 'node:test';
import { collectPageErrors, launchChromium } from '@ticketchat/browser-testing';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startWebStack, type WebStack } from '../fixtures/webStack.ts';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const SCREENSHOTS_DIR = new URL('../../screenshots/', import.meta.url);

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
/** How long a page gets to show what the stack did (the agent's commit, a message's round trip). */
export const UI_TIMEOUT_MS = 30_000;

/** One person's browser profile: its own storage (OPFS, IndexedDB), pages and console errors. */
export interface Visitor {
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** Another tab in the same profile. */
  newTab(): Promise<Page>;
  /**
   * Runs `during` and allows only console errors matching `expected` while it runs (a deliberate
   * outage makes the browser report refused connections); any other error stays and fails the test.
   */
  tolerateErrorsDuring(expected: RegExp, during: () => Promise<void>): Promise<void>;
}

export async function openVisitor(browser: Browser, url: string): Promise<Visitor> {
  const context = await browser.newContext({ viewport: DESKTOP });
  const tabErrors: string[][] = [];
  const newTab = async () => {
    const page = await context.newPage();
    tabErrors.push(collectPageErrors(page));
    await page.goto(url);
    return page;
  };
  const page = await newTab();
  return {
    context,
    page,
    get errors() {
      return tabErrors.flat();
    },
    newTab,
    async tolerateErrorsDuring(expected, during) {
      const before = tabErrors.map((errors) => errors.length);
      await during();
      tabErrors.forEach((errors, tab) => {
        const start = before[tab] ?? 0;
        const unexpected = errors.slice(start).filter((error) => !expected.test(error));
        errors.splice(start, errors.length - start, ...unexpected);
      });
    },
  };
}

/**
 * Connects the demo wallet named `name` from the header's menu, unless the page reconnected it by
 * itself (a demo wallet, like an injected one, stays connected across reloads and tabs).
 */
export async function connectDemo(page: Page, name: string): Promise<void> {
  const connectButton = page.getByText('Connect wallet');
  const disconnectButton = page.getByRole('button', { name: 'Disconnect' });
  await connectButton.or(disconnectButton).waitFor();
  if (await connectButton.isVisible()) {
    await connectButton.click();
    await page.getByRole('button', { name: `Demo: ${name}` }).click();
    await disconnectButton.waitFor();
  }
  const connectedAs = await page.locator('.wallet-address').innerText();
  if (!connectedAs.startsWith(`${name} · `)) throw new Error(`expected ${name} connected, found "${connectedAs}"`);
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe;
    return (await axe.run()).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS_DIR).pathname, fullPage: true });
}

/** Screenshot, then axe-core: no serious or critical violation on the page as it is now. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  assert.deepEqual(await accessibilityProblems(page), [], `accessibility problems on "${name}"`);
}

/** Waits for `locator`; on a timeout the error says what the page showed instead. */
export async function waitShown(page: Page, locator: Locator, what: string, timeout = UI_TIMEOUT_MS): Promise<void> {
  await locator.waitFor({ timeout }).catch(async (error: Error) => {
    throw new Error(`${what} not shown; the page says: ${(await page.locator('main').innerText()).slice(-600)}`, { cause: error });
  });
}

/** Waits for a message with `text` in the room's conversation. */
export const messageIn = (page: Page, text: string) => waitShown(page, page.locator('li.message', { hasText: text }), `"${text}"`);

/** The real stack and a headless Chromium for one test, both stopped when it ends. */
export async function startStackAndBrowser(t: TestContext): Promise<{ stack: WebStack; browser: Browser }> {
  const cleanups: (() => Promise<unknown>)[] = [];
  t.after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  const stack = await startWebStack();
  cleanups.push(() => stack.stop());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  return { stack, browser };
}

/**
 * Connects the demo wallet `name`, buys a ticket for the event titled `title` at the kiosk and
 * enters its room, waiting until it is live (the membership agent adds the buyer from the
 * purchase's log).
 */
export async function buyAndEnter(visitor: Visitor, name: string, title: string): Promise<void> {
  await connectDemo(visitor.page, name);
  const card = visitor.page.locator('article', { hasText: title });
  await card.getByText('Details verified against their IPFS CID').waitFor({ timeout: UI_TIMEOUT_MS });
  await card.getByRole('button', { name: 'Buy a ticket' }).click();
  await card.getByText(/is yours; your chat is ready/).waitFor({ timeout: UI_TIMEOUT_MS });
  await card.getByRole('link', { name: 'Enter the room' }).click();
  await waitShown(visitor.page, visitor.page.getByText('Connection: live', { exact: true }), 'the live room');
}
