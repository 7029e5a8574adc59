import { readExtensions, readUint16List } from './extensions.ts';
import { TlsDecodeError, type TlsReader } from './tlsReader.ts';

export const LeafNodeSource = { KEY_PACKAGE: 1, UPDATE: 2, COMMIT: 3 } as const;

export interface Credential {
  type: number;
  /** Basic credential: the identity; other types: their serialized content. */
  content: Uint8Array;
}

export interface LeafNode {
  encryptionKey: Uint8Array;
  signatureKey: Uint8Array;
  credential: Credential;
  source: number;
  /** Present for key_package leaves (seconds since the epoch). */
  lifetime?: { notBefore: bigint; notAfter: bigint };
  /** The encoded LeafNode up to its signature (LeafNodeTBS for key_package leaves). */
  signedContent: Uint8Array;
  signature: Uint8Array;
}

/**
 * `Credential` as openmls decodes it: a type and one vector (a basic identity or the X.509
 * certificate list); the type is not restricted here, callers that need one check it.
 */
export function readCredential(reader: TlsReader, what: string): Credential {
  const type = reader.uint16(`${what} credential_type`);
  return { type, content: reader.vector(`${what} credential`) };
}

/** RFC 9420 §7.2 LeafNode, every field, with the bytes its signature covers. */
export function readLeafNode(reader: TlsReader, what: string): LeafNode {
  const start = reader.position;
  const encryptionKey = reader.vector(`${what} encryption_key`);
  const signatureKey = reader.vector(`${what} signature_key`);
  const credential = readCredential(reader, what);
  for (const list of ['versions', 'cipher_suites', 'extensions', 'proposals', 'credentials']) {
    readUint16List(reader, `${what} capabilities.${list}`);
  }
  const source = reader.uint8(`${what} leaf_node_source`);
  let lifetime: LeafNode['lifetime'];
  if (source === LeafNodeSource.KEY_PACKAGE) {
    lifetime = { notBefore: reader.uint64(`${what} lifetime.not_before`), notAfter: reader.uint64(`${what} lifetime.not_after`) };
  } else if (source === LeafNodeSource.COMMIT) {
    reader.vector(`${what} parent_hash`);
  } else if (source !== LeafNodeSource.UPDATE) {
    throw new TlsDecodeError(`${what}: unknown leaf_node_source ${source}`);
  }
  readExtensions(reader, `${what} extensions`);
  const signedContent = reader.consumed(start);
  const signature = reader.vector(`${what} signature`);
  return { encryptionKey, signatureKey, credential, source, lifetime, signedContent, signature };
}
