import type { IdentityAction, ParsedIdentityUpdate } from './identityActions.ts';
import type { MemberId } from './members.ts';

/**
 * The text every signature in an identity update signs (libxmtp's `signature_text`): signatures
 * cover this text, recomputed from the update's fields, not the protobuf bytes.
 */
export function identityUpdateSignatureText(update: ParsedIdentityUpdate): string {
  return [
    'XMTP : Authenticate to inbox',
    '',
    `Inbox ID: ${update.inboxId}`,
    `Current time: ${rfc3339Seconds(update.clientTimestampNs)}`,
    '',
    ...update.actions.map(describeAction),
    '',
    'For more info: https://xmtp.org/signatures',
  ].join('\n');
}

function describeAction(action: IdentityAction): string {
  switch (action.type) {
    case 'createInbox':
      return `- Create inbox\n  (Owner: ${action.owner.value})`;
    case 'add':
      return `- ${ADD_TEXT[action.newMember.kind]}\n  (${LABEL[action.newMember.kind]}: ${action.newMember.value})`;
    case 'revoke':
      return `- ${REVOKE_TEXT[action.member.kind]}\n  (${LABEL[action.member.kind]}: ${action.member.value})`;
    case 'changeRecovery':
      return `- Change inbox recovery address\n  (Address: ${action.newRecovery.value})`;
  }
}

const LABEL: Record<MemberId['kind'], string> = { ethereum: 'Address', installation: 'ID', passkey: 'Passkey' };
const ADD_TEXT: Record<MemberId['kind'], string> = {
  ethereum: 'Link address to inbox',
  installation: 'Grant messaging access to app',
  passkey: 'Link passkey to inbox',
};
const REVOKE_TEXT: Record<MemberId['kind'], string> = {
  ethereum: 'Unlink address from inbox',
  installation: 'Revoke messaging access from app',
  passkey: 'Unlink passkey from inbox',
};

/**
 * chrono's `from_timestamp_nanos(ns as i64).to_rfc3339_opts(Secs, true)`: the u64 is read as a
 * signed 64-bit count, floored to whole seconds.
 */
function rfc3339Seconds(nanoseconds: bigint): string {
  const signed = BigInt.asIntN(64, nanoseconds);
  const seconds = signed / 1_000_000_000n - (signed % 1_000_000_000n < 0n ? 1n : 0n);
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
