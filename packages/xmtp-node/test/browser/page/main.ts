/**
 * The test page: a real @xmtp/browser-sdk client whose key never leaves the page, driven by the
 * Node-side test through `window.browserChat`.
 */
import { Client, createEOASigner, LogLevel, type ClientOptions, type DecodedMessage } from '@xmtp/browser-sdk';
import type { BrowserChatApi, BrowserChatGlobal, StreamedText } from '../pageApi.ts';

declare global {
  interface Window extends BrowserChatGlobal {}
}

const apiUrl = new URLSearchParams(location.search).get('apiUrl');
let client: Client<unknown> | undefined;
const streamed: StreamedText[] = [];
const streamListeners = new Set<() => void>();

const now = () => performance.timeOrigin + performance.now();

function registeredClient(): Client<unknown> {
  if (!client) throw new Error('register() first');
  return client;
}

async function group(groupId: string) {
  const conversation = await registeredClient().conversations.getConversationById(groupId);
  if (!conversation) throw new Error(`no conversation ${groupId}`);
  return conversation;
}

function recordStreamed(message: DecodedMessage<unknown>): void {
  // Membership changes arrive on the same stream with structured content; only texts matter here.
  if (typeof message.content !== 'string') return;
  streamed.push({ text: message.content, conversationId: message.conversationId, receivedAt: now() });
  for (const notify of streamListeners) notify();
}

const browserChat: BrowserChatApi = {
  async register() {
    if (!apiUrl) throw new Error('the page needs an apiUrl query parameter');
    // Typed first: create() omits keys from a union, which rejects `env` in a literal.
    const options: ClientOptions = {
      env: 'local',
      apiUrl,
      disableDeviceSync: true,
      // The worker rejects a string level ("invalid type: string, expected u8").
      loggingLevel: LogLevel.Warn,
    };
    const started = now();
    const created = await Client.create(createEOASigner(), options);
    const createMs = now() - started;
    if (!created.inboxId) throw new Error('the client has no inbox id after create()');
    client = created;
    return { inboxId: created.inboxId, createMs };
  },

  async syncGroups() {
    const conversations = registeredClient().conversations;
    await conversations.sync();
    return (await conversations.listGroups()).map((listed) => listed.id);
  },

  async readTexts(groupId) {
    const conversation = await group(groupId);
    await conversation.sync();
    const messages = await conversation.messages();
    return messages.flatMap((message) => (typeof message.content === 'string' ? [message.content] : []));
  },

  async startStream() {
    await registeredClient().conversations.streamAllMessages({ onValue: recordStreamed });
  },

  waitForStreamed(text, timeoutMs) {
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        streamListeners.delete(check);
      };
      const check = () => {
        const found = streamed.find((entry) => entry.text === text);
        if (!found) return;
        finish();
        resolve(found);
      };
      const timer = setTimeout(() => {
        finish();
        const texts = JSON.stringify(streamed.map((entry) => entry.text));
        reject(new Error(`"${text}" did not arrive on the stream within ${timeoutMs} ms; streamed so far: ${texts}`));
      }, timeoutMs);
      streamListeners.add(check);
      check();
    });
  },

  async sendText(groupId, text) {
    const conversation = await group(groupId);
    const startedAt = now();
    await conversation.sendText(text);
    return { startedAt, sendMs: now() - startedAt };
  },
};

window.browserChat = browserChat;
