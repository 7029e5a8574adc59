import { BaseError } from '@ticketchat/errors';
import {
  ClientOpenError,
  InstallationLimitError,
  type ClientOpenErrorType,
  type InstallationLimitErrorType,
  type KeyStoreErrorType,
  type SignerErrorType,
} from '../errors.ts';
import type { XmtpClient, XmtpClientOptions, XmtpRuntime } from '../sdk/types.ts';
import { signerAddress, toXmtpSigner, type SignerSource } from '../signers.ts';
import type { KeyStore } from './keyStore.ts';

export interface ClientPoolOptions<Client extends XmtpClient> {
  runtime: Pick<XmtpRuntime<Client>, 'createClient' | 'inboxIdFor' | 'fetchInstallationIds' | 'revokeInstallations'>;
  /** `local` with `apiUrl` for our own node; `dev`/`production` for the XMTP network. */
  env: XmtpClientOptions['env'];
  apiUrl?: string;
  historySyncUrl?: string | null;
  /** Where databases live: `<directory>/<env>/xmtp-<address>.db3`, with the key beside it. */
  directory: string;
  keyStore: KeyStore;
  /** XMTP device sync (history for a wallet's new installations). On by default. */
  deviceSync?: boolean;
}

export type ClientPoolGetErrorType = InstallationLimitErrorType | ClientOpenErrorType | KeyStoreErrorType | SignerErrorType;

const INSTALLATION_LIMIT = /already registered \d+\/\d+ installations/i;

/**
 * Exactly one XMTP client per wallet in this process, created on first use and shared by every
 * event room. Concurrent callers for one wallet wait on the same creation. Each wallet has its own
 * persistent, encrypted database at a stable path, so a restart reuses the installation (an inbox
 * may have at most 10) instead of registering a new one.
 */
export class ClientPool<Client extends XmtpClient> {
  private readonly clients = new Map<string, Promise<Client>>();

  constructor(private readonly options: ClientPoolOptions<Client>) {}

  /** The wallet's client, created (and registered if new) on first use. */
  get(source: SignerSource): Promise<Client> {
    const address = signerAddress(source);
    let client = this.clients.get(address);
    if (!client) {
      client = this.create(source, address);
      this.clients.set(address, client);
      // A failed creation is not cached: the next caller tries again.
      client.catch(() => this.clients.delete(address));
    }
    return client;
  }

  /** The databases' location for a wallet, for tools that inspect or back them up. */
  databasePath(address: string): string {
    // Joined by hand, not with node:path, so the pool also bundles for the browser (an OPFS name there).
    const { directory, env } = this.options;
    const separator = directory.endsWith('/') ? '' : '/';
    return `${directory || '.'}${separator}${env}/xmtp-${address.toLowerCase()}.db3`;
  }

  private async create(source: SignerSource, address: string): Promise<Client> {
    const { runtime, env, apiUrl, historySyncUrl, keyStore, deviceSync } = this.options;
    const dbPath = this.databasePath(address);
    const clientOptions: XmtpClientOptions = {
      env,
      ...(apiUrl ? { apiUrl } : {}),
      historySyncUrl: historySyncUrl ?? null,
      dbPath,
      dbEncryptionKey: await keyStore.getOrCreate(`${dbPath}.key`),
      disableDeviceSync: deviceSync === false,
    };
    const signer = toXmtpSigner(source);
    try {
      return await runtime.createClient(signer, clientOptions);
    } catch (error) {
      if (error instanceof Error && INSTALLATION_LIMIT.test(error.message)) {
        const inboxId = runtime.inboxIdFor(address);
        throw new InstallationLimitError(
          address,
          async () => {
            const installations = await runtime.fetchInstallationIds(inboxId, clientOptions);
            await runtime.revokeInstallations(signer, inboxId, installations, clientOptions);
          },
          { cause: error },
        );
      }
      throw error instanceof BaseError ? error : new ClientOpenError(address, error);
    }
  }
}
