/*
 * A buyer's event room in headless Chromium, with real parts only: the whole local stack runs in
 * Node (our XMTP node, anvil with the contracts, the IPFS store, the creator and the membership
 * agent on @xmtp/node-sdk), while the buyer's wallet and XMTP client live in the page, on
 * @xmtp/browser-sdk through `@ticketchat/chat/browser`. The page verifies the group, consents, shows
 * history and chats live with the creator's Node-side room, and shows the creator's announcement
 * (the announcement codec is registered in the browser runtime); a spoofed reference is refused there.
 * The browser's timings are reported as diagnostics, never asserted.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildPage, collectPageErrors, launchChromium, pageCaller, servePage } from '@ticketchat/browser-testing';
import { buyTicket, getEvent, hasValidTicket, transferTicket } from '@ticketchat/contracts';
import { eventually } from '@ticketchat/test-support';
import type { Group } from '@xmtp/node-sdk';
import type { Address } from 'viem';
import { announceToEvent, nodeRuntime, type ChatMessage } from '../../src/node.ts';
import { mintLiveEvent, openRoom } from '../fixtures/event.ts';
import { startTestStack } from '../fixtures/stack.ts';
import { ROOM_PAGE_GLOBAL, type PageEventRef, type RoomPageApi } from './pageApi.ts';

const CREATOR = 1;
const AGENT = 2;
/** A funded anvil account that buys the ticket (the kiosk sells to msg.sender) and hands it on. */
const PURCHASER = 3;
const DELIVERY_TIMEOUT_MS = 20_000;
const PAGE_SOURCE = fileURLToPath(new URL('./page/', import.meta.url));

const round = (ms: number) => Math.round(ms);

