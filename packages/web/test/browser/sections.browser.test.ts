/*
 * Sections in the web app, end to end in headless Debian Chromium against the real local stack
 * (`startStack`, as `ticketchat dev` starts it): the host creates an event of three two-seat
 * sections in the app, naming Dave as staff; Bob and Carol, each in a browser profile of their
 * own, buy tickets and the membership agent seats them in different sections; each room shows its
 * section, that section's members and the event's total attendance. The host (and then Dave, as
 * staff, without a ticket) announce to every section from the composer and each buyer sees each
 * announcement once, as one; a buyer has no way to announce, and an announcement-typed message a
 * member sends through the SDK is not shown as one. The host, in every section, switches to a
 * buyer's section (the URL keeps it across a reload) and announces from there; a buyer given a link
 * to another section still sees their own. Every step is screenshotted and checked with axe-core;
 * no page may log an error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { announcementCodec, newAnnouncementId, type NodeXmtpGroup } from '@ticketchat/chat/node';
import { buyTicket, getEvent } from '@ticketchat/contracts';
import { getEventMetadata } from '@ticketchat/metadata';
import { eventually } from '@ticketchat/test-support';
import type { Page } from 'playwright-core';
import { ACCOUNTS } from '../fixtures/webStack.ts';
import {
  buyAndEnter,
  checkPage,
  connectDemo,
  DESKTOP,
  messageIn,
  openVisitor,
  PHONE,
  startStackAndBrowser,
  UI_TIMEOUT_MS,
  waitShown,
} from './appPage.ts';

/** Two Node buyers who fill the other seats; Erin is the member who tries to announce. */
const FRANK = 5;
const ERIN = 6;

