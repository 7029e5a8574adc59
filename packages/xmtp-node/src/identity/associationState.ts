import { IdentityUpdateError } from '../errors.ts';
import { deriveInboxId } from './inboxId.ts';
import { type MemberId, memberKey, sameMember } from './members.ts';
import type { SignatureKind, VerifiedSignature } from './signers.ts';

/** Ethereum addresses (lowercase) an identity update links to or unlinks from its inbox. */
export interface AddressChanges {
  linked: string[];
  unlinked: string[];
}

/*
 * XMTP's association rules (libxmtp `associations/association_log.rs`), applied to updates whose
 * signatures are already verified. Clients replay every inbox's log with these rules and fail on
 * the first update that breaks them, so the node must store only updates that keep the log valid.
 */

interface Member {
  id: MemberId;
  addedBy?: MemberId;
  /** The chain a smart-contract wallet member was added from; later signatures must match it. */
  chainId?: number;
}

/** An inbox's members, recovery identifier and every signature its log has used. Never mutated. */
export interface AssociationState {
  inboxId: string;
  members: ReadonlyMap<string, Member>;
  recovery: MemberId;
  seenSignatures: ReadonlySet<string>;
}

/** An action with its signatures checked. */
export type VerifiedAction =
  | { type: 'createInbox'; owner: MemberId; nonce: bigint; signature: VerifiedSignature }
  | { type: 'add'; newMember: MemberId; existingMemberSignature: VerifiedSignature; newMemberSignature: VerifiedSignature }
  | { type: 'revoke'; member: MemberId; recoverySignature: VerifiedSignature }
  | { type: 'changeRecovery'; newRecovery: MemberId; recoverySignature: VerifiedSignature };

export interface VerifiedIdentityUpdate {
  inboxId: string;
  actions: VerifiedAction[];
}

/** Applies one verified update to the inbox's state (undefined before its CreateInbox). */
export function applyVerifiedUpdate(state: AssociationState | undefined, update: VerifiedIdentityUpdate): AssociationState {
  if (update.actions.length === 0) throw new IdentityUpdateError('identity update has no actions');
  let next = state;
  for (const [index, action] of update.actions.entries()) next = applyAction(next, action, `action ${index}`);
  if (next!.inboxId !== update.inboxId) {
    throw new IdentityUpdateError(`the update names inbox ${update.inboxId}, but its actions apply to inbox ${next!.inboxId}`);
  }
  // Signatures are remembered only once the whole update applied (libxmtp's replay protection).
  const seenSignatures = new Set(next!.seenSignatures);
  for (const signature of signaturesOf(update.actions)) seenSignatures.add(signature.replayKey);
  return { ...next!, seenSignatures };
}

function applyAction(state: AssociationState | undefined, action: VerifiedAction, where: string): AssociationState {
  if (action.type === 'createInbox') {
    if (state) throw new IdentityUpdateError(`${where}: the inbox already exists`);
    return createInbox(action, where);
  }
  if (!state) throw new IdentityUpdateError(`${where}: the inbox does not exist yet (CreateInbox must come first)`);
  for (const signature of signaturesOf([action])) {
    if (state.seenSignatures.has(signature.replayKey))
      throw new IdentityUpdateError(`${where}: a signature is replayed from an earlier update`);
  }
  switch (action.type) {
    case 'add':
      return addAssociation(state, action, where);
    case 'revoke':
      requireRecoverySigner(state, action.recoverySignature, where);
      return revoke(state, action.member);
    case 'changeRecovery':
      requireRecoverySigner(state, action.recoverySignature, where);
      return { ...state, recovery: action.newRecovery };
  }
}

function createInbox({ owner, nonce, signature }: Extract<VerifiedAction, { type: 'createInbox' }>, where: string): AssociationState {
  if (!sameMember(signature.signer, owner)) throw signedBy(where, 'CreateInbox must be signed by its owner', signature);
  requireSignatureKindFor(owner, signature, where);
  if (owner.kind === 'ethereum' && !/^0x[0-9a-fA-F]{40}$/.test(owner.value)) {
    throw new IdentityUpdateError(`${where}: owner "${owner.value.slice(0, 80)}" is not an Ethereum address`);
  }
  const member: Member = { id: owner, ...(signature.chainId !== undefined ? { chainId: signature.chainId } : {}) };
  return {
    inboxId: deriveInboxId(owner.value, nonce),
    members: new Map([[memberKey(owner), member]]),
    recovery: owner,
    seenSignatures: new Set(),
  };
}

