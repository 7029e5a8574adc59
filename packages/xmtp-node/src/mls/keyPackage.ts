import { createPublicKey, verify } from 'node:crypto';
import { credentials } from '../protocol/codecs.ts';
import { encodeVector, TlsDecodeError, TlsReader } from './tlsReader.ts';

const MLS_VERSION_1 = 1;
const WIRE_FORMAT_KEY_PACKAGE = 5;
const CREDENTIAL_BASIC = 1;
const LEAF_NODE_SOURCE_KEY_PACKAGE = 1;
/** Ciphersuites whose signature scheme is Ed25519 (RFC 9420 §17.1); XMTP uses 0x0003. */
const ED25519_CIPHERSUITES = new Set([0x0001, 0x0003]);
const ED25519_PUBLIC_KEY_LENGTH = 32;
/** DER prefix turning a raw Ed25519 public key into an SPKI structure node:crypto accepts. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** What the node learns from a verified key package. */
export interface VerifiedKeyPackage {
  /** The leaf signature key: XMTP's installation public key and the key package's address. */
  installationKey: Uint8Array;
  /** The inbox the credential claims; clients check it against the identity log themselves. */
  inboxId: string;
  notAfter: bigint;
}

export class KeyPackageError extends Error {
  override name = 'KeyPackageError';
}

/**
 * Parses and verifies a KeyPackage (RFC 9420 §10) the way XMTP's validation service does: the
 * structure, an Ed25519 ciphersuite, both signatures (KeyPackageTBS and LeafNodeTBS, each with the
 * leaf's signature key), a lifetime that covers now, and a basic credential holding an XMTP
 * MlsCredential. A forged or expired key package never reaches the store.
 */
export function verifyKeyPackage(bytes: Uint8Array, now = new Date()): VerifiedKeyPackage {
  try {
    return parseAndVerify(bytes, BigInt(Math.floor(now.getTime() / 1000)));
  } catch (error) {
    if (error instanceof KeyPackageError) throw error;
    if (error instanceof TlsDecodeError) throw new KeyPackageError(`malformed key package: ${error.message}`);
    throw error;
  }
}

function parseAndVerify(bytes: Uint8Array, nowSeconds: bigint): VerifiedKeyPackage {
  let reader = new TlsReader(bytes);
  // Clients send a bare KeyPackage; accept one wrapped in an MLSMessage too.
  if (bytes.length >= 4 && reader.uint16() === MLS_VERSION_1 && reader.uint16() === WIRE_FORMAT_KEY_PACKAGE) {
    bytes = bytes.subarray(4);
  }
  reader = new TlsReader(bytes);

  const version = reader.uint16('version');
  if (version !== MLS_VERSION_1) throw new KeyPackageError(`unsupported MLS version ${version}`);
  const cipherSuite = reader.uint16('cipher suite');
  if (!ED25519_CIPHERSUITES.has(cipherSuite)) throw new KeyPackageError(`unsupported cipher suite 0x${cipherSuite.toString(16)}`);
  reader.vector('init_key');

  const leafStart = reader.position;
  reader.vector('leaf encryption_key');
  const signatureKey = reader.vector('leaf signature_key');
  if (signatureKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
    throw new KeyPackageError(`signature key is ${signatureKey.length} bytes, expected ${ED25519_PUBLIC_KEY_LENGTH}`);
  }
  const credentialType = reader.uint16('credential type');
  if (credentialType !== CREDENTIAL_BASIC) throw new KeyPackageError(`credential type ${credentialType} is not a basic credential`);
  const identity = reader.vector('credential identity');
  for (const list of ['versions', 'cipher_suites', 'extensions', 'proposals', 'credentials']) reader.vector(`capabilities.${list}`);
  const leafSource = reader.uint8('leaf node source');
  if (leafSource !== LEAF_NODE_SOURCE_KEY_PACKAGE) throw new KeyPackageError(`leaf node source ${leafSource} is not key_package`);
  const notBefore = reader.uint64('lifetime.not_before');
  const notAfter = reader.uint64('lifetime.not_after');
  reader.vector('leaf extensions');
  const leafTbs = reader.consumed(leafStart).slice();
  const leafSignature = reader.vector('leaf signature');

  reader.vector('key package extensions');
  const keyPackageTbs = reader.consumed().slice();
  const keyPackageSignature = reader.vector('key package signature');
  reader.expectEnd('KeyPackage');

  if (nowSeconds < notBefore || nowSeconds > notAfter) {
    throw new KeyPackageError(`key package lifetime ${notBefore}..${notAfter} does not cover now (${nowSeconds})`);
  }
  if (!verifyWithLabel(signatureKey, 'LeafNodeTBS', leafTbs, leafSignature)) {
    throw new KeyPackageError('leaf node signature does not verify');
  }
  if (!verifyWithLabel(signatureKey, 'KeyPackageTBS', keyPackageTbs, keyPackageSignature)) {
    throw new KeyPackageError('key package signature does not verify');
  }

  let inboxId: string;
  try {
    inboxId = credentials.MlsCredential.decode(identity).inboxId;
  } catch (cause) {
    throw new KeyPackageError(`credential identity is not an XMTP MlsCredential: ${(cause as Error).message}`);
  }
  if (!/^[0-9a-f]{64}$/.test(inboxId)) throw new KeyPackageError(`credential inbox id "${inboxId.slice(0, 80)}" is not 64 hex digits`);
  return { installationKey: signatureKey.slice(), inboxId, notAfter };
}

/** RFC 9420 §5.1.2 VerifyWithLabel: Ed25519 over SignContent { label: "MLS 1.0 " + label, content }. */
function verifyWithLabel(publicKey: Uint8Array, label: string, content: Uint8Array, signature: Uint8Array): boolean {
  const signContent = Buffer.concat([encodeVector(Buffer.from(`MLS 1.0 ${label}`)), encodeVector(content)]);
  const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  return verify(null, signContent, key, signature);
}
