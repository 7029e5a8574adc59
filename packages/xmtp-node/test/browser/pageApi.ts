/**
 * What the test page exposes on `window.browserChat`, shared by the page (DOM types) and the
 * Node-side test (no DOM types), so it uses no DOM types itself. Times are epoch milliseconds
 * from `performance.timeOrigin + performance.now()`, comparable across the browser and Node on
 * one machine.
 */
export interface BrowserChatApi {
  /** Creates a @xmtp/browser-sdk client for a new in-page key, against the page's `apiUrl` query parameter. */
  register(): Promise<{ inboxId: string; createMs: number }>;
  /** `conversations.sync()`, then the ids of the groups the client knows. */
  syncGroups(): Promise<string[]>;
  /** Syncs one group and returns its text messages, oldest first. */
  readTexts(groupId: string): Promise<string[]>;
  /** Opens `conversations.streamAllMessages` and records every text it yields. */
  startStream(): Promise<void>;
  /** Resolves with when `text` arrived on the stream (at once if it already has). */
  waitForStreamed(text: string, timeoutMs: number): Promise<StreamedText>;
  sendText(groupId: string, text: string): Promise<{ startedAt: number; sendMs: number }>;
}

export interface StreamedText {
  text: string;
  conversationId: string;
  receivedAt: number;
}

/** The page's global: `window.browserChat`. */
export interface BrowserChatGlobal {
  browserChat: BrowserChatApi;
}
