import { credentials } from '../protocol/codecs.ts';
import { readExtensions } from './extensions.ts';
import { type LeafNode, LeafNodeSource, readLeafNode } from './leafNode.ts';
import { verifyWithLabel } from './signatures.ts';
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH, X25519_PUBLIC_KEY_LENGTH } from './sizes.ts';
import { TlsDecodeError, TlsReader } from './tlsReader.ts';
import { MlsValidationError } from '../errors.ts';

const MLS_VERSION_1 = 1;
const WIRE_FORMAT_KEY_PACKAGE = 5;
const CREDENTIAL_BASIC = 1;
/**
 * Ciphersuites whose KEM is X25519 and whose signature scheme is Ed25519 (RFC 9420 §17.1): XMTP
 * uses 0x0003. Their HPKE keys are 32 bytes and their signatures 64.
 */
const X25519_ED25519_CIPHERSUITES = new Set([0x0001, 0x0003]);

/** RFC 9420 §10 KeyPackage, every field, with the bytes its signature covers. */
export interface KeyPackage {
  cipherSuite: number;
  initKey: Uint8Array;
  leafNode: LeafNode;
  signedContent: Uint8Array;
  signature: Uint8Array;
}

/** What the node learns from a verified key package. */
export interface VerifiedKeyPackage {
  /** The leaf signature key: XMTP's installation public key and the key package's address. */
  installationKey: Uint8Array;
  /** The inbox the credential names; FetchKeyPackages serves it only while the installation belongs to it. */
  inboxId: string;
  notAfter: bigint;
}

export class KeyPackageError extends MlsValidationError {
  override name = 'KeyPackageError';
}

export function readKeyPackage(reader: TlsReader, what: string): KeyPackage {
  const start = reader.position;
  const version = reader.uint16(`${what} version`);
  if (version !== MLS_VERSION_1) throw new KeyPackageError(`${what}: unsupported MLS version ${version}`);
  const cipherSuite = reader.uint16(`${what} cipher suite`);
  const initKey = reader.vector(`${what} init_key`);
  const leafNode = readLeafNode(reader, `${what} leaf`);
  readExtensions(reader, `${what} extensions`);
  const signedContent = reader.consumed(start);
  const signature = reader.vector(`${what} signature`);
  return { cipherSuite, initKey, leafNode, signedContent, signature };
}

/**
 * What openmls's KeyPackageIn::validate checks apart from the lifetime: an X25519/Ed25519
 * ciphersuite with keys and signatures of its sizes, a key_package leaf, an init key distinct from
 * the leaf's encryption key, and both signatures (LeafNodeTBS, KeyPackageTBS) by the leaf's key.
 */
export function checkKeyPackageSignatures(keyPackage: KeyPackage, what: string): void {
  const { cipherSuite, initKey, leafNode } = keyPackage;
  if (!X25519_ED25519_CIPHERSUITES.has(cipherSuite))
    throw new KeyPackageError(`${what}: unsupported cipher suite 0x${cipherSuite.toString(16)}`);
  for (const [field, bytes, length] of [
    ['init_key', initKey, X25519_PUBLIC_KEY_LENGTH],
    ['encryption_key', leafNode.encryptionKey, X25519_PUBLIC_KEY_LENGTH],
    ['signature key', leafNode.signatureKey, ED25519_PUBLIC_KEY_LENGTH],
    ['leaf signature', leafNode.signature, ED25519_SIGNATURE_LENGTH],
    ['signature', keyPackage.signature, ED25519_SIGNATURE_LENGTH],
  ] as const) {
    if (bytes.length !== length) throw new KeyPackageError(`${what}: ${field} is ${bytes.length} bytes, expected ${length}`);
  }
  if (leafNode.source !== LeafNodeSource.KEY_PACKAGE)
    throw new KeyPackageError(`${what}: leaf node source ${leafNode.source} is not key_package`);
  if (Buffer.from(initKey).equals(leafNode.encryptionKey)) throw new KeyPackageError(`${what}: init_key equals the leaf's encryption_key`);
  if (!verifyWithLabel(leafNode.signatureKey, 'LeafNodeTBS', leafNode.signedContent, leafNode.signature)) {
    throw new KeyPackageError(`${what}: leaf node signature does not verify`);
  }
  if (!verifyWithLabel(leafNode.signatureKey, 'KeyPackageTBS', keyPackage.signedContent, keyPackage.signature)) {
    throw new KeyPackageError(`${what}: key package signature does not verify`);
  }
}

/**
 * Parses and verifies an uploaded KeyPackage the way XMTP's validation service does: the whole
 * structure, the checks above, a lifetime that covers now, and a basic credential holding an XMTP
 * MlsCredential. A forged or expired key package never reaches the store.
 */
export function verifyKeyPackage(bytes: Uint8Array, now = new Date()): VerifiedKeyPackage {
  try {
    const keyPackage = readUploadedKeyPackage(bytes);
    checkKeyPackageSignatures(keyPackage, 'key package');
    const { notBefore, notAfter } = keyPackage.leafNode.lifetime!;
    const nowSeconds = BigInt(Math.floor(now.getTime() / 1000));
    if (nowSeconds < notBefore || nowSeconds > notAfter) {
      throw new KeyPackageError(`key package lifetime ${notBefore}..${notAfter} does not cover now (${nowSeconds})`);
    }
    return { installationKey: keyPackage.leafNode.signatureKey.slice(), inboxId: credentialInboxId(keyPackage), notAfter };
  } catch (error) {
    if (error instanceof TlsDecodeError) throw new KeyPackageError(`malformed key package: ${error.message}`);
    throw error;
  }
}

/** The inbox a stored (already verified) key package's credential names. */
export function keyPackageInboxId(bytes: Uint8Array): string {
  return credentialInboxId(readUploadedKeyPackage(bytes));
}

/** Clients send a bare KeyPackage; one wrapped in an MLSMessage is accepted too. */
function readUploadedKeyPackage(bytes: Uint8Array): KeyPackage {
  const reader = new TlsReader(bytes);
  if (bytes.length >= 4 && reader.uint16() === MLS_VERSION_1 && reader.uint16() === WIRE_FORMAT_KEY_PACKAGE) {
    bytes = bytes.subarray(4);
  }
  const body = new TlsReader(bytes);
  const keyPackage = readKeyPackage(body, 'key package');
  body.expectEnd('KeyPackage');
  return keyPackage;
}

function credentialInboxId({ leafNode }: KeyPackage): string {
  if (leafNode.credential.type !== CREDENTIAL_BASIC) {
    throw new KeyPackageError(`credential type ${leafNode.credential.type} is not a basic credential`);
  }
  let inboxId: string;
  try {
    inboxId = credentials.MlsCredential.decode(leafNode.credential.content).inboxId;
  } catch (cause) {
    throw new KeyPackageError(`credential identity is not an XMTP MlsCredential: ${(cause as Error).message}`);
  }
  if (!/^[0-9a-f]{64}$/.test(inboxId)) throw new KeyPackageError(`credential inbox id "${inboxId.slice(0, 80)}" is not 64 hex digits`);
  return inboxId;
}
