/**
 * The seam between the chat library and an XMTP SDK. @xmtp/node-sdk and @xmtp/browser-sdk expose
 * the same concepts with small differences (some getters are async in the browser, enums are
 * distinct objects), so the library is written against these structural types, every result is
 * awaited, and each entry point (`./node`, `./browser`) supplies an `XmtpRuntime`.
 */

export interface XmtpIdentifier {
  identifier: string;
  identifierKind: unknown;
}

export type XmtpSigner =
  | { type: 'EOA'; getIdentifier: () => XmtpIdentifier; signMessage: (message: string) => Promise<Uint8Array> }
  | {
      type: 'SCW';
      getIdentifier: () => XmtpIdentifier;
      signMessage: (message: string) => Promise<Uint8Array>;
      getChainId: () => bigint;
      getBlockNumber?: () => bigint;
    };

type MaybePromise<T> = T | Promise<T>;

export interface XmtpMessage {
  id: string;
  conversationId: string;
  senderInboxId: string;
  sentAtNs: bigint;
  content: unknown;
  contentType: { typeId: string } | undefined;
  /** Application message, or a membership change. */
  kind: unknown;
}

export interface XmtpGroup {
  readonly id: string;
  readonly name: string | undefined;
  readonly appData: string | undefined;
  sync(): Promise<unknown>;
  members(): Promise<{ inboxId: string }[]>;
  listSuperAdmins(): MaybePromise<string[]>;
  listAdmins(): MaybePromise<string[]>;
  addMembers(inboxIds: string[]): Promise<unknown>;
  removeMembers(inboxIds: string[]): Promise<unknown>;
  addAdmin(inboxId: string): Promise<unknown>;
  updateAppData(appData: string): Promise<unknown>;
  consentState(): MaybePromise<unknown>;
  updateConsentState(state: unknown): MaybePromise<unknown>;
  sendText(text: string): Promise<string>;
  sendReply(reply: unknown): Promise<string>;
  sendReaction(reaction: unknown): Promise<string>;
  messages(options?: {
    limit?: number;
    sentBeforeNs?: bigint;
    sentAfterNs?: bigint;
    direction?: unknown;
    kind?: unknown;
  }): Promise<XmtpMessage[]>;
}

export interface XmtpStream {
  end(): Promise<unknown>;
}

export interface XmtpClient {
  readonly inboxId: string;
  readonly installationId: string;
  conversations: {
    sync(): Promise<unknown>;
    syncAll(consentStates?: unknown[]): Promise<unknown>;
    getConversationById(id: string): Promise<unknown>;
    streamAllMessages(options: {
      consentStates?: unknown[];
      onValue?: (message: XmtpMessage) => void;
      onError?: (error: Error) => void;
      onFail?: () => void;
      retryOnFail?: boolean;
      disableSync?: boolean;
    }): Promise<XmtpStream>;
  };
  fetchInboxIdByIdentifier(identifier: XmtpIdentifier): Promise<string | null | undefined>;
}

/** What an entry point provides: how to make clients and groups, and the SDK's enum values. */
export interface XmtpRuntime<Client extends XmtpClient = XmtpClient> {
  createClient(signer: XmtpSigner, options: XmtpClientOptions): Promise<Client>;
  /** Creates a group locally only (no network): it is published by the first membership change. */
  createGroupOptimistic(client: Client, options: OptimisticGroupOptions): MaybePromise<XmtpGroup>;
  /** The inbox's installations as the network knows them, without a client (for revocation). */
  fetchInstallationIds(inboxId: string, options: XmtpClientOptions): Promise<Uint8Array[]>;
  revokeInstallations(signer: XmtpSigner, inboxId: string, installationIds: Uint8Array[], options: XmtpClientOptions): Promise<void>;
  /** The inbox a new wallet would get (XMTP derives it from the address). */
  inboxIdFor(identifier: XmtpIdentifier): string;
  enums: {
    identifierKindEthereum: unknown;
    consentAllowed: unknown;
    consentUnknown: unknown;
    consentDenied: unknown;
    sortDescending: unknown;
    sortAscending: unknown;
    kindApplication: unknown;
    reactionAdded: unknown;
    reactionRemoved: unknown;
    reactionUnicode: unknown;
  };
  /** Encodes text as the EncodedContent a reply carries. */
  encodeText(text: string): unknown;
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