function addAssociation(state: AssociationState, action: Extract<VerifiedAction, { type: 'add' }>, where: string): AssociationState {
  const { newMember, newMemberSignature, existingMemberSignature } = action;
  if (!sameMember(newMemberSignature.signer, newMember)) throw signedBy(where, 'the new member must sign for itself', newMemberSignature);
  if (sameMember(newMemberSignature.signer, existingMemberSignature.signer)) {
    throw new IdentityUpdateError(`${where}: a member cannot add itself`);
  }
  requireSignatureKindFor(newMember, newMemberSignature, where);
  const existing = state.members.get(memberKey(existingMemberSignature.signer));
  if (existing) requireSameChain(existing, existingMemberSignature, where);
  // A member may add others; so may the recovery identifier, member or not.
  const addedBy = existing?.id ?? state.recovery;
  if (!existing && !sameMember(existingMemberSignature.signer, state.recovery)) {
    throw signedBy(where, 'the existing signer is neither a member nor the recovery identifier', existingMemberSignature);
  }
  requireSignatureKindFor(addedBy, existingMemberSignature, where);
  if (existingMemberSignature.signer.kind === 'installation' && newMember.kind === 'installation') {
    throw new IdentityUpdateError(`${where}: an installation cannot add another installation`);
  }
  const members = new Map(state.members);
  const chainId = newMemberSignature.chainId;
  members.set(memberKey(newMember), { id: newMember, addedBy, ...(chainId !== undefined ? { chainId } : {}) });
  return { ...state, members };
}

/** Removes a member and the installations it added. */
function revoke(state: AssociationState, revoked: MemberId): AssociationState {
  const members = new Map(state.members);
  members.delete(memberKey(revoked));
  for (const [key, member] of state.members) {
    if (member.id.kind === 'installation' && member.addedBy && sameMember(member.addedBy, revoked)) members.delete(key);
  }
  return { ...state, members };
}

function requireRecoverySigner(state: AssociationState, signature: VerifiedSignature, where: string): void {
  const member = state.members.get(memberKey(signature.signer));
  if (member) requireSameChain(member, signature, where);
  if (!sameMember(signature.signer, state.recovery))
    throw signedBy(where, 'only the recovery identifier may revoke or change recovery', signature);
}

const ALLOWED_SIGNATURES: Record<MemberId['kind'], readonly SignatureKind[]> = {
  ethereum: ['erc191', 'erc1271'],
  installation: ['installation-key'],
  passkey: ['p256'],
};

function requireSignatureKindFor(member: MemberId, signature: VerifiedSignature, where: string): void {
  if (!ALLOWED_SIGNATURES[member.kind].includes(signature.kind)) {
    throw new IdentityUpdateError(`${where}: a ${signature.kind} signature cannot sign for a ${member.kind} member`);
  }
}

function requireSameChain(member: Member, signature: VerifiedSignature, where: string): void {
  if (member.chainId !== signature.chainId) {
    throw new IdentityUpdateError(
      `${where}: the member was added on chain ${member.chainId ?? 'none'} but signs from chain ${signature.chainId ?? 'none'}`,
    );
  }
}

function signaturesOf(actions: readonly VerifiedAction[]): VerifiedSignature[] {
  return actions.flatMap((action) => {
    switch (action.type) {
      case 'createInbox':
        return [action.signature];
      case 'add':
        return [action.existingMemberSignature, action.newMemberSignature];
      case 'revoke':
      case 'changeRecovery':
        return [action.recoverySignature];
    }
  });
}

function signedBy(where: string, rule: string, signature: VerifiedSignature): IdentityUpdateError {
  return new IdentityUpdateError(`${where}: ${rule} (signed by ${signature.signer.kind} ${signature.signer.value})`);
}

/** The Ethereum addresses that joined or left the inbox: what the address -> inbox index follows. */
export function addressChanges(before: AssociationState | undefined, after: AssociationState): AddressChanges {
  const addresses = (state: AssociationState | undefined) =>
    new Set([...(state?.members.values() ?? [])].filter((member) => member.id.kind === 'ethereum').map((member) => member.id.value));
  const old = addresses(before);
  const current = addresses(after);
  return {
    linked: [...current].filter((address) => !old.has(address)).map((address) => address.toLowerCase()),
    unlinked: [...old].filter((address) => !current.has(address)).map((address) => address.toLowerCase()),
  };
}
