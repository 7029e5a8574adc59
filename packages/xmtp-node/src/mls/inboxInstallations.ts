import { keyPackageInboxId, KeyPackageError, type VerifiedKeyPackage } from './keyPackage.ts';
import { MlsValidationError } from '../errors.ts';

/** An inbox's installations by its verified log: current members, and those it removed (keys in hex). */
export interface InboxInstallations {
  members: ReadonlySet<string>;
  revoked: ReadonlySet<string>;
}

/** Where an inbox's installations are looked up: its verified identity log (IdentityLogs). */
export interface InstallationDirectory {
  installations(inboxId: string): Promise<InboxInstallations>;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * Refuses an upload whose installation its credential's inbox has revoked: it can never belong to
 * that inbox again. An installation not yet in the log is accepted, because libxmtp uploads the key
 * package first and publishes the identity update that adds the installation right after.
 */
export async function checkKeyPackageInbox(directory: InstallationDirectory, verified: VerifiedKeyPackage): Promise<void> {
  const installations = await directory.installations(verified.inboxId);
  if (installations.revoked.has(hex(verified.installationKey))) {
    throw new KeyPackageError(`installation ${hex(verified.installationKey)} was revoked from inbox ${verified.inboxId}`);
  }
}

/**
 * Keeps, of the key packages found for the given installation keys, only those whose installation
 * currently belongs to the inbox their credential names; the others read as never uploaded. So a
 * key package naming someone else's inbox is never handed to a client adding that inbox.
 */
export async function keyPackagesOfMembers(
  directory: InstallationDirectory,
  installationKeys: Uint8Array[],
  keyPackages: (Uint8Array | undefined)[],
): Promise<(Uint8Array | undefined)[]> {
  const byInbox = new Map<string, Promise<InboxInstallations>>();
  return Promise.all(
    keyPackages.map(async (keyPackage, index) => {
      const inboxId = keyPackage && storedInboxId(keyPackage);
      if (!inboxId) return undefined;
      let installations = byInbox.get(inboxId);
      if (!installations) byInbox.set(inboxId, (installations = directory.installations(inboxId)));
      return (await installations).members.has(hex(installationKeys[index]!)) ? keyPackage : undefined;
    }),
  );
}

/** A row stored before the node's parser grew stricter may no longer parse: it is then not served. */
function storedInboxId(keyPackage: Uint8Array): string | undefined {
  try {
    return keyPackageInboxId(keyPackage);
  } catch (error) {
    if (error instanceof MlsValidationError) return undefined;
    throw error;
  }
}
