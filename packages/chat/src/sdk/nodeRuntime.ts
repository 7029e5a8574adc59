import {
  Client,
  ConsentState,
  createBackend,
  encodeText,
  generateInboxId,
  GroupMessageKind,
  GroupPermissionsOptions,
  IdentifierKind,
  LogLevel,
  PermissionPolicy,
  ReactionAction,
  ReactionSchema,
  SortDirection,
  type ClientOptions,
  type Identifier,
  type PermissionPolicySet,
  type Signer,
} from '@xmtp/node-sdk';
import type { GroupPolicy, XmtpClient, XmtpClientOptions, XmtpGroup, XmtpRuntime } from './types.ts';

export type NodeXmtpClient = Client<unknown>;

const level = (policy: 'admin' | 'super-admin') => (policy === 'admin' ? PermissionPolicy.Admin : PermissionPolicy.SuperAdmin);

function toPolicySet(policy: GroupPolicy): PermissionPolicySet {
  return {
    addMemberPolicy: level(policy.addMember),
    removeMemberPolicy: level(policy.removeMember),
    addAdminPolicy: level(policy.addAdmin),
    removeAdminPolicy: level(policy.removeAdmin),
    updateGroupNamePolicy: level(policy.updateMetadata),
    updateGroupDescriptionPolicy: level(policy.updateMetadata),
    updateGroupImageUrlSquarePolicy: level(policy.updateMetadata),
    updateMessageDisappearingPolicy: level(policy.updateMetadata),
    updateAppDataPolicy: level(policy.updateAppData),
  };
}

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

/** @xmtp/node-sdk behind the library's seam. */
export const nodeRuntime: XmtpRuntime<NodeXmtpClient & XmtpClient> = {
  async createClient(signer, options) {
    const client = await Client.create(signer as Signer, toClientOptions(options));
    return client as NodeXmtpClient & XmtpClient;
  },
  createGroupOptimistic(client, options) {
    return client.conversations.createGroupOptimistic({
      groupName: options.name,
      ...(options.description ? { groupDescription: options.description } : {}),
      ...(options.imageUrl ? { groupImageUrlSquare: options.imageUrl } : {}),
      permissions: GroupPermissionsOptions.CustomPolicy,
      customPermissionPolicySet: toPolicySet(options.permissions),
    }) as unknown as XmtpGroup;
  },
  async fetchInstallationIds(inboxId, options) {
    const [state] = await Client.fetchInboxStates([inboxId], await backendFor(options));
    return state?.installations.map((installation) => installation.bytes) ?? [];
  },
  async revokeInstallations(signer, inboxId, installationIds, options) {
    await Client.revokeInstallations(signer as Signer, inboxId, installationIds, await backendFor(options));
  },
  inboxIdFor: (identifier) => generateInboxId(identifier as Identifier),
  enums: {
    identifierKindEthereum: IdentifierKind.Ethereum,
    consentAllowed: ConsentState.Allowed,
    consentUnknown: ConsentState.Unknown,
    sortDescending: SortDirection.Descending,
    sortAscending: SortDirection.Ascending,
    kindApplication: GroupMessageKind.Application,
    reactionAdded: ReactionAction.Added,
    reactionRemoved: ReactionAction.Removed,
    reactionUnicode: ReactionSchema.Unicode,
  },
  encodeText: (text) => encodeText(text),
};
