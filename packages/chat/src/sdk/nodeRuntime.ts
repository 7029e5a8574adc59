import {
  Client,
  ConsentState,
  createBackend,
  encodeText,
  generateInboxId,
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
} from '@xmtp/node-sdk';
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
import type { XmtpClientOptions, XmtpRuntime, XmtpSigner } from './types.ts';

/**
 * The @xmtp/node-sdk client the pool hands out: the SDK's own class, so a Node caller (the
 * membership agent, the CLI) reaches all of it: conversations, DMs, `canMessage`, preferences.
 */
export type NodeXmtpClient = Client<unknown>;
/** The @xmtp/node-sdk group that `mintEventWithChat` returns. */
export type NodeXmtpGroup = Group<unknown>;

function toClientOptions(options: XmtpClientOptions): ClientOptions {
  return {
    env: options.env,
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
    historySyncUrl: options.historySyncUrl ?? null,
    dbPath: options.dbPath,
    dbEncryptionKey: options.dbEncryptionKey,
    disableDeviceSync: options.disableDeviceSync ?? false,
    appVersion: options.appVersion ?? 'ticketchat/0.1.0',
    loggingLevel: LogLevel.Off,
  };
}

const backendFor = (options: XmtpClientOptions) =>
  createBackend({ env: options.env, ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}) });

// The node bindings' enums are ambient const enums: their members can be read, not passed whole.
const toSigner = (signer: XmtpSigner) => toSdkSigner(signer, IdentifierKind.Ethereum);
const messageQueryValues = {
  ascending: SortDirection.Ascending,
  descending: SortDirection.Descending,
  application: GroupMessageKind.Application,
};
const reactionValues = { added: ReactionAction.Added, removed: ReactionAction.Removed, unicode: ReactionSchema.Unicode };

/** A content codec as @xmtp/node-sdk takes it. */
export type NodeContentCodec = NonNullable<ClientOptions['codecs']>[number];

/** Every client decodes announcements; a runtime may add codecs of its own. */
const createNodeClient = (signer: XmtpSigner, options: XmtpClientOptions, codecs: readonly NodeContentCodec[]) =>
  Client.create(toSigner(signer), { ...toClientOptions(options), codecs: [announcementCodec, ...codecs] });

/** Syncs the welcomes once, then looks each id up in the local database. */
const findGroups = (client: NodeXmtpClient, groupIds: readonly string[]) =>
  findGroupsIn(client.conversations, groupIds, (conversation): conversation is NodeXmtpGroup => conversation instanceof Group);

/** @xmtp/node-sdk behind the library's seam. */
export const nodeRuntime: XmtpRuntime<NodeXmtpClient, NodeXmtpGroup> = {
  createClient: (signer, options) => createNodeClient(signer, options, []),
  inboxIdFor: (address) => generateInboxId(ethereumIdentifier(address, IdentifierKind.Ethereum)),
  async fetchInstallationIds(inboxId, options) {
    const [state] = await Client.fetchInboxStates([inboxId], await backendFor(options));
    return state?.installations.map((installation) => installation.bytes) ?? [];
  },
  async revokeInstallations(signer, inboxId, installationIds, options) {
    await Client.revokeInstallations(toSigner(signer), inboxId, installationIds, await backendFor(options));
  },
  async findInboxId(client, address) {
    return (await client.fetchInboxIdByIdentifier(ethereumIdentifier(address, IdentifierKind.Ethereum))) ?? undefined;
  },

  createGroupOptimistic: (client, options) =>
    client.conversations.createGroupOptimistic(
      toCreateGroupOptions(
        options,
        { Admin: PermissionPolicy.Admin, SuperAdmin: PermissionPolicy.SuperAdmin },
        GroupPermissionsOptions.CustomPolicy,
      ),
    ),
  findGroup: async (client, groupId) => (await findGroups(client, [groupId]))[0],
  findGroups,
  async setConsent(group, consent) {
    group.updateConsentState(consent === 'allowed' ? ConsentState.Allowed : ConsentState.Denied);
  },
  async syncAllowedGroups(client) {
    await client.conversations.syncAll([ConsentState.Allowed]);
  },

  listMessages: (group, query) => group.messages({ ...toListMessagesOptions(query, messageQueryValues), limit: query.limit }),
  streamAllowedMessages: (client, handlers) => client.conversations.streamAllMessages(toStreamOptions(handlers, ConsentState.Allowed)),
  toChatMessage: (message) => toChatMessage(message, ReactionAction.Removed),
  sendReply: (group, to, text) => group.sendReply(toReply(to, encodeText(text))),
  sendReaction: (group, to, reaction) => group.sendReaction(toReaction(to, reaction, reactionValues)),
};

/**
 * The node runtime whose clients also decode `codecs`: an SDK decodes custom content only with the
 * codecs it was created with (the membership agent reads join requests with its own).
 */
export function nodeRuntimeWithCodecs(codecs: readonly NodeContentCodec[]): XmtpRuntime<NodeXmtpClient, NodeXmtpGroup> {
  return { ...nodeRuntime, createClient: (signer, options) => createNodeClient(signer, options, codecs) };
}
