import { associations, type Associations } from '../protocol/codecs.ts';
import type { AddressChanges, StoredIdentityUpdate } from '../store/types.ts';
import { IdentityUpdateError } from './identityUpdateError.ts';
import { deriveInboxId, isEthereumAddress, isInboxId } from './inboxId.ts';
import { identityUpdateSignatureText } from './signatureText.ts';
import { recoverSigner, type Signer } from './signers.ts';
import { SmartWalletVerifier } from './smartWallets.ts';

export { IdentityUpdateError };

/** XMTP caps an inbox's log; past it the inbox must rotate (xmtp-node-go enforces the same). */
export const MAX_IDENTITY_UPDATES_PER_INBOX = 256;

/** The signers of one action's signatures, in the action's own terms. */
export interface ActionSigners {
  owner?: Signer;
  existingMember?: Signer;
  newMember?: Signer;
  recovery?: Signer;
}

export function decodeIdentityUpdate(bytes: Uint8Array): Associations.IdentityUpdate {
  return associations.IdentityUpdate.decode(bytes);
}

/**
 * Checks every signature of an update against its signature text and says who signed each. Runs
 * before the update is stored; `applyIdentityUpdate` then checks those signers against the inbox.
 */
export async function verifyIdentityUpdateSignatures(
  update: Associations.IdentityUpdate,
  smartWallets: SmartWalletVerifier = new SmartWalletVerifier(),
): Promise<ActionSigners[]> {
  const text = identityUpdateSignatureText(update);
  if (text === undefined) return update.actions.map(() => ({}));
  const recover = (signature: Parameters<typeof recoverSigner>[0] | undefined, where: string) =>
    signature ? recoverSigner(signature, text, where, smartWallets) : undefined;
  return Promise.all(
    update.actions.map(async (action, index): Promise<ActionSigners> => {
      const where = `action ${index}`;
      if (action.createInbox) return { owner: await recover(action.createInbox.initialIdentifierSignature, `${where} (CreateInbox)`) };
      if (action.add) {
        return {
          existingMember: await recover(action.add.existingMemberSignature, `${where} (existing member)`),
          newMember: await recover(action.add.newMemberSignature, `${where} (new member)`),
        };
      }
      if (action.revoke) return { recovery: await recover(action.revoke.recoveryIdentifierSignature, `${where} (recovery)`) };
      if (action.changeRecoveryAddress) {
        return { recovery: await recover(action.changeRecoveryAddress.existingRecoveryIdentifierSignature, `${where} (recovery)`) };
      }
      return {};
    }),
  );
}

/** An inbox as its log so far describes it: member identities and the recovery address. */
interface InboxState {
  members: Set<string>;
  recovery: string | undefined;
}

const addressMember = (address: string) => `address:${address.toLowerCase()}`;
const installationMember = (key: Uint8Array | string) => `installation:${typeof key === 'string' ? key : Buffer.from(key).toString('hex')}`;

function memberKey(member: Associations.MemberIdentifier | undefined): string | undefined {
  if (member?.ethereumAddress !== undefined) return addressMember(member.ethereumAddress);
  if (member?.installationPublicKey) return installationMember(member.installationPublicKey);
  return undefined;
}

function signerKey(signer: Signer): string | undefined {
  if (signer.kind === 'address') return addressMember(signer.address);
  if (signer.kind === 'installation') return installationMember(signer.key);
  return undefined;
}

/**
 * Checks an identity update against the inbox's log, given who signed what, and works out which
 * Ethereum addresses it links or unlinks (all the address -> inbox index needs). The rules are
 * XMTP's association rules where this node can check them: a log starts with exactly one
 * CreateInbox, signed by its owner, whose inbox id derives from that owner and nonce; a new member
 * signs for itself; the existing signer is a member or the recovery address; an installation never
 * adds another; revocations and recovery changes are signed by the recovery address; the log stays
 * under its cap. Passkey signatures are left to the clients, which re-verify every update they read.
 */
