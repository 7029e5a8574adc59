/**
 * What the room test page publishes on `globalThis[ROOM_PAGE_GLOBAL]`, shared by the page (DOM
 * types) and the Node-side test (no DOM types), so it uses no DOM types itself. Values cross as
 * Playwright serializes them: bigints travel as decimal strings.
 */
export const ROOM_PAGE_GLOBAL = 'ticketchatRoom';

/** An event's room reference (`EventRoomRef`) with its bigints as decimal strings. */
export interface PageEventRef {
  chainId: number;
  registry: string;
  eventId: string;
  groupId: string;
  creator: string;
  startsAt: string;
  endsAt: string;
}

export interface PageMessage {
  id: string;
  senderInboxId: string;
  kind: 'text' | 'reply' | 'reaction' | 'announcement';
  text: string;
  inReplyTo?: string;
}

/** EncodedContent with its bytes as an array, comparable across the page boundary. */
export interface PageEncodedContent {
  type: unknown;
  parameters: Record<string, string>;
  content: number[];
}

export interface RoomPageApi {
  /** Makes the page's wallet (its key never leaves the page) and its XMTP client, through a ClientPool. */
  register(): Promise<{ address: string; inboxId: string; createMs: number }>;
  /** The runtime's synchronous stand-ins next to what the SDK's async functions return. */
  compareWithSdk(): Promise<{
    inboxId: { runtime: string; sdk: string };
    encodedText: { runtime: PageEncodedContent; sdk: PageEncodedContent };
  }>;
  /** Exercises IndexedDbKeyStore: a key survives a new store instance; concurrent first calls agree. */
  checkKeyStore(): Promise<{ keyBytes: number; stableAcrossInstances: boolean; concurrentCallsAgree: boolean }>;
  /** Drafts an event group in the page (local only, never published); its permission policies by name. */
  draftEventGroup(): Promise<{ policyType: string; policies: Record<string, string> }>;
  /** openEventRoom in the page: verify, consent, history (oldest first), then the live feed. */
  openRoom(event: PageEventRef): Promise<{
    groupId: string;
    consented: boolean;
    memberCount: number;
    state: string;
    phase: string;
    history: string[];
    openMs: number;
  }>;
  /** Tries to open a room and reports how it was refused. */
  tryOpenRoom(event: PageEventRef): Promise<{ refused: boolean; errorName?: string; isSpoofedGroupError?: boolean; message?: string }>;
  /** Resolves with the first message the open room delivered with this text (at once if it already has). */
  waitForMessage(text: string, timeoutMs: number): Promise<PageMessage>;
  /** Replies in the open room to a message it delivered; returns the reply's id. */
  reply(toMessageId: string, text: string): Promise<string>;
  /** Closes the room and the client (its worker and streams). */
  close(): Promise<void>;
}
