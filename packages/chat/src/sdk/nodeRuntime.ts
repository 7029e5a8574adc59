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
  type Signer,
} from '@xmtp/node-sdk';
import { pickEnums, toCreateGroupOptions } from './sdkMapping.ts';
import type { XmtpClient, XmtpClientOptions, XmtpGroup, XmtpRuntime } from './types.ts';

export type NodeXmtpClient = Client<unknown>;

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
    return client.conversations.createGroupOptimistic(
      // The node bindings' enums are ambient const enums: their members can be read, not passed whole.
      toCreateGroupOptions(
        options,
        { Admin: PermissionPolicy.Admin, SuperAdmin: PermissionPolicy.SuperAdmin },
        GroupPermissionsOptions.CustomPolicy,
      ),
    ) as unknown as XmtpGroup;
  },
  async fetchInstallationIds(inboxId, options) {
    const [state] = await Client.fetchInboxStates([inboxId], await backendFor(options));
    return state?.installations.map((installation) => installation.bytes) ?? [];
  },
  async revokeInstallations(signer, inboxId, installationIds, options) {
    await Client.revokeInstallations(signer as Signer, inboxId, installationIds, await backendFor(options));
  },
  inboxIdFor: (identifier) => generateInboxId(identifier as Identifier),
  enums: pickEnums({
    IdentifierKind: { Ethereum: IdentifierKind.Ethereum },
    ConsentState: { Allowed: ConsentState.Allowed, Unknown: ConsentState.Unknown, Denied: ConsentState.Denied },
    SortDirection: { Ascending: SortDirection.Ascending, Descending: SortDirection.Descending },
    GroupMessageKind: { Application: GroupMessageKind.Application },
    ReactionAction: { Added: ReactionAction.Added, Removed: ReactionAction.Removed },
    ReactionSchema: { Unicode: ReactionSchema.Unicode },
  }),

  encodeText: (text) => encodeText(text),
};
