import { createPublicKey, verify } from 'node:crypto';
import { ED25519_PUBLIC_KEY_LENGTH } from './sizes.ts';
import { encodeVector } from './tlsReader.ts';

/** DER prefix turning a raw Ed25519 public key into an SPKI structure node:crypto accepts. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** RFC 9420 §5.1.2 VerifyWithLabel: Ed25519 over SignContent { label: "MLS 1.0 " + label, content }. */
export function verifyWithLabel(publicKey: Uint8Array, label: string, content: Uint8Array, signature: Uint8Array): boolean {
  return verifyEd25519(publicKey, Buffer.concat([encodeVector(Buffer.from(`MLS 1.0 ${label}`)), encodeVector(content)]), signature);
}

/** A plain Ed25519 signature by a raw 32-byte public key. */
export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) return false;
  const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  return verify(null, message, key, signature);
}
