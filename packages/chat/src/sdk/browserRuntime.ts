import {
  Client,
  ConsentState,
  createBackend,
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
  type Signer,
} from '@xmtp/browser-sdk';
import { sha256, stringToBytes } from 'viem';
import { SignerError } from '../errors.ts';
import { pickEnums, toCreateGroupOptions } from './sdkMapping.ts';
import type { XmtpClient, XmtpClientOptions, XmtpGroup, XmtpIdentifier, XmtpRuntime } from './types.ts';

/** The browser SDK's client as the library uses it (`inboxId` and `installationId` are set once it is created). */
export type BrowserXmtpClient = Client<unknown> & XmtpClient;

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

/**
 * The inbox a new Ethereum wallet gets: hex(sha256(lowercase address + nonce)), nonce 1 for a
 * wallet's first inbox, as libxmtp derives it. The browser SDK's `generateInboxId` is async (it
 * first loads the wasm on the page's thread); the seam needs it synchronously.
 */
function firstInboxId(identifier: XmtpIdentifier): string {
  if (identifier.identifierKind !== IdentifierKind.Ethereum) throw new SignerError('Only Ethereum identifiers are supported.');
  return sha256(stringToBytes(`${identifier.identifier.toLowerCase()}1`)).slice(2);
}

/** XMTP's text content type (xmtp.org/text:1.0), as the SDK's own `encodeText` builds it. */
const TEXT_CONTENT_TYPE = { authorityId: 'xmtp.org', typeId: 'text', versionMajor: 1, versionMinor: 0 };

/**
 * Text as the EncodedContent a reply carries. The browser SDK's `encodeText` is async (wasm again),
 * and the seam is synchronous; the text codec is just UTF-8 bytes with an encoding parameter.
 */
function encodeText(text: string): Reply['content'] {
  return { type: TEXT_CONTENT_TYPE, parameters: { encoding: 'UTF-8' }, content: new TextEncoder().encode(text) };
}

/**
 * @xmtp/browser-sdk behind the library's seam. Each client runs libxmtp in its own worker with an
 * OPFS database and holds two long-lived streams; browsers allow six HTTP/1.1 connections per
 * origin, so keep to one client per page.
 */
export const browserRuntime: XmtpRuntime<BrowserXmtpClient> = {
  async createClient(signer, options) {
    const client = await Client.create(signer as Signer, toClientOptions(options));
    return client as BrowserXmtpClient;
  },
  async createGroupOptimistic(client, options) {
    const group = await client.conversations.createGroupOptimistic(
      toCreateGroupOptions(options, PermissionPolicy, GroupPermissionsOptions.CustomPolicy),
    );
    return group as unknown as XmtpGroup;
  },
  async fetchInstallationIds(inboxId, options) {
    const [state] = await Client.fetchInboxStates([inboxId], await createBackend(networkOptions(options)));
    return state?.installations.map((installation) => installation.bytes) ?? [];
  },
  async revokeInstallations(signer, inboxId, installationIds, options) {
    await Client.revokeInstallations(signer as Signer, inboxId, installationIds, await createBackend(networkOptions(options)));
  },
  inboxIdFor: firstInboxId,
  enums: pickEnums({ IdentifierKind, ConsentState, SortDirection, GroupMessageKind, ReactionAction, ReactionSchema }),

  encodeText,
};