test('a sectioned event: each buyer in their own section; the host and staff announce to all of them', { timeout: 420_000 }, async (t) => {
  const { stack, browser } = await startStackAndBrowser(t);

  /** The section a room says it is (1-based, as people count). */
  const sectionOf = async (page: Page) => {
    const badge = page.locator('.section-badge');
    await waitShown(page, badge, 'the section badge');
    const [, section, count] = /^Section (\d+) of (\d+)$/.exec(await badge.innerText()) ?? [];
    assert.equal(count, '3');
    return Number(section);
  };
  /** Who the room lists as its section's members. */
  const membersOf = async (page: Page) => {
    const list = page.locator('.section-members');
    if (!(await list.evaluate((element) => element.hasAttribute('open')))) await list.locator('summary').click();
    return list.getByRole('listitem').allInnerTexts();
  };
  const announcementsIn = (page: Page, text: string) => page.locator('li.message.announcement', { hasText: text });

  const host = await openVisitor(browser, stack.web.url);
  await connectDemo(host.page, 'Alice (creator)');
  const daveAddress = stack.chain.account(ACCOUNTS.dave).address;
  // Dave, named staff below, has an inbox before the event exists (any room page opens the wallet's
  // chat client), so the agent puts him in every section as it adopts them.
  const dave = await openVisitor(browser, `${stack.web.url}#/events/1`);
  await connectDemo(dave.page, 'Dave');
  await waitShown(dave.page, dave.page.getByText('chat ready'), 'Dave’s chat client');

  await t.test('the host creates an event of three sections, choosing the section size in the form', async () => {
    await host.page.getByRole('link', { name: 'Create', exact: true }).click();
    await host.page.getByLabel('Title').fill('Stadium night');
    await host.page.getByLabel('Description').fill('A small test of a large event: three sections of two.');
    await host.page.getByLabel('Capacity').fill('6');
    await host.page.getByText('Sections and staff').click();
    await host.page.getByLabel('Section size (ticket holders per section)').fill('2');
    await host.page.getByLabel('Staff who may announce (addresses)').fill(daveAddress);
    await host.page.getByText('3 sections of up to 2 ticket holders each').waitFor();
    await checkPage(host.page, 'sections-create');
    await host.page.getByRole('button', { name: 'Create event' }).click();
    await waitShown(host.page, host.page.getByText('Event 1 is on chain with its chat.'), 'the minted event');
    await host.page.getByText('Draft the event’s 3 section groups (offline)').waitFor();

    const event = await getEvent(stack.chain.publicClient, { registry: stack.config.registry, eventId: 1n });
    const { metadata } = await getEventMetadata(stack.metadataStore, event.metadataURI);
    assert.equal(metadata.chat.sections?.length, 3);
    assert.equal(metadata.chat.sections[0], event.chatGroupId);
    assert.equal(metadata.chat.sectionSeats, 2);
    assert.deepEqual(metadata.chat.staff, [daveAddress]);
  });

  await host.page.getByRole('link', { name: 'Open its room' }).click();
  await waitShown(host.page, host.page.getByText('Connection: live', { exact: true }), 'the host’s live room');
  const hostSection = await sectionOf(host.page);

  // Dave, staff, enters without a ticket (his room is the first section).
  await dave.page.goto(stack.web.url);
  await connectDemo(dave.page, 'Dave');
  await dave.page.locator('article', { hasText: 'Stadium night' }).getByRole('link', { name: 'Enter the room' }).click();
  await waitShown(dave.page, dave.page.getByText('Connection: live', { exact: true }), 'Dave’s live room');
  await dave.page.getByRole('radio', { name: 'Announce to all 3 sections' }).waitFor();

  const bob = await openVisitor(browser, stack.web.url);
  const carol = await openVisitor(browser, stack.web.url);
  const sections = { bob: 0, carol: 0 };
  /** The browsers in Erin's section (she sends the forged announcement). */
  const erinWatchers: { name: string; page: Page }[] = [];

  await t.test('two buyers are seated in different sections; each room shows its section, members and attendance', async () => {
    await bob.page.locator('article', { hasText: 'Stadium night' }).getByText('3 sections of up to 2').waitFor({ timeout: UI_TIMEOUT_MS });
    await buyAndEnter(bob, 'Bob', 'Stadium night');
    await buyAndEnter(carol, 'Carol', 'Stadium night');
    sections.bob = await sectionOf(bob.page);
    sections.carol = await sectionOf(carol.page);
    assert.notEqual(sections.bob, sections.carol, 'the agent fills sections evenly');
    for (const [page, me, other] of [
      [bob.page, 'Bob', 'Carol'],
      [carol.page, 'Carol', 'Bob'],
    ] as const) {
      await waitShown(page, page.getByText('2 attending', { exact: true }), `${me}'s "2 attending"`);
      // The section: the host and staff (in every section), the agent (its admin) and this buyer; not the other buyer.
      await waitShown(page, page.getByText('4 in this section', { exact: true }), `${me}'s section count`);
      const members = await membersOf(page);
      assert.deepEqual([...members].sort(), ['Host', 'Membership agent', 'Staff (Dave)', 'You'], `${me}'s section members`);
      assert.ok(!members.includes(other));
      await page.locator('.section-members summary').click(); // closed again
    }
  });

  await t.test('a buyer has no announcement mode; the host announces from the composer to every section', async () => {
    assert.equal(await bob.page.getByRole('radio').count(), 0, 'a buyer’s composer has one mode');
    assert.equal(await bob.page.getByRole('button', { name: 'Announce' }).count(), 0);

    await host.page.getByRole('radio', { name: 'Announce to all 3 sections' }).check();
    await host.page.getByLabel('Announcement', { exact: true }).fill('Gates open at six. Welcome, everyone!');
    await host.page.getByRole('button', { name: 'Announce', exact: true }).click();
    await waitShown(host.page, host.page.getByText('Announced in all 3 sections.'), 'the delivery report');
    for (const section of [1, 2, 3]) await host.page.getByText(`Section ${section}: delivered`).waitFor();
    await checkPage(host.page, 'sections-composer');
    await host.page.setViewportSize(PHONE);
    await checkPage(host.page, 'sections-composer-phone');
    await host.page.setViewportSize(DESKTOP);

    for (const page of [bob.page, carol.page, host.page]) {
      await waitShown(page, announcementsIn(page, 'Gates open at six'), 'the announcement');
      await page.locator('.pinned-announcement', { hasText: 'Gates open at six' }).waitFor();
    }
    // The section view as a member sees it: the announcement pinned, the section's members open.
    await bob.page.locator('.section-members summary').click();
    await checkPage(bob.page, 'sections-room');
    await bob.page.locator('.section-members summary').click();
    await carol.page.setViewportSize(PHONE);
    await checkPage(carol.page, 'sections-room-phone');
    await carol.page.setViewportSize(DESKTOP);
  });

  await t.test('an announcement-typed message from a member is not shown as an announcement', async () => {
    // Frank and Erin (their inboxes registered first) buy from Node; the agent seats them, which puts
    // Erin next to a buyer or the host.
    await stack.xmtp(FRANK);
    const erin = await stack.xmtp(ERIN);
    const event = await getEvent(stack.chain.publicClient, { registry: stack.config.registry, eventId: 1n });
    for (const index of [FRANK, ERIN]) {
      await buyTicket(stack.chain.clients(index), { kiosk: stack.config.kiosk, eventId: 1n, price: event.ticketPrice });
    }
    const { metadata } = await getEventMetadata(stack.metadataStore, event.metadataURI);
    const sectionIds = metadata.chat.sections ?? [];
    const erinGroup = await eventually('the agent seats Erin', async () => {
      await erin.conversations.sync();
      for (const groupId of sectionIds) {
        const group = (await erin.conversations.getConversationById(groupId)) as NodeXmtpGroup | undefined;
        if (group) return group;
      }
      return undefined;
    });
    const erinSection = sectionIds.indexOf(erinGroup.id) + 1;
    const watchers = [
      { name: 'host', page: host.page, section: hostSection },
      { name: 'Bob', page: bob.page, section: sections.bob },
      { name: 'Carol', page: carol.page, section: sections.carol },
    ].filter((watcher) => watcher.section === erinSection);
    assert.ok(watchers.length > 0, `Erin sits in section ${erinSection}, next to one of the browsers`);

    await erinGroup.sync();
    // A member sends the announcement content type straight through the SDK, then a plain text.
    await erinGroup.send(announcementCodec.encode({ id: newAnnouncementId(), text: 'Fake: the show is cancelled' }));
    await erinGroup.sendText('Erin says hi');
    erinWatchers.push(...watchers);
    for (const { name, page } of watchers) {
      await messageIn(page, 'Erin says hi');
      assert.equal(await announcementsIn(page, 'the show is cancelled').count(), 0, `${name} shows no announcement from a member`);
      assert.equal(await page.locator('.pinned-announcement', { hasText: 'the show is cancelled' }).count(), 0);
    }
    await waitShown(bob.page, bob.page.getByText('4 attending', { exact: true }), 'Bob’s "4 attending"');
  });

  await t.test('staff announce too; each announcement shows once in every section', async () => {
    await dave.page.getByRole('radio', { name: 'Announce to all 3 sections' }).check();
    await dave.page.getByLabel('Announcement', { exact: true }).fill('Last call at the bar.');
    await dave.page.getByRole('button', { name: 'Announce', exact: true }).click();
    await waitShown(dave.page, dave.page.getByText('Announced in all 3 sections.'), 'Dave’s delivery report');
    for (const page of [bob.page, carol.page]) {
      await waitShown(page, announcementsIn(page, 'Last call'), 'the second announcement');
      assert.equal(await announcementsIn(page, 'Last call').locator('strong').innerText(), 'Staff (Dave)');
      assert.equal(await announcementsIn(page, 'Gates open at six').count(), 1);
      assert.equal(await announcementsIn(page, 'Last call').count(), 1);
      await page.locator('.pinned-announcement', { hasText: 'Last call' }).waitFor();
    }
  });

  await t.test('reopened, the rooms read the same from history: each announcement once, none from a member', async () => {
    const names = new Map([
      [host.page, 'Alice (creator)'],
      [bob.page, 'Bob'],
      [carol.page, 'Carol'],
    ]);
    for (const [page, name] of names) {
      await page.reload();
      await connectDemo(page, name);
      await waitShown(page, page.getByText('Connection: live', { exact: true }), `${name}'s reopened room`);
      await waitShown(page, announcementsIn(page, 'Last call'), `${name}'s announcements from history`);
      assert.equal(await announcementsIn(page, 'Gates open at six').count(), 1);
      assert.equal(await announcementsIn(page, 'Last call').count(), 1);
    }
    for (const { name, page } of erinWatchers) {
      await messageIn(page, 'Erin says hi');
      assert.equal(
        await announcementsIn(page, 'the show is cancelled').count(),
        0,
        `${name}'s history shows no announcement from a member`,
      );
    }
  });

  await t.test(
    'the host switches to a buyer’s section and announces from there; a buyer’s link to another section shows their own',
    async () => {
      // A buyer sitting in a section other than the one the host's room opened on, and the other buyer.
      const [there, elsewhere] =
        sections.bob !== hostSection
          ? [
              { name: 'Bob', visitor: bob, section: sections.bob },
              { name: 'Carol', visitor: carol, section: sections.carol },
            ]
          : [
              { name: 'Carol', visitor: carol, section: sections.carol },
              { name: 'Bob', visitor: bob, section: sections.bob },
            ];
      const said = `${there.name} here, in section ${there.section}`;
      await there.visitor.page.getByLabel('Message', { exact: true }).fill(said);
      await there.visitor.page.getByRole('button', { name: 'Send' }).click();
      await messageIn(there.visitor.page, said);

      const switcher = host.page.getByRole('combobox', { name: 'Go to' });
      await waitShown(host.page, switcher, 'the host’s section switcher');
      const options = await eventually('each section’s member count in the switcher', async () => {
        const texts = await switcher.locator('option').allInnerTexts();
        return texts.every((text) => /\(\d+ members\)$/.test(text)) && texts;
      });
      assert.deepEqual(
        options.map((text) => text.replace(/\(\d+ members\)$/, '(N members)')),
        [1, 2, 3].map((section) => `Section ${section} of 3 (N members)`),
      );
      await switcher.selectOption(String(there.section - 1));
      await waitShown(host.page, host.page.locator('.section-badge', { hasText: `Section ${there.section} of 3` }), 'the chosen section');
      assert.ok(host.page.url().endsWith(`#/events/1?section=${there.section}`), host.page.url());
      await waitShown(host.page, host.page.getByText('Connection: live', { exact: true }), 'the host’s room of the chosen section');
      await messageIn(host.page, said);
      const members = await membersOf(host.page);
      assert.ok(members.includes(there.name) && !members.includes(elsewhere.name), `the section's members: ${members.join(', ')}`);
      await checkPage(host.page, 'sections-switcher');
      await host.page.locator('.section-members summary').click();

      await host.page.reload();
      await connectDemo(host.page, 'Alice (creator)');
      await waitShown(host.page, host.page.getByText('Connection: live', { exact: true }), 'the host’s reloaded room');
      assert.equal(await sectionOf(host.page), there.section, 'a reload keeps the chosen section');
      await messageIn(host.page, said);
      // The composer still speaks to every section from here.
      await host.page.getByRole('radio', { name: 'Announce to all 3 sections' }).check();
      await host.page.getByLabel('Announcement', { exact: true }).fill('Encore at ten.');
      await host.page.getByRole('button', { name: 'Announce', exact: true }).click();
      await waitShown(host.page, host.page.getByText('Announced in all 3 sections.'), 'the delivery report from another section');

      // The other buyer opens a link to the first buyer's section: the section number is not theirs to choose.
      await elsewhere.visitor.page.goto(`${stack.web.url}#/events/1?section=${there.section}`);
      await elsewhere.visitor.page.reload();
      await connectDemo(elsewhere.visitor.page, elsewhere.name);
      await waitShown(
        elsewhere.visitor.page,
        elsewhere.visitor.page.getByText('Connection: live', { exact: true }),
        `${elsewhere.name}'s room`,
      );
      assert.equal(await sectionOf(elsewhere.visitor.page), elsewhere.section, `${elsewhere.name} sees their own section`);
      assert.equal(await elsewhere.visitor.page.getByRole('combobox').count(), 0, 'a buyer has no section switcher');
      await waitShown(
        elsewhere.visitor.page,
        announcementsIn(elsewhere.visitor.page, 'Encore at ten'),
        'the announcement from another section',
      );
      assert.equal(await elsewhere.visitor.page.locator('li.message', { hasText: said }).count(), 0, 'nothing from the other section');

      // A link to a section the event does not have: said plainly, with the way back.
      await host.page.goto(`${stack.web.url}#/events/1?section=9`);
      await waitShown(host.page, host.page.getByText('Event 1 has no section 9: its sections are 1 to 3.'), 'the missing section');
      await host.page.getByRole('link', { name: 'Open the event’s first section' }).click();
      assert.equal(await sectionOf(host.page), 1);
    },
  );

  await t.test('an event of one group with staff: no sections shown; its staff announce to everyone', async () => {
    await host.page.goto(`${stack.web.url}#/create`);
    await host.page.getByLabel('Title').fill('Club night');
    await host.page.getByLabel('Capacity').fill('10');
    await host.page.getByText('Sections and staff').click();
    await host.page.getByLabel('Staff who may announce (addresses)').fill(daveAddress);
    await host.page.getByText('One chat for everyone (up to 240 ticket holders). Your staff member joins').waitFor();
    await host.page.getByRole('button', { name: 'Create event' }).click();
    await waitShown(host.page, host.page.getByText('Event 2 is on chain with its chat.'), 'the second event');
    await host.page.getByRole('link', { name: 'Open its room' }).click();
    await waitShown(host.page, host.page.getByText('Connection: live', { exact: true }), 'the host’s room of one group');

    await dave.page.goto(`${stack.web.url}#/events/2`);
    await waitShown(dave.page, dave.page.getByText('Connection: live', { exact: true }), 'Dave’s room of one group');
    assert.equal(await dave.page.locator('.section-badge').count(), 0, 'one group: no section badge');
    await dave.page.getByText(/^\d+ members$/).waitFor();
    await dave.page.getByRole('radio', { name: 'Announce to everyone' }).check();
    await dave.page.getByLabel('Announcement', { exact: true }).fill('Coats go downstairs.');
    await dave.page.getByRole('button', { name: 'Announce', exact: true }).click();
    await waitShown(dave.page, dave.page.getByText('Announced.', { exact: true }), 'Dave’s delivery');
    await waitShown(host.page, announcementsIn(host.page, 'Coats go downstairs'), 'the staff announcement in a one-group room');
  });

  assert.deepEqual(
    { host: host.errors, dave: dave.errors, bob: bob.errors, carol: carol.errors },
    { host: [], dave: [], bob: [], carol: [] },
    'console errors in the pages',
  );
});
