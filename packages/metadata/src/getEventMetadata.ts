import type { CID } from 'multiformats/cid';
import * as jsonCodec from 'multiformats/codecs/json';
import { sha256 } from 'multiformats/hashes/sha2';
import { equals } from 'multiformats/bytes';
import { sentenceOf } from '@ticketchat/errors';
import { collectBytes } from './collectBytes.ts';
import {
  MetadataIntegrityError,
  MetadataNotFoundError,
  MetadataStoreError,
  type InvalidMetadataReferenceErrorType,
  type MetadataIntegrityErrorType,
  type MetadataNotFoundErrorType,
  type MetadataStoreErrorType,
  type MetadataValidationErrorType,
} from './errors.ts';
import { toIpfsUri, toMetadataCid } from './reference.ts';
import { validateEventMetadata, type EventMetadata } from './schema.ts';
import type { MetadataStore } from './store.ts';

export type GetEventMetadataReturnType = { cid: CID; uri: `ipfs://${string}`; metadata: EventMetadata };

export type GetEventMetadataErrorType =
  | InvalidMetadataReferenceErrorType
  | MetadataNotFoundErrorType
  | MetadataIntegrityErrorType
  | MetadataValidationErrorType
  | MetadataStoreErrorType;

function readBlock(store: MetadataStore, cid: CID, signal: AbortSignal | undefined): Promise<Uint8Array> {
  return collectBytes(store.blockstore.get(cid, { signal }));
}

/**
 * Reads event metadata by `ipfs://<CID>` or CID. The stored bytes are hashed again and refused with
 * `MetadataIntegrityError` unless they match the CID (a block store on disk can be altered; the CID
 * on chain cannot), then parsed and validated against the schema.
 */
export async function getEventMetadata(
  store: MetadataStore,
  reference: string | CID,
  options: { signal?: AbortSignal } = {},
): Promise<GetEventMetadataReturnType> {
  const cid = toMetadataCid(reference);
  let bytes: Uint8Array | undefined;
  try {
    if (await store.blockstore.has(cid, { signal: options.signal })) bytes = await readBlock(store, cid, options.signal);
  } catch (cause) {
    // A store that checks blocks itself (the gateway store) refuses altered bytes in its own words.
    if (cause instanceof MetadataIntegrityError) throw cause;
    throw new MetadataStoreError(`Reading ${cid.toString()} from the IPFS block store failed: ${sentenceOf(cause)}`, { cause });
  }
  if (!bytes) throw new MetadataNotFoundError(`The metadata block ${cid.toString()} is not in the local IPFS block store.`);
  const digest = await sha256.digest(bytes);
  if (!equals(digest.digest, cid.multihash.digest)) {
    throw new MetadataIntegrityError(`The stored bytes of ${cid.toString()} do not match its hash; refusing altered metadata.`);
  }
  let parsed: unknown;
  try {
    parsed = jsonCodec.decode(bytes);
  } catch (cause) {
    throw new MetadataIntegrityError(`The block ${cid.toString()} is not valid JSON.`, { cause });
  }
  return { cid, uri: toIpfsUri(cid), metadata: validateEventMetadata(parsed, 'read') };
}
