import { CID } from 'multiformats/cid';
import * as jsonCodec from 'multiformats/codecs/json';
import { sha256 } from 'multiformats/hashes/sha2';
import { InvalidMetadataReferenceError } from './errors.ts';

/** Parses a bare CID string (any multibase CIDv1 or a CIDv0). */
export function parseCidReference(text: string): CID {
  try {
    return CID.parse(text);
  } catch (cause) {
    throw new InvalidMetadataReferenceError(`"${text}" is not a CID.`, { cause });
  }
}

/**
 * Accepts `ipfs://<CID>`, a bare CID string or a CID, and returns the CID after checking it is one this
 * package wrote: CIDv1, json codec, sha2-256 (the only combination whose bytes we can verify).
 */
export function toMetadataCid(reference: string | CID): CID {
  const cid =
    typeof reference === 'string'
      ? parseCidReference(reference.startsWith('ipfs://') ? reference.slice('ipfs://'.length) : reference)
      : reference;
  if (cid.version !== 1 || cid.code !== jsonCodec.code || cid.multihash.code !== sha256.code) {
    throw new InvalidMetadataReferenceError(
      `${cid.toString()} is not an event metadata CID (expected CIDv1, json codec 0x${jsonCodec.code.toString(16)}, sha2-256).`,
    );
  }
  return cid;
}

export function toIpfsUri(cid: CID): `ipfs://${string}` {
  return `ipfs://${cid.toString()}`;
}
