import type { Associations } from '../protocol/codecs.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * The text every signature in an identity update signs (libxmtp's `signature_text`): signatures
 * cover this text, recomputed from the update's fields, not the protobuf bytes. Undefined when an
 * action names a member this node cannot describe (a passkey), whose signatures it then leaves to
 * the clients.
 */
export function identityUpdateSignatureText(update: Associations.IdentityUpdate): string | undefined {
  const lines: string[] = [];
  for (const action of update.actions) {
    const described = describeAction(action);
    if (!described) return undefined;
    lines.push(...described);
  }
  const time = new Date(Number(BigInt(update.clientTimestampNs.toString()) / 1_000_000n)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    'XMTP : Authenticate to inbox',
    '',
    `Inbox ID: ${update.inboxId}`,
    `Current time: ${time}`,
    '',
    ...lines,
    '',
    'For more info: https://xmtp.org/signatures',
  ].join('\n');
}

function describeAction(action: Associations.IdentityAction): [string, string] | undefined {
  if (action.createInbox) return ['- Create inbox', `  (Owner: ${action.createInbox.initialIdentifier})`];
  if (action.add) {
    const member = action.add.newMemberIdentifier;
    if (member?.installationPublicKey) return ['- Grant messaging access to app', `  (ID: ${hex(member.installationPublicKey)})`];
    if (member?.ethereumAddress !== undefined) return ['- Link address to inbox', `  (Address: ${member.ethereumAddress})`];
    return undefined;
  }
  if (action.revoke) {
    const member = action.revoke.memberToRevoke;
    if (member?.installationPublicKey) return ['- Revoke messaging access from app', `  (ID: ${hex(member.installationPublicKey)})`];
    if (member?.ethereumAddress !== undefined) return ['- Unlink address from inbox', `  (Address: ${member.ethereumAddress})`];
    return undefined;
  }
  if (action.changeRecoveryAddress) {
    return ['- Change inbox recovery address', `  (Address: ${action.changeRecoveryAddress.newRecoveryIdentifier})`];
  }
  return undefined;
}
