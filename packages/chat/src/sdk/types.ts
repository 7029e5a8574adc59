/**
 * The seam between the chat library and an XMTP SDK. @xmtp/node-sdk and @xmtp/browser-sdk expose
 * the same concepts with small differences: some getters are async in the browser, a message
 * limit is a number in Node and a bigint in the browser, and each SDK ships its enums as its own
 * objects. So the seam has two halves:
 * - the groups' methods that both SDKs share with the same types (`XmtpGroup`), which each part of
 *   the library narrows further to what it calls (`Pick<XmtpGroup, …>`);
 * - everything that carries an SDK enum or an SDK-specific shape, which goes through the runtime an
 *   entry point supplies (`nodeRuntime`, `browserRuntime`), spelled in the library's own words
 *   ('allowed', 'descending', …) and mapped to the SDK's values inside the runtime.
 * The library never holds an SDK enum value, so it never needs a cast.
 */
import type { ChatMessage } from '../rooms/chatMessage.ts';

export type MaybePromise<T> = T | Promise<T>;

/**
 * A wallet as XMTP sees it: its lowercase Ethereum address and a way to sign. An `SCW` signer is
 * a smart-contract wallet, whose signatures XMTP checks on `chainId`.
 */
export type XmtpSigner =
  | { type: 'EOA'; address: string; signMessage: (message: string) => Promise<Uint8Array> }
  | {
      type: 'SCW';
      address: string;
      signMessage: (message: string) => Promise<Uint8Array>;
      chainId: bigint;
      blockNumber?: () => bigint;
    };

/** What every client the library hands out has: its identity on the network. */
export interface XmtpClient {
  readonly inboxId: string;
  readonly installationId: string;
}

/** Group methods both SDKs share with the same types. */
export interface XmtpGroup {
  readonly id: string;
  readonly appData: string | undefined;
  sync(): Promise<unknown>;
  members(): Promise<{ inboxId: string }[]>;
  listSuperAdmins(): MaybePromise<string[]>;
  addMembers(inboxIds: string[]): Promise<unknown>;
  addAdmin(inboxId: string): Promise<unknown>;
  updateAppData(appData: string): Promise<unknown>;
  sendText(text: string): Promise<string>;
  /** Sends content a codec encoded (an announcement): both SDKs take the same EncodedContent shape. */
  send(content: XmtpEncodedContent): Promise<string>;
}

/** A message's content as a codec encodes it, in the shape both SDKs' EncodedContent have. */
export interface XmtpEncodedContent {
  type?: { authorityId: string; typeId: string; versionMajor: number; versionMinor: number };
  parameters: Record<string, string>;
  fallback?: string;
  compression?: number;
  content: Uint8Array;
}

/** A message as the SDKs decode it; `content` is whatever the content type's codec produced. */
export interface XmtpMessage {
  id: string;
  conversationId: string;
  senderInboxId: string;
  sentAtNs: bigint;
  content: unknown;
  contentType: { authorityId?: string; typeId: string } | undefined;
}

/** Which stored messages to list. */
export interface MessageQuery {
  order: 'ascending' | 'descending';
  limit?: number;
  sentBeforeNs?: bigint;
  sentAfterNs?: bigint;
  /** Leave out membership changes. */
  applicationOnly?: boolean;
}

/** The callbacks of a message stream that does not retry by itself (the room's feed does). */
export interface MessageStreamHandlers {
  onMessage: (message: XmtpMessage) => void;
  /** The stream died; it will not deliver again. */
  onFail: () => void;
}

export interface XmtpStream {
  end(): Promise<unknown>;
}

/**
 * What an entry point provides: how to make clients and groups, and every call whose arguments or
 * results differ between the SDKs. `Client` and `Group` are the SDK's own classes, so a Node caller
 * gets a real @xmtp/node-sdk `Client` and `Group` back from the pool and the mint.
 */
export interface XmtpRuntime<Client extends XmtpClient = XmtpClient, Group extends XmtpGroup = XmtpGroup> {
  createClient(signer: XmtpSigner, options: XmtpClientOptions): Promise<Client>;
  /** The inbox a new wallet would get (XMTP derives it from the address). */
  inboxIdFor(address: string): string;
  /** The inbox's installations as the network knows them, without a client (for revocation). */
  fetchInstallationIds(inboxId: string, options: XmtpClientOptions): Promise<Uint8Array[]>;
  revokeInstallations(signer: XmtpSigner, inboxId: string, installationIds: Uint8Array[], options: XmtpClientOptions): Promise<void>;
  /** The inbox the network associates with an Ethereum address, if any. */
  findInboxId(client: Client, address: string): Promise<string | undefined>;

  /** Creates a group locally only (no network): it is published by the first membership change. */
  createGroupOptimistic(client: Client, options: OptimisticGroupOptions): MaybePromise<Group>;
  /** Syncs the client's welcomes, then returns the group with this id if the client is in it. */
  findGroup(client: Client, groupId: string): Promise<Group | undefined>;
  /** Syncs the client's welcomes once, then returns those of these groups the client is in, in the order given. */
  findGroups(client: Client, groupIds: readonly string[]): Promise<Group[]>;
  /** Records the wallet's consent to a group: only allowed groups are synced and streamed. */
  setConsent(group: Group, consent: 'allowed' | 'denied'): Promise<void>;
  /** Syncs every group the wallet allowed. */
  syncAllowedGroups(client: Client): Promise<void>;

  listMessages(group: Group, query: MessageQuery): Promise<XmtpMessage[]>;
  /** Streams the messages of every allowed group, without the SDK's own retries or syncs. */
  streamAllowedMessages(client: Client, handlers: MessageStreamHandlers): Promise<XmtpStream>;
  /** Reads a message as a room shows it; undefined for what a room does not display. */
  toChatMessage(message: XmtpMessage): ChatMessage | undefined;
  sendReply(group: Group, to: MessageRef, text: string): Promise<string>;
  sendReaction(group: Group, to: MessageRef, reaction: { emoji: string; removed: boolean }): Promise<string>;
}

/** The message a reply or a reaction points at. */
export interface MessageRef {
  id: string;
  senderInboxId: string;
}

export interface XmtpClientOptions {
  env: 'local' | 'dev' | 'production';
  /** Overrides the env's endpoint (our own node in development and tests). */
  apiUrl?: string;
  historySyncUrl?: string | null;
  /** A file path (node), an OPFS name (browser), or null for memory only. */
  dbPath: string | null;
  dbEncryptionKey?: Uint8Array;
  disableDeviceSync?: boolean;
  appVersion?: string;
}

export interface OptimisticGroupOptions {
  name: string;
  description?: string;
  imageUrl?: string;
  permissions: GroupPolicy;
}

/** Who may do what in a group; each entry is a level of the SDK's PermissionPolicy. */
export interface GroupPolicy {
  addMember: 'admin' | 'super-admin';
  removeMember: 'admin' | 'super-admin';
  addAdmin: 'super-admin';
  removeAdmin: 'super-admin';
  updateMetadata: 'admin' | 'super-admin';
  updateAppData: 'super-admin';
}
