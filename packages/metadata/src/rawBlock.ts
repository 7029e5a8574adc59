import { equals } from 'multiformats/bytes';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';

/** The media type of a trustless gateway's raw block response (IPFS Trustless Gateway spec). */
export const RAW_BLOCK_TYPE = 'application/vnd.ipld.raw';

/** Largest block a gateway of ours accepts; event metadata is a few KiB, IPFS blocks are at most 1 MiB by convention. */
export const MAX_BLOCK_BYTES = 1024 * 1024;

/** Parses a CID from a path segment; undefined for anything that is not one. */
export function parseCid(text: string): CID | undefined {
  try {
    return CID.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether `bytes` hash to `cid` (sha2-256 only, the only hash ticketchat writes). */
export async function matchesCid(cid: CID, bytes: Uint8Array): Promise<boolean> {
  if (cid.multihash.code !== sha256.code) return false;
  return equals((await sha256.digest(bytes)).digest, cid.multihash.digest);
}
