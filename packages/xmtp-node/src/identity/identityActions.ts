import { associations, type Associations } from '../protocol/codecs.ts';
import { IdentityUpdateError } from '../errors.ts';
import { ethereumMember, installationMember, type MemberId, passkeyMember } from './members.ts';
import type { Signature } from './signers.ts';

/** An identity update's actions as libxmtp reads them from the protobuf, signatures not yet checked. */
export type IdentityAction =
  | { type: 'createInbox'; owner: MemberId; nonce: bigint; signature: Signature | undefined }
  | { type: 'add'; newMember: MemberId; existingMemberSignature: Signature | undefined; newMemberSignature: Signature | undefined }
  | { type: 'revoke'; member: MemberId; recoverySignature: Signature | undefined }
  | { type: 'changeRecovery'; newRecovery: MemberId; recoverySignature: Signature | undefined };

export interface ParsedIdentityUpdate {
  inboxId: string;
  clientTimestampNs: bigint;
  actions: IdentityAction[];
}

/** Reads the actions as libxmtp's `UnverifiedIdentityUpdate::try_from` does, refusing what it refuses. */
export function parseIdentityUpdate(update: Associations.IdentityUpdate): ParsedIdentityUpdate {
  return {
    inboxId: update.inboxId,
    clientTimestampNs: BigInt(update.clientTimestampNs.toString()),
    actions: update.actions.map((action, index) => parseAction(action, `action ${index}`)),
  };
}

function parseAction(action: Associations.IdentityAction, where: string): IdentityAction {
  if (action.createInbox) {
    const { initialIdentifier, initialIdentifierKind, nonce, initialIdentifierSignature } = action.createInbox;
    return {
      type: 'createInbox',
      owner: identifier(initialIdentifier, initialIdentifierKind, `${where} (CreateInbox owner)`),
      nonce: BigInt(nonce.toString()),
      signature: initialIdentifierSignature,
    };
  }
  if (action.add) {
    return {
      type: 'add',
      newMember: member(action.add.newMemberIdentifier, `${where} (AddAssociation new member)`),
      existingMemberSignature: action.add.existingMemberSignature,
      newMemberSignature: action.add.newMemberSignature,
    };
  }
  if (action.revoke) {
    return {
      type: 'revoke',
      member: member(action.revoke.memberToRevoke, `${where} (RevokeAssociation member)`),
      recoverySignature: action.revoke.recoveryIdentifierSignature,
    };
  }
  if (action.changeRecoveryAddress) {
    const { newRecoveryIdentifier, newRecoveryIdentifierKind, existingRecoveryIdentifierSignature } = action.changeRecoveryAddress;
    return {
      type: 'changeRecovery',
      newRecovery: identifier(newRecoveryIdentifier, newRecoveryIdentifierKind, `${where} (new recovery identifier)`),
      recoverySignature: existingRecoveryIdentifierSignature,
    };
  }
  throw new IdentityUpdateError(`${where}: identity action has no kind set`);
}

/** A public identifier: a passkey's hex-encoded key, or (any other kind, as in libxmtp) an address. */
function identifier(value: string, kind: Associations.IdentifierKind, where: string): MemberId {
  if (kind !== associations.IdentifierKind.IDENTIFIER_KIND_PASSKEY) return ethereumMember(value);
  if (!/^([0-9a-fA-F]{2})*$/.test(value)) throw new IdentityUpdateError(`${where}: passkey "${value.slice(0, 80)}" is not hex`);
  return passkeyMember(Buffer.from(value, 'hex'));
}

function member(identifier: Associations.MemberIdentifier | undefined, where: string): MemberId {
  if (identifier?.ethereumAddress !== undefined) return ethereumMember(identifier.ethereumAddress);
  if (identifier?.installationPublicKey !== undefined) return installationMember(identifier.installationPublicKey);
  if (identifier?.passkey !== undefined) return passkeyMember(identifier.passkey.key);
  throw new IdentityUpdateError(`${where}: member identifier is missing or has no kind set`);
}