test(
  "a ticket holder's room in Chromium: verified, consented, history, live both ways; a spoofed reference refused",
  { timeout: 110_000 },
  async (t) => {
    // Clean-ups run last-in first-out, so each part stops before what it depends on.
    const cleanups: (() => Promise<unknown>)[] = [];
    t.after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    const scratch = await mkdtemp(join(tmpdir(), 'ticketchat-room-page-'));
    cleanups.push(() => rm(scratch, { recursive: true, force: true }));
    const stack = await startTestStack();
    cleanups.push(() => stack.stop());
    const [creator, agent] = await Promise.all([stack.xmtp(CREATOR), stack.xmtp(AGENT)]);
    const event = await mintLiveEvent(stack, CREATOR, agent);

    await buildPage({ root: PAGE_SOURCE, outDir: scratch });
    const served = await servePage(scratch);
    cleanups.push(() => served.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage();
    const pageErrors = collectPageErrors(page);
    const callPage = pageCaller<RoomPageApi>(page, ROOM_PAGE_GLOBAL);
    await page.goto(`${served.url}?apiUrl=${encodeURIComponent(stack.node.webUrl)}`);
    await page.waitForFunction((name) => name in globalThis, ROOM_PAGE_GLOBAL);

    const buyer = await callPage('register');
    t.diagnostic(`browser ClientPool.get (Client.create): ${round(buyer.createMs)} ms`);
    assert.match(buyer.inboxId, /^[0-9a-f]{64}$/);

    await t.test("the runtime's synchronous inbox id and text encoding match the browser SDK's", async () => {
      const compared = await callPage('compareWithSdk');
      assert.equal(compared.inboxId.runtime, compared.inboxId.sdk);
      assert.equal(compared.inboxId.runtime, buyer.inboxId);
      assert.deepEqual(compared.encodedText.runtime, compared.encodedText.sdk);
    });

    await t.test('the IndexedDB key store keeps one 32-byte key per name, even under concurrent first calls', async () => {
      assert.deepEqual(await callPage('checkKeyStore'), { keyBytes: 32, stableAcrossInstances: true, concurrentCallsAgree: true });
    });

    await t.test("an event group drafted in the browser carries the event policy in the SDK's terms", async () => {
      assert.deepEqual(await callPage('draftEventGroup'), {
        policyType: 'CustomPolicy',
        policies: {
          addMemberPolicy: 'Admin',
          removeMemberPolicy: 'Admin',
          addAdminPolicy: 'SuperAdmin',
          removeAdminPolicy: 'SuperAdmin',
          updateGroupNamePolicy: 'Admin',
          updateGroupDescriptionPolicy: 'Admin',
          updateGroupImageUrlSquarePolicy: 'Admin',
          updateMessageDisappearingPolicy: 'Admin',
          updateAppDataPolicy: 'SuperAdmin',
        },
      });
    });

    // The page's wallet gets a ticket: bought by a funded account, then transferred to it.
    const chainClients = stack.chainClients(PURCHASER);
    const { kiosk, registry, chainId } = stack.deployment;
    const { ticketId } = await buyTicket(chainClients, { kiosk, eventId: event.eventId, price: 0n });
    await transferTicket(chainClients, { kiosk, ticketId, to: buyer.address as Address });
    assert.ok(await hasValidTicket(chainClients.publicClient, { kiosk, eventId: event.eventId, holder: buyer.address as Address }));

    // What the membership agent does for a holder: add the holder's inbox to the event's group.
    await agent.conversations.sync();
    const agentsGroup = (await agent.conversations.getConversationById(event.groupId)) as Group<unknown>;
    await agentsGroup.addMembers([buyer.inboxId]);

    const creatorRoom = await openRoom(stack, creator, event.eventId);
    cleanups.push(() => creatorRoom.close());
    const atCreator: ChatMessage[] = [];
    creatorRoom.onMessage((message) => atCreator.push(message));
    await creatorRoom.send('Doors open at nine');

    const onChain = await getEvent(chainClients.publicClient, { registry, eventId: event.eventId });
    const ref: PageEventRef = {
      chainId,
      registry,
      eventId: String(event.eventId),
      groupId: onChain.chatGroupId,
      creator: onChain.creator,
      startsAt: String(onChain.startsAt),
      endsAt: String(onChain.endsAt),
    };

    await t.test('a reference naming another event is refused in the browser with SpoofedGroupError', async () => {
      const refused = await callPage('tryOpenRoom', { ...ref, eventId: String(event.eventId + 1n) });
      assert.equal(refused.refused, true);
      assert.equal(refused.errorName, 'SpoofedGroupError');
      assert.equal(refused.isSpoofedGroupError, true);
      assert.match(refused.message ?? '', new RegExp(`bound to event ${event.eventId} `));
    });

    const opened = await callPage('openRoom', ref);
    t.diagnostic(`browser openEventRoom (verify, consent, sync, stream): ${round(opened.openMs)} ms`);
    assert.equal(opened.groupId, event.groupId);
    assert.equal(opened.consented, true, 'the page consented to the verified group');
    assert.equal(opened.memberCount, 3);
    assert.equal(opened.phase, 'live');
    assert.equal(opened.state, 'live');
    assert.deepEqual(opened.history, ['Doors open at nine']);

    await creatorRoom.send('Welcome to the show!');
    const welcome = await callPage('waitForMessage', 'Welcome to the show!', DELIVERY_TIMEOUT_MS);
    assert.equal(welcome.senderInboxId, creator.inboxId);

    const replyId = await callPage('reply', welcome.id, 'Glad to be here');
    const reply = await eventually(
      'the creator to receive the reply live',
      () => atCreator.find((message) => message.id === replyId),
      DELIVERY_TIMEOUT_MS,
    );
    assert.ok(reply.kind === 'reply', `got a ${reply.kind}`);
    assert.equal(reply.text, 'Glad to be here');
    assert.equal(reply.inReplyTo, welcome.id);
    assert.equal(reply.senderInboxId, buyer.inboxId);

    // The browser runtime registers the announcement codec: without it the page would decode nothing and show nothing.
    const { sections } = await announceToEvent(nodeRuntime, creator, { sections: [event.groupId], text: 'Announcement to the browser' });
    assert.equal(sections[0]?.status, 'sent');
    const announcement = await callPage('waitForMessage', 'Announcement to the browser', DELIVERY_TIMEOUT_MS);
    assert.equal(announcement.kind, 'announcement');
    assert.equal(announcement.senderInboxId, creator.inboxId);

    assert.deepEqual(pageErrors, []);
    await callPage('close');
  },
);
