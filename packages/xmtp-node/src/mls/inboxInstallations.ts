import { decodeIdentityUpdate } from '../identity/identityUpdate.ts';
import type { ReadStore } from '../store/types.ts';
import { keyPackageInboxId, KeyPackageError, type VerifiedKeyPackage } from './keyPackage.ts';
import { MlsValidationError } from './validationError.ts';

/** An inbox's installations as its identity log says: current members, and those it revoked. */
export interface InboxInstallations {
  members: Set<string>;
  revoked: Set<string>;
}

type IdentityLog = Pick<ReadStore, 'identityUpdates'>;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * Replays an inbox's stored (already verified) identity updates for its installation keys: an
 * AddAssociation of an installation adds it, a RevokeAssociation of it removes it. Installations
 * that leave because the address that added them is revoked are not followed here (that needs the
 * signer of every past AddAssociation); clients drop those themselves when they read the log.
 */
export async function inboxInstallations(log: IdentityLog, inboxId: string): Promise<InboxInstallations> {
  const state: InboxInstallations = { members: new Set(), revoked: new Set() };
  for (const stored of await log.identityUpdates(inboxId, 0n)) {
    for (const action of decodeIdentityUpdate(stored.update).actions) {
      const added = action.add?.newMemberIdentifier?.installationPublicKey;
      const revoked = action.revoke?.memberToRevoke?.installationPublicKey;
      if (added?.length) state.members.add(hex(added));
      if (revoked?.length) {
        state.members.delete(hex(revoked));
        state.revoked.add(hex(revoked));
      }
    }
  }
  return state;
}

/**
 * Refuses an upload whose installation its credential's inbox has revoked: it can never belong to
 * that inbox again. An installation not yet in the log is accepted, because libxmtp uploads the key
 * package first and publishes the identity update that adds the installation right after.
 */
export async function checkKeyPackageInbox(log: IdentityLog, verified: VerifiedKeyPackage): Promise<void> {
  const installations = await inboxInstallations(log, verified.inboxId);
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
  log: IdentityLog,
  installationKeys: Uint8Array[],
  keyPackages: (Uint8Array | undefined)[],
): Promise<(Uint8Array | undefined)[]> {
  const byInbox = new Map<string, Promise<InboxInstallations>>();
  return Promise.all(
    keyPackages.map(async (keyPackage, index) => {
      const inboxId = keyPackage && storedInboxId(keyPackage);
      if (!inboxId) return undefined;
      let installations = byInbox.get(inboxId);
      if (!installations) byInbox.set(inboxId, (installations = inboxInstallations(log, inboxId)));
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
