/*
 * A newcomer's path, as the README tells it: `npm start -- --demo` (here with free ports and a
 * fresh data directory), open the URL it prints, pick a demo wallet, open the demo event's room:
 * the seeded conversation is there, and a message sent from the page reaches the room. The wallet
 * picked was seeded from Node by the stack, so this browser is a new installation of an inbox that
 * is already in the group: the room asks the agent to let it in.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { launchChromium } from '@ticketchat/browser-testing';
import type { StackFile } from '@ticketchat/cli';
import { accessibilityProblems, connectDemo, openVisitor, PHONE, screenshot } from './appPage.ts';

const BIN = createRequire(import.meta.url).resolve('@ticketchat/cli/bin');
const UI_TIMEOUT_MS = 30_000;

test(
  'npm start -- --demo: open the printed URL, pick a demo wallet, the demo room has its messages and takes one more',
  { timeout: 240_000 },
  async (t) => {
    const directory = await mkdtemp(join(tmpdir(), 'ticketchat-newcomer-'));
    t.after(() => rm(directory, { recursive: true, force: true }));
    // What `npm start -- --demo --ports auto` runs; --json prints the stack file (and the demo event) once ready.
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', BIN, 'dev', '--demo', '--ports', 'auto', '--json'], {
      cwd: directory,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit');
    t.after(async () => {
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await exited;
      }
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ready = await Promise.race([
      once(createInterface({ input: child.stdout }), 'line').then(
        ([line]) => JSON.parse(line as string) as StackFile & { demoEventId: string },
      ),
      exited.then(([code]) => Promise.reject(new Error(`ticketchat dev exited ${String(code)} before it was ready: ${stderr}`))),
    ]);
    assert.ok(ready.web, 'the stack serves the web app');
    assert.match(ready.web.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);

    const browser = await launchChromium();
    t.after(() => browser.close());
    const visitor = await openVisitor(browser, ready.web.url);
    const page = visitor.page;
    await page.getByRole('heading', { name: 'Events' }).waitFor();
    await connectDemo(page, 'Carol');
    const card = page.locator('article', { hasText: 'ticketchat demo night' });
    await card.getByText(/^You hold ticket #\d+$/).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'newcomer-01-kiosk');
    assert.deepEqual(await accessibilityProblems(page), []);

    await card.getByRole('link', { name: 'Enter the room' }).click();
    await page.getByText('Connection: live', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    for (const seeded of [
      'Welcome to ticketchat demo night! Doors at 8.',
      "Can't wait!",
      'Is there a dress code?',
      'None: come as you are.',
    ]) {
      await page.locator('li.message', { hasText: seeded }).waitFor({ timeout: UI_TIMEOUT_MS });
    }
    // A reaction to the host's welcome, and a reply to the host's answer, as a newcomer would.
    await page.locator('li.message', { hasText: 'Doors at 8.' }).getByRole('button', { name: 'React 🔥' }).click();
    await page.locator('li.message', { hasText: 'None: come as you are.' }).getByRole('button', { name: 'Reply to Host' }).click();
    await page.getByLabel('Message', { exact: true }).fill('Perfect, see you at 8!');
    await page.getByRole('button', { name: 'Send' }).click();
    const sent = page.locator('li.message', { hasText: 'Perfect, see you at 8!' });
    await sent.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await sent.locator('.quote').innerText(), /come as you are/);
    await page
      .locator('li.message', { hasText: 'Doors at 8.' })
      .getByRole('button', { name: 'React 🔥 1' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'newcomer-02-room');
    assert.deepEqual(await accessibilityProblems(page), []);
    await page.setViewportSize(PHONE);
    await screenshot(page, 'newcomer-03-room-phone');

    assert.deepEqual(visitor.errors, [], 'console errors in the page');
  },
);
