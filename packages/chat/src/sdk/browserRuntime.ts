import {
  Client,
  ConsentState,
  createBackend,
  Group,
  GroupMessageKind,
  GroupPermissionsOptions,
  IdentifierKind,
  LogLevel,
  PermissionPolicy,
  ReactionAction,
  ReactionSchema,
  SortDirection,
  type ClientOptions,
  type NetworkOptions,
  type Reply,
} from '@xmtp/browser-sdk';
import { sha256, stringToBytes } from 'viem';
import { ClientOpenError } from '../errors.ts';
import { announcementCodec } from '../announcements/announcementCodec.ts';
import { toChatMessage } from '../rooms/chatMessage.ts';
import {
  ethereumIdentifier,
  findGroupsIn,
  toCreateGroupOptions,
  toListMessagesOptions,
  toReaction,
  toReply,
  toSdkSigner,
  toStreamOptions,
} from './sdkMapping.ts';
import type { XmtpClient, XmtpClientOptions, XmtpRuntime, XmtpSigner } from './types.ts';

/** The browser SDK's client as the pool hands it out: created, so its `inboxId` and `installationId` are set. */
export type BrowserXmtpClient = Client<unknown> & XmtpClient;
/** The @xmtp/browser-sdk group that `mintEventWithChat` returns. */
export type BrowserXmtpGroup = Group<unknown>;

const APP_VERSION = 'ticketchat/0.1.0';

/** Where the node is: shared by clients and by the client-less calls (which need a Backend). */
const networkOptions = (options: XmtpClientOptions): NetworkOptions => ({
  env: options.env,
  ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
  appVersion: APP_VERSION,
});

function toClientOptions(options: XmtpClientOptions): ClientOptions {
  return {
    ...networkOptions(options),
    historySyncUrl: options.historySyncUrl ?? null,
    // An OPFS file name. libxmtp's wasm build ignores dbEncryptionKey ("encryption_key is not
    // supported in WASM and will be ignored"); it is passed anyway, so a libxmtp that honours it
    // finds one stable key per database.
    dbPath: options.dbPath,
    dbEncryptionKey: options.dbEncryptionKey,
    disableDeviceSync: options.disableDeviceSync ?? false,
    // The enum, not a string: the worker rejects "warn" ("invalid type: string, expected u8").
    loggingLevel: LogLevel.Off,
  };
}

/** A created client has its identity; the SDK types it optional because a built-but-unregistered one has none. */
function isRegistered(client: Client<unknown>): client is BrowserXmtpClient {
  return client.inboxId !== undefined && client.installationId !== undefined;
}

/**
 * The inbox a new Ethereum wallet gets: hex(sha256(lowercase address + nonce)), nonce 1 for a
 * wallet's first inbox, as libxmtp derives it. The browser SDK's `generateInboxId` is async (it
 * first loads the wasm on the page's thread); the seam needs it synchronously.
 */
function firstInboxId(address: string): string {
  return sha256(stringToBytes(`${address.toLowerCase()}1`)).slice(2);
}

/** XMTP's text content type (xmtp.org/text:1.0), as the SDK's own `encodeText` builds it. */
const TEXT_CONTENT_TYPE = { authorityId: 'xmtp.org', typeId: 'text', versionMajor: 1, versionMinor: 0 };

/**
 * Text as the EncodedContent a reply carries. The browser SDK's `encodeText` is async (wasm again);
 * the text codec is just UTF-8 bytes with an encoding parameter, so it is built here directly.
 */
function encodeText(text: string): Reply['content'] {
  return { type: TEXT_CONTENT_TYPE, parameters: { encoding: 'UTF-8' }, content: new TextEncoder().encode(text) };
}

const toSigner = (signer: XmtpSigner) => toSdkSigner(signer, IdentifierKind.Ethereum);
const messageQueryValues = {
  ascending: SortDirection.Ascending,
  descending: SortDirection.Descending,
  application: GroupMessageKind.Application,
};
const reactionValues = { added: ReactionAction.Added, removed: ReactionAction.Removed, unicode: ReactionSchema.Unicode };

/** Syncs the welcomes once, then looks each id up in the local database. */
const findGroups = (client: BrowserXmtpClient, groupIds: readonly string[]) =>
  findGroupsIn(client.conversations, groupIds, (conversation): conversation is BrowserXmtpGroup => conversation instanceof Group);

/**
 * @xmtp/browser-sdk behind the library's seam. Each client runs libxmtp in its own worker with an
 * OPFS database and holds two long-lived streams; browsers allow six HTTP/1.1 connections per
 * origin, so keep to one client per page. `encodeText` is exposed for the test that compares it
 * with the SDK's own.
 */
export const browserRuntime: XmtpRuntime<BrowserXmtpClient, BrowserXmtpGroup> & { encodeText: typeof encodeText } = {
  async createClient(signer, options) {
    const client = await Client.create(toSigner(signer), { ...toClientOptions(options), codecs: [announcementCodec] });
    if (!isRegistered(client)) throw new ClientOpenError(signer.address, 'the SDK returned a client without an inbox');
    return client;
  },
  inboxIdFor: firstInboxId,
  async fetchInstallationIds(inboxId, options) {
    const [state] = await Client.fetchInboxStates([inboxId], await createBackend(networkOptions(options)));
    return state?.installations.map((installation) => installation.bytes) ?? [];
  },
  async revokeInstallations(signer, inboxId, installationIds, options) {
    await Client.revokeInstallations(toSigner(signer), inboxId, installationIds, await createBackend(networkOptions(options)));
  },
  findInboxId: (client, address) => client.fetchInboxIdByIdentifier(ethereumIdentifier(address, IdentifierKind.Ethereum)),

  createGroupOptimistic: (client, options) =>
    client.conversations.createGroupOptimistic(toCreateGroupOptions(options, PermissionPolicy, GroupPermissionsOptions.CustomPolicy)),
  findGroup: async (client, groupId) => (await findGroups(client, [groupId]))[0],
  findGroups,
  setConsent: (group, consent) => group.updateConsentState(consent === 'allowed' ? ConsentState.Allowed : ConsentState.Denied),
  syncAllowedGroups: (client) => client.conversations.syncAll([ConsentState.Allowed]),

  listMessages: (group, query) =>
    group.messages({
      ...toListMessagesOptions(query, messageQueryValues),
      ...(query.limit !== undefined ? { limit: BigInt(query.limit) } : {}),
    }),
  streamAllowedMessages: (client, handlers) => client.conversations.streamAllMessages(toStreamOptions(handlers, ConsentState.Allowed)),
  toChatMessage: (message) => toChatMessage(message, ReactionAction.Removed),
  sendReply: (group, to, text) => group.sendReply(toReply(to, encodeText(text))),
  sendReaction: (group, to, reaction) => group.sendReaction(toReaction(to, reaction, reactionValues)),
  encodeText,
};
