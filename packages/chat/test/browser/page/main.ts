/**
 * The buyer's side of the room test, in Chromium: the chat library's browser entry with the real
 * @xmtp/browser-sdk, driven by the Node-side test through `globalThis[ROOM_PAGE_GLOBAL]`. The
 * wallet's key is made here and never leaves the page; Node only learns its address and inbox.
 */
import {
  browserRuntime,
  ClientPool,
  createEventGroupDraft,
  IndexedDbKeyStore,
  openEventRoom,
  SpoofedGroupError,
  type BrowserXmtpClient,
  type ChatMessage,
  type EventRoom,
  type EventRoomRef,
} from '@ticketchat/chat/browser';
import { ConsentState, encodeText, generateInboxId, GroupPermissionsOptions, IdentifierKind, PermissionPolicy } from '@xmtp/browser-sdk';
import { getAddress } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ROOM_PAGE_GLOBAL, type PageEncodedContent, type PageEventRef, type PageMessage, type RoomPageApi } from '../pageApi.ts';

const apiUrl = new URLSearchParams(location.search).get('apiUrl');
if (!apiUrl) throw new Error('the page needs an apiUrl query parameter');

const account = privateKeyToAccount(generatePrivateKey());
const pool = new ClientPool<BrowserXmtpClient>({
  runtime: browserRuntime,
  env: 'local',
  apiUrl,
  directory: 'ticketchat',
  keyStore: new IndexedDbKeyStore(),
  deviceSync: false,
});

let room: EventRoom<BrowserXmtpClient> | undefined;
const received: ChatMessage[] = [];
const receivedListeners = new Set<() => void>();

const client = () => pool.get({ account });

function openedRoom(): EventRoom<BrowserXmtpClient> {
  if (!room) throw new Error('openRoom() first');
  return room;
}

function toRoomRef(event: PageEventRef): EventRoomRef {
  return {
    chainId: event.chainId,
    registry: getAddress(event.registry),
    eventId: BigInt(event.eventId),
    groupId: event.groupId,
    creator: getAddress(event.creator),
    startsAt: BigInt(event.startsAt),
    endsAt: BigInt(event.endsAt),
  };
}

function toPageMessage(message: ChatMessage): PageMessage {
  switch (message.kind) {
    case 'text':
      return { id: message.id, senderInboxId: message.senderInboxId, kind: 'text', text: message.text };
    case 'reply':
      return { id: message.id, senderInboxId: message.senderInboxId, kind: 'reply', text: message.text, inReplyTo: message.inReplyTo };
    case 'reaction':
      return { id: message.id, senderInboxId: message.senderInboxId, kind: 'reaction', text: message.emoji, inReplyTo: message.to };
    case 'announcement':
      return { id: message.id, senderInboxId: message.senderInboxId, kind: 'announcement', text: message.text };
  }
}

function comparable(encoded: { type?: unknown; parameters: Record<string, string>; content: Uint8Array }): PageEncodedContent {
  return { type: encoded.type, parameters: encoded.parameters, content: [...encoded.content] };
}

const open = (event: PageEventRef) =>
  client().then((opened) => openEventRoom({ runtime: browserRuntime, client: opened, event: toRoomRef(event) }));

const api: RoomPageApi = {
  async register() {
    const started = performance.now();
    const registered = await client();
    return { address: account.address, inboxId: registered.inboxId, createMs: performance.now() - started };
  },

  async compareWithSdk() {
    const identifier = { identifier: account.address.toLowerCase(), identifierKind: IdentifierKind.Ethereum };
    const text = 'Grüße 🎶';
    return {
      inboxId: { runtime: browserRuntime.inboxIdFor(account.address), sdk: await generateInboxId(identifier) },
      encodedText: { runtime: comparable(browserRuntime.encodeText(text)), sdk: comparable(await encodeText(text)) },
    };
  },

  async checkKeyStore() {
    const first = await new IndexedDbKeyStore().getOrCreate('probe');
    const again = await new IndexedDbKeyStore().getOrCreate('probe');
    const racing = await Promise.all(Array.from({ length: 5 }, () => new IndexedDbKeyStore().getOrCreate('race')));
    const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);
    return {
      keyBytes: first.length,
      stableAcrossInstances: same(first, again),
      concurrentCallsAgree: racing.every((key) => same(key, racing[0]!)),
    };
  },

  async draftEventGroup() {
    const draft = await createEventGroupDraft(browserRuntime, await client(), { name: 'Draft set' });
    const { policyType, policySet } = await draft.permissions();
    const policies = Object.entries(policySet).map(([field, policy]) => [field, PermissionPolicy[policy]]);
    return { policyType: GroupPermissionsOptions[policyType], policies: Object.fromEntries(policies) };
  },

  async openRoom(event) {
    const started = performance.now();
    room = await open(event);
    const openMs = performance.now() - started;
    room.onMessage((message) => {
      received.push(message);
      for (const notify of receivedListeners) notify();
    });
    const group = await (await client()).conversations.getConversationById(room.groupId);
    const history = await room.history();
    return {
      groupId: room.groupId,
      consented: (await group?.consentState()) === ConsentState.Allowed,
      memberCount: await room.memberCount(),
      state: room.state,
      phase: room.phase().phase,
      history: history.messages.map((message) => toPageMessage(message).text).reverse(),
      openMs,
    };
  },

  async tryOpenRoom(event) {
    try {
      await (await open(event)).close();
      return { refused: false };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return { refused: true, errorName: failure.name, isSpoofedGroupError: error instanceof SpoofedGroupError, message: failure.message };
    }
  },

  waitForMessage(text, timeoutMs) {
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        receivedListeners.delete(check);
      };
      const check = () => {
        const found = received.map(toPageMessage).find((message) => message.text === text);
        if (!found) return;
        finish();
        resolve(found);
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `"${text}" did not arrive within ${timeoutMs} ms; received: ${JSON.stringify(received.map((m) => toPageMessage(m).text))}`,
          ),
        );
      }, timeoutMs);
      receivedListeners.add(check);
      check();
    });
  },

  async reply(toMessageId, text) {
    const to = received.find((message) => message.id === toMessageId);
    if (!to) throw new Error(`the room delivered no message ${toMessageId}`);
    return openedRoom().reply(to, text);
  },

  async close() {
    await room?.close();
    room = undefined;
    (await client()).close();
  },
};

Object.assign(globalThis, { [ROOM_PAGE_GLOBAL]: api });