export function applyIdentityUpdate(
  update: Associations.IdentityUpdate,
  prior: readonly StoredIdentityUpdate[],
  signers: readonly ActionSigners[] = [],
): AddressChanges {
  if (!isInboxId(update.inboxId)) throw new IdentityUpdateError(`inbox id "${update.inboxId.slice(0, 80)}" is not 64 lowercase hex digits`);
  if (update.actions.length === 0) throw new IdentityUpdateError('identity update has no actions');
  if (prior.length >= MAX_IDENTITY_UPDATES_PER_INBOX) {
    throw new IdentityUpdateError(`inbox ${update.inboxId} already has ${prior.length} identity updates, the maximum`);
  }
  const state: InboxState = { members: new Set(), recovery: undefined };
  for (const stored of prior) replay(decodeIdentityUpdate(stored.update), state);

  const changes: AddressChanges = { linked: [], unlinked: [] };
  let inboxExists = prior.length > 0;
  for (const [index, action] of update.actions.entries()) {
    const where = `action ${index}`;
    const signed = signers[index] ?? {};
    if (action.createInbox) {
      if (inboxExists) throw new IdentityUpdateError(`${where}: inbox ${update.inboxId} already exists`);
      if (!action.createInbox.initialIdentifierSignature) throw new IdentityUpdateError(`${where}: CreateInbox is not signed`);
      inboxExists = true;
      // Passkey-owned inboxes are not indexed by address (as in xmtp-node-go).
      if (action.createInbox.initialIdentifierKind !== associations.IdentifierKind.IDENTIFIER_KIND_PASSKEY) {
        const owner = normalisedAddress(action.createInbox.initialIdentifier, `${where} (CreateInbox owner)`);
        if (deriveInboxId(owner, BigInt(action.createInbox.nonce.toString())) !== update.inboxId) {
          throw new IdentityUpdateError(`${where}: inbox id does not derive from owner ${owner} and nonce ${action.createInbox.nonce}`);
        }
        requireSigner(signed.owner, addressMember(owner), `${where}: CreateInbox must be signed by its owner ${owner}`);
        changes.linked.push(owner);
      }
    } else if (!inboxExists) {
      throw new IdentityUpdateError(`${where}: inbox ${update.inboxId} does not exist yet (CreateInbox must come first)`);
    } else if (action.add) {
      const member = action.add.newMemberIdentifier;
      const added = memberKey(member);
      if (!member) throw new IdentityUpdateError(`${where}: AddAssociation names no new member`);
      if (!action.add.newMemberSignature || !action.add.existingMemberSignature) {
        throw new IdentityUpdateError(`${where}: AddAssociation needs both the new and the existing member's signature`);
      }
      if (added) requireSigner(signed.newMember, added, `${where}: the new member must sign for itself`);
      const existing = signed.existingMember && signerKey(signed.existingMember);
      if (existing !== undefined) {
        const recovery = state.recovery && addressMember(state.recovery);
        if (!state.members.has(existing) && existing !== recovery)
          throw new IdentityUpdateError(`${where}: signed by ${existing}, which is not a member of the inbox`);
        if (existing.startsWith('installation:') && added?.startsWith('installation:')) {
          throw new IdentityUpdateError(`${where}: an installation cannot add another installation`);
        }
      }
      if (member.ethereumAddress !== undefined) changes.linked.push(normalisedAddress(member.ethereumAddress, `${where} (new member)`));
    } else if (action.revoke) {
      const member = action.revoke.memberToRevoke;
      if (!member) throw new IdentityUpdateError(`${where}: RevokeAssociation names no member`);
      if (!action.revoke.recoveryIdentifierSignature) throw new IdentityUpdateError(`${where}: RevokeAssociation is not signed`);
      if (state.recovery) requireSigner(signed.recovery, addressMember(state.recovery), `${where}: only the recovery address may revoke`);
      if (member.ethereumAddress !== undefined)
        changes.unlinked.push(normalisedAddress(member.ethereumAddress, `${where} (revoked member)`));
    } else if (action.changeRecoveryAddress) {
      if (!action.changeRecoveryAddress.existingRecoveryIdentifierSignature) {
        throw new IdentityUpdateError(`${where}: ChangeRecoveryAddress is not signed`);
      }
      if (state.recovery)
        requireSigner(signed.recovery, addressMember(state.recovery), `${where}: only the recovery address may change it`);
    } else {
      throw new IdentityUpdateError(`${where}: unknown or empty identity action`);
    }
    replayAction(action, state);
  }
  return changes;
}

/** A checked signer must be `expected`; unverified kinds (smart wallets, passkeys) pass to the clients. */
function requireSigner(signer: Signer | undefined, expected: string, message: string): void {
  if (!signer || signer.kind === 'unverified') return;
  if (signerKey(signer) !== expected) throw new IdentityUpdateError(`${message} (signed by ${signerKey(signer)})`);
}

function replay(update: Associations.IdentityUpdate, state: InboxState): void {
  for (const action of update.actions) replayAction(action, state);
}

function replayAction(action: Associations.IdentityAction, state: InboxState): void {
  if (action.createInbox) {
    state.members.add(addressMember(action.createInbox.initialIdentifier));
    state.recovery = action.createInbox.initialIdentifier.toLowerCase();
  } else if (action.add) {
    const added = memberKey(action.add.newMemberIdentifier);
    if (added) state.members.add(added);
  } else if (action.revoke) {
    const revoked = memberKey(action.revoke.memberToRevoke);
    if (revoked) state.members.delete(revoked);
  } else if (action.changeRecoveryAddress) {
    state.recovery = action.changeRecoveryAddress.newRecoveryIdentifier.toLowerCase();
  }
}

function normalisedAddress(address: string, what: string): string {
  if (!isEthereumAddress(address)) throw new IdentityUpdateError(`${what}: "${address.slice(0, 80)}" is not an Ethereum address`);
  return address.toLowerCase();
}
