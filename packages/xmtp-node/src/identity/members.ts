/**
 * A member of an inbox as libxmtp identifies it. Ethereum addresses are compared exactly as
 * written (libxmtp does not lowercase the identifiers it reads; every address it recovers from a
 * signature is lowercase, so a mixed-case identifier can never be proven); keys as lowercase hex.
 */
export interface MemberId {
  kind: 'ethereum' | 'installation' | 'passkey';
  value: string;
}

export const ethereumMember = (address: string): MemberId => ({ kind: 'ethereum', value: address });
export const installationMember = (key: Uint8Array): MemberId => ({ kind: 'installation', value: Buffer.from(key).toString('hex') });
export const passkeyMember = (key: Uint8Array): MemberId => ({ kind: 'passkey', value: Buffer.from(key).toString('hex') });

/** A map key: equal for equal members. */
export const memberKey = (member: MemberId): string => `${member.kind}:${member.value}`;

export const sameMember = (a: MemberId, b: MemberId): boolean => a.kind === b.kind && a.value === b.value;
