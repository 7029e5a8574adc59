import { associations } from '../protocol/codecs.ts';
import type { VerifiedAction, VerifiedIdentityUpdate } from './associationState.ts';
import { type IdentityAction, parseIdentityUpdate, type ParsedIdentityUpdate } from './identityActions.ts';
import { IdentityUpdateError } from '../errors.ts';
import { isInboxId } from './inboxId.ts';
import { identityUpdateSignatureText } from './signatureText.ts';
import { type SmartWalletCheck, verifySignature } from './signers.ts';
import { checkIdentityUpdateWire } from './wireCheck.ts';

/**
 * Reads a published IdentityUpdate exactly as libxmtp will: the wire format checked against the
 * schema (so both decoders agree), then every action and identifier as libxmtp converts them.
 */
export function readIdentityUpdate(bytes: Uint8Array): ParsedIdentityUpdate {
  checkIdentityUpdateWire(bytes);
  let decoded;
  try {
    decoded = associations.IdentityUpdate.decode(bytes);
  } catch (error) {
    throw new IdentityUpdateError(`not a valid IdentityUpdate: ${(error as Error).message}`);
  }
  const update = parseIdentityUpdate(decoded);
  if (!isInboxId(update.inboxId)) throw new IdentityUpdateError(`inbox id "${update.inboxId.slice(0, 80)}" is not 64 lowercase hex digits`);
  if (update.actions.length === 0) throw new IdentityUpdateError('identity update has no actions');
  return update;
}

/**
 * Verifies every signature of every action over the update's signature text. Throws on the first
 * one missing, of no or an unverifiable kind, or not valid; the association rules then decide
 * whether the signers may do what the actions say.
 */
export async function verifyIdentityUpdate(update: ParsedIdentityUpdate, smartWallets: SmartWalletCheck): Promise<VerifiedIdentityUpdate> {
  const text = identityUpdateSignatureText(update);
  const actions = await Promise.all(update.actions.map((action, index) => verifyAction(action, text, `action ${index}`, smartWallets)));
  return { inboxId: update.inboxId, actions };
}

async function verifyAction(action: IdentityAction, text: string, where: string, smartWallets: SmartWalletCheck): Promise<VerifiedAction> {
  const verify = (signature: Parameters<typeof verifySignature>[0], role: string) =>
    verifySignature(signature, text, `${where} (${role} signature)`, smartWallets);
  switch (action.type) {
    case 'createInbox':
      return { ...action, signature: await verify(action.signature, 'CreateInbox') };
    case 'add':
      return {
        ...action,
        existingMemberSignature: await verify(action.existingMemberSignature, 'existing member'),
        newMemberSignature: await verify(action.newMemberSignature, 'new member'),
      };
    case 'revoke':
    case 'changeRecovery':
      return { ...action, recoverySignature: await verify(action.recoverySignature, 'recovery') };
  }
}
