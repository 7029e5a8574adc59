/*
 * The web app end to end in headless Debian Chromium, against the real local stack as
 * `ticketchat dev` starts it (anvil with the contracts, our XMTP node, the IPFS gateway, the
 * membership agent, the app it serves): a host creates an event in the app; Bob and Carol, each in
 * a browser profile of their own, buy tickets, are let in by the agent and chat live with the host;
 * Bob refunds, the agent removes him and his room says access revoked while Carol keeps chatting.
 * Every step is screenshotted and checked with axe-core; no page may log an error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeRuntime } from '@ticketchat/chat/node';
import { createEvent, getEvent, buyTicket } from '@ticketchat/contracts';
import { eventually } from '@ticketchat/test-support';
import type { Group } from '@xmtp/node-sdk';
import { putEventMetadata } from '@ticketchat/metadata';
import type { Page } from 'playwright-core';
import { ACCOUNTS } from '../fixtures/webStack.ts';
import {
  buyAndEnter,
  checkPage,
  connectDemo,
  messageIn,
  openVisitor,
  PHONE,
  startStackAndBrowser,
  UI_TIMEOUT_MS,
  waitShown,
} from './appPage.ts';

test('host creates an event; two buyers chat live with the host; a refund revokes access', { timeout: 300_000 }, async (t) => {
  const { stack, browser } = await startStackAndBrowser(t);

  const pages: { name: string; page: Page }[] = [];
  /** Screenshot, then axe-core: every page the test visits is checked. */
  const step = async (page: Page, name: string) => {
    await checkPage(page, name);
    pages.push({ name, page });
  };
  const revokedIn = (page: Page) => waitShown(page, page.getByRole('heading', { name: 'Access revoked' }), '"Access revoked"');

  const host = await openVisitor(browser, stack.web.url);
  await host.page.getByRole('heading', { name: 'Events' }).waitFor();
  await step(host.page, '01-kiosk-empty');
  await connectDemo(host.page, 'Alice (creator)');

  await t.test('the host creates an event: one mint carries its group, each step shown', async () => {
    await host.page.getByRole('link', { name: 'Create', exact: true }).click();
    await host.page.getByLabel('Title').fill('Rooftop set');
    await host.page.getByLabel('Description').fill('Two hours of live electronic music on the roof.');
    await step(host.page, '02-create-form');
    await host.page.getByRole('button', { name: 'Create event' }).click();
    await host.page.getByText('Event 1 is on chain with its chat.').waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await host.page.locator('.progress .step-done').count(), 5);
    await step(host.page, '03-create-done');
  });
  const event = await getEvent(stack.chain.publicClient, { registry: stack.config.registry, eventId: 1n });
  assert.match(event.chatGroupId, /^[0-9a-f]+$/);

  await host.page.getByRole('link', { name: 'Open its room' }).click();
  await host.page.getByText('Connection: live', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
  await host.page.getByText(/^Starts /).waitFor();
  await step(host.page, '04-host-room');

  const bob = await openVisitor(browser, stack.web.url);
  const carol = await openVisitor(browser, stack.web.url);

  await t.test('two buyers, each in a browser profile of their own, buy tickets and enter the room', async () => {
    await connectDemo(bob.page, 'Bob');
    await bob.page.locator('article', { hasText: 'Rooftop set' }).getByText('upcoming').waitFor({ timeout: UI_TIMEOUT_MS });
    await step(bob.page, '05-kiosk-buyer');
    await buyAndEnter(bob, 'Bob', 'Rooftop set');
    await buyAndEnter(carol, 'Carol', 'Rooftop set');
    await carol.page.getByText('4 members').waitFor({ timeout: UI_TIMEOUT_MS });
    await step(carol.page, '06-buyer-room');
  });

  await t.test('they chat live with the host: messages, a reply and a reaction arrive everywhere', async () => {
    await host.page.getByLabel('Message', { exact: true }).fill('Welcome! Doors open at nine.');
    await host.page.getByRole('button', { name: 'Send' }).click();
    await Promise.all([messageIn(bob.page, 'Doors open at nine'), messageIn(carol.page, 'Doors open at nine')]);

    const welcome = bob.page.locator('li.message', { hasText: 'Doors open at nine' });
    await welcome.getByRole('button', { name: 'Reply to Host' }).click();
    await bob.page.getByLabel('Message', { exact: true }).fill('Can’t wait!');
    await bob.page.getByRole('button', { name: 'Send' }).click();
    await carol.page.locator('li.message', { hasText: 'Doors open at nine' }).getByRole('button', { name: 'React 🔥' }).click();
    await carol.page.getByLabel('Message', { exact: true }).fill('See you there');
    await carol.page.getByRole('button', { name: 'Send' }).click();

    for (const page of [host.page, bob.page, carol.page]) {
      await messageIn(page, 'See you there');
      const reply = page.locator('li.message', { hasText: 'Can’t wait!' });
      await reply.waitFor({ timeout: UI_TIMEOUT_MS });
      assert.match(await reply.locator('.quote').innerText(), /Doors open at nine/);
      await page
        .locator('li.message', { hasText: 'Doors open at nine' })
        .getByRole('button', { name: 'React 🔥 1' })
        .waitFor({ timeout: UI_TIMEOUT_MS });
    }
    await step(host.page, '07-host-room-chatting');
    await carol.page.setViewportSize(PHONE);
    await step(carol.page, '08-buyer-room-phone');
    await carol.page.setViewportSize({ width: 1280, height: 800 });
  });

  await t.test('a second tab of the same wallet is told the chat is open elsewhere', async () => {
    const second = await carol.newTab();
    await second.goto(`${stack.web.url}#/events/1`);
    await connectDemo(second, 'Carol');
    await second.getByText('This chat is open in another tab').waitFor({ timeout: UI_TIMEOUT_MS });
    // What a reload waits on (src/features/xmtp/databaseFiles.ts): while the first tab's SDK worker
    // holds the database, the browser refuses another writer on its files.
    const probed = await second.evaluate(`(async () => {
      const root = await navigator.storage.getDirectory();
      const pool = await (await root.getDirectoryHandle('.opfs-libxmtp-metadata')).getDirectoryHandle('.opaque');
      const outcomes = [];
      for await (const handle of pool.values()) {
        try { await (await handle.createWritable()).abort(); outcomes.push('free'); } catch (error) { outcomes.push(error.name); }
      }
      return outcomes;
    })()`);
    assert.ok(Array.isArray(probed) && probed.includes('NoModificationAllowedError'), `pool files probed: ${JSON.stringify(probed)}`);
    await step(second, '09-second-tab');
    await second.close();
    await carol.page.bringToFront();
  });

  await t.test('Bob refunds in another tab: his room says access revoked, Carol keeps chatting', async () => {
    const kiosk = await bob.newTab();
    await connectDemo(kiosk, 'Bob');
    const card = kiosk.locator('article', { hasText: 'Rooftop set' });
    await card.getByRole('button', { name: /^Refund ticket/ }).click();
    // Done once the card no longer lists the ticket ("Buy a ticket" shows all along: one may hold several).
    await card.getByText(/^You hold ticket/).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await kiosk.close();
    // Back to the room's tab, as a person would: a hidden tab gets no animation frames to render with.
    await bob.page.bringToFront();
    // The membership agent removes him on the refund's log; the room notices by the chain or the group.

    await revokedIn(bob.page);
    await step(bob.page, '10-access-revoked');

    await carol.page.getByText('3 members').waitFor({ timeout: UI_TIMEOUT_MS });
    await carol.page.getByLabel('Message', { exact: true }).fill('Bob left, still here');
    await carol.page.getByRole('button', { name: 'Send' }).click();
    await messageIn(host.page, 'Bob left, still here');
    await host.page.getByLabel('Message', { exact: true }).fill('Thanks Carol');
    await host.page.getByRole('button', { name: 'Send' }).click();
    await messageIn(carol.page, 'Thanks Carol');
    await step(carol.page, '11-buyer-keeps-chatting');
  });

  await t.test('history: a reopened room shows the newest page; scrolling back loads older ones', async () => {
    // Dave buys from a Node client; the agent lets him in, and he fills the room's history.
    const dave = await stack.xmtp(ACCOUNTS.dave);
    await buyTicket(stack.chain.clients(ACCOUNTS.dave), { kiosk: stack.config.kiosk, eventId: 1n, price: event.ticketPrice });
    const group = await eventually('the agent adds Dave', async () => {
      await dave.conversations.sync();
      return (await dave.conversations.getConversationById(event.chatGroupId)) as Group<unknown> | undefined;
    });
    await group.sync();
    for (let index = 1; index <= 40; index += 1) await group.sendText(`Backlog ${index}`);
    await messageIn(carol.page, 'Backlog 40');
    const carolInbox = nodeRuntime.inboxIdFor(stack.chain.account(ACCOUNTS.carol).address);
    const installations = async () => (await dave.preferences.fetchInboxStates([carolInbox]))[0]?.installations.length;
    assert.equal(await installations(), 1);
    await carol.page.reload();
    await connectDemo(carol.page, 'Carol');
    await carol.page.getByText(/^(Connection: live|Waiting for the membership agent.*)$/).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await installations(), 1, 'the reload reopened the same OPFS database (no new installation)');
    await messageIn(carol.page, 'Backlog 40');
    assert.equal(await carol.page.getByText('Backlog 1', { exact: true }).count(), 0, 'only the newest page at first');
    await carol.page.locator('.messages').evaluate((element) => element.scrollTo({ top: 0 }));
    await messageIn(carol.page, 'Bob left, still here');
    await carol.page.getByText('Backlog 1', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
  });

  await t.test('a room whose group is bound to another event fails verification, clearly', async () => {
    // The host points a second event at the first event's group; Carol, a member of that group, buys a
    // ticket. (The agent refuses to adopt that group too: it stays awaiting a group of its own.)
    const hostChain = stack.chain.clients(ACCOUNTS.host);
    const now = (await stack.chain.publicClient.getBlock()).timestamp;
    const { uri } = await putEventMetadata(stack.metadataStore, {
      schemaVersion: 1,
      title: 'Borrowed chat',
      description: 'Points at another event’s group',
      category: 'test',
      startsAt: new Date(Number(now + 3_600n) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      endsAt: new Date(Number(now + 7_200n) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      image: 'https://ticketchat.example/event.png',
      chat: { xmtpGroupId: event.chatGroupId },
      chain: { chainId: stack.config.chainId, registry: stack.config.registry, kiosk: stack.config.kiosk },
    });
    const { eventId } = await createEvent(hostChain, {
      registry: stack.config.registry,
      startsAt: now + 3_600n,
      endsAt: now + 7_200n,
      ticketPrice: 0n,
      capacity: 10,
      metadataURI: uri,
      chatGroupId: event.chatGroupId,
    });
    await buyTicket(stack.chain.clients(ACCOUNTS.carol), { kiosk: stack.config.kiosk, eventId, price: 0n });
    await carol.page.goto(`${stack.web.url}#/events/${eventId}`);
    await carol.page.getByRole('heading', { name: 'This chat could not be verified' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await step(carol.page, '12-unverified-group');
  });

  await t.test('the room shows its connection: lost while the network is gone, live again after it returns', async () => {
    await carol.page.goto(`${stack.web.url}#/events/1`);
    await carol.page.getByText('Connection: live', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    // Carol's browser goes offline (the stack keeps running for everyone else). The browser reports
    // each failed request as a console error, and the SDK's worker logs the streams that died;
    // only those are allowed meanwhile.
    const refused =
      /ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_NETWORK_CHANGED|ERR_EMPTY_RESPONSE|Failed to fetch|^Stream failed, retried \d+ times$|^Stream "[0-9a-f]+" not found$/;
    await carol.tolerateErrorsDuring(refused, async () => {
      await carol.context.setOffline(true);
      await carol.page.getByText(/^(Connection lost: reconnecting…|Connection degraded|Offline)/).waitFor({ timeout: UI_TIMEOUT_MS });
      await step(carol.page, '13-connection-lost');
      await host.page.getByLabel('Message', { exact: true }).fill('Back online');
      await host.page.getByRole('button', { name: 'Send' }).click();
      await carol.context.setOffline(false);
      await carol.page.getByText('Connection: live', { exact: true }).waitFor({ timeout: 60_000 });
      // What was sent while she was away arrives once she is back.
      await messageIn(carol.page, 'Back online');
    });
  });

  await t.test('Carol transfers her ticket to Bob in another tab: her room says access revoked, Bob holds it', async () => {
    const kiosk = await carol.newTab();
    await connectDemo(kiosk, 'Carol');
    const card = kiosk.locator('article', { hasText: 'Rooftop set' });
    const bobAddress = stack.chain.account(ACCOUNTS.bob).address;
    await card.getByLabel(/^Give ticket #\d+ to$/).fill(bobAddress);
    await card.getByRole('button', { name: 'Transfer' }).click();
    // Done once the card no longer lists the ticket ("Buy a ticket" shows all along: one may hold several).
    await card.getByText(/^You hold ticket/).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await kiosk.close();
    await carol.page.bringToFront();
    await revokedIn(carol.page);
    await bob.page.goto(stack.web.url);
    await bob.page
      .locator('article', { hasText: 'Rooftop set' })
      .getByText(/^You hold ticket #\d+$/)
      .waitFor({ timeout: UI_TIMEOUT_MS });
  });

  assert.deepEqual(
    { host: host.errors, bob: bob.errors, carol: carol.errors },
    { host: [], bob: [], carol: [] },
    'console errors in the pages',
  );
  t.diagnostic(`pages checked with axe-core: ${pages.map((p) => p.name).join(', ')}`);
});
