import { associations, type Associations } from '../protocol/codecs.ts';
import type { AddressChanges, StoredIdentityUpdate } from '../store/types.ts';
import { deriveInboxId, isEthereumAddress, isInboxId } from './inboxId.ts';

/** XMTP caps an inbox's log; past it the inbox must rotate (xmtp-node-go enforces the same). */
export const MAX_IDENTITY_UPDATES_PER_INBOX = 256;

export class IdentityUpdateError extends Error {
  override name = 'IdentityUpdateError';
}

/**
 * Checks an identity update against the inbox's log and works out which Ethereum addresses it
 * links or unlinks, which is all the address -> inbox index needs. Clients verify every
 * signature of every update they read, so this guards the index and the log's shape: a log
 * starts with exactly one CreateInbox whose inbox id derives from its owner and nonce; later
 * updates only add or revoke members; the log stays under its cap.
 */
export function applyIdentityUpdate(
  update: Associations.IdentityUpdate,
  prior: readonly StoredIdentityUpdate[],
): AddressChanges {
  if (!isInboxId(update.inboxId)) throw new IdentityUpdateError(`inbox id "${update.inboxId.slice(0, 80)}" is not 64 lowercase hex digits`);
  if (update.actions.length === 0) throw new IdentityUpdateError('identity update has no actions');
  if (prior.length >= MAX_IDENTITY_UPDATES_PER_INBOX) {
    throw new IdentityUpdateError(`inbox ${update.inboxId} already has ${prior.length} identity updates, the maximum`);
  }

  const changes: AddressChanges = { linked: [], unlinked: [] };
  let inboxExists = prior.length > 0;
  for (const [index, action] of update.actions.entries()) {
    const where = `action ${index}`;
    if (action.createInbox) {
      if (inboxExists) throw new IdentityUpdateError(`${where}: inbox ${update.inboxId} already exists`);
      if (!action.createInbox.initialIdentifierSignature) throw new IdentityUpdateError(`${where}: CreateInbox is not signed`);
      inboxExists = true;
      // Passkey-owned inboxes are not indexed by address (as in xmtp-node-go).
      if (action.createInbox.initialIdentifierKind === associations.IdentifierKind.IDENTIFIER_KIND_PASSKEY) continue;
      const owner = normalisedAddress(action.createInbox.initialIdentifier, `${where} (CreateInbox owner)`);
      const expected = deriveInboxId(owner, BigInt(action.createInbox.nonce.toString()));
      if (expected !== update.inboxId) {
        throw new IdentityUpdateError(`${where}: inbox id does not derive from owner ${owner} and nonce ${action.createInbox.nonce}`);
      }
      changes.linked.push(owner);
      continue;
    }
    if (!inboxExists) throw new IdentityUpdateError(`${where}: inbox ${update.inboxId} does not exist yet (CreateInbox must come first)`);
    if (action.add) {
      const member = action.add.newMemberIdentifier;
      if (!member) throw new IdentityUpdateError(`${where}: AddAssociation names no new member`);
      if (!action.add.newMemberSignature || !action.add.existingMemberSignature) {
        throw new IdentityUpdateError(`${where}: AddAssociation needs both the new and the existing member's signature`);
      }
      if (member.ethereumAddress !== undefined) changes.linked.push(normalisedAddress(member.ethereumAddress, `${where} (new member)`));
    } else if (action.revoke) {
      const member = action.revoke.memberToRevoke;
      if (!member) throw new IdentityUpdateError(`${where}: RevokeAssociation names no member`);
      if (!action.revoke.recoveryIdentifierSignature) throw new IdentityUpdateError(`${where}: RevokeAssociation is not signed`);
      if (member.ethereumAddress !== undefined) changes.unlinked.push(normalisedAddress(member.ethereumAddress, `${where} (revoked member)`));
    } else if (action.changeRecoveryAddress) {
      if (!action.changeRecoveryAddress.existingRecoveryIdentifierSignature) {
        throw new IdentityUpdateError(`${where}: ChangeRecoveryAddress is not signed`);
      }
    } else {
      throw new IdentityUpdateError(`${where}: unknown or empty identity action`);
    }
  }
  return changes;
}

function normalisedAddress(address: string, what: string): string {
  if (!isEthereumAddress(address)) throw new IdentityUpdateError(`${what}: "${address.slice(0, 80)}" is not an Ethereum address`);
  return address.toLowerCase();
}

export function decodeIdentityUpdate(bytes: Uint8Array): Associations.IdentityUpdate {
  return associations.IdentityUpdate.decode(bytes);
}
