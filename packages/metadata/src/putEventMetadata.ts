import { json } from '@helia/json';
import type { CID } from 'multiformats/cid';
import { sentenceOf } from '@ticketchat/errors';
import { MetadataStoreError, type MetadataStoreErrorType, type MetadataValidationErrorType, type PinningErrorType } from './errors.ts';
import type { RemotePinningService } from './pinning.ts';
import { toIpfsUri } from './reference.ts';
import { validateEventMetadata, type EventMetadata } from './schema.ts';
import type { MetadataStore } from './store.ts';

export type PutEventMetadataOptions = {
  /** Also pin the CID on a remote IPFS pinning service. Off unless given. */
  pinning?: RemotePinningService;
  signal?: AbortSignal;
};

export type PutEventMetadataReturnType = { cid: CID; uri: `ipfs://${string}`; metadata: EventMetadata };

export type PutEventMetadataErrorType = MetadataValidationErrorType | MetadataStoreErrorType | PinningErrorType;

/** Object keys sorted at every level, so one document has one CID whatever order its keys were written in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}

/**
 * Validates the document, stores it as one IPFS block (json codec, sha2-256, CIDv1) and returns the
 * CID and the `ipfs://<CID>` URI to put on chain.
 *
 * @example
 * const { uri } = await putEventMetadata(store, { schemaVersion: 1, title: 'Launch party', … })
 * await createEvent(clients, { registry, metadataURI: uri, … })
 */
export async function putEventMetadata(
  store: MetadataStore,
  document: EventMetadata,
  options: PutEventMetadataOptions = {},
): Promise<PutEventMetadataReturnType> {
  const metadata = validateEventMetadata(document, 'write');
  let cid: CID;
  try {
    cid = await json(store).add(canonical(metadata), { signal: options.signal });
  } catch (cause) {
    throw new MetadataStoreError(`Storing the metadata of "${metadata.title}" in the IPFS block store failed: ${sentenceOf(cause)}`, {
      cause,
    });
  }
  if (options.pinning) await options.pinning.pin(cid, { name: `ticketchat: ${metadata.title}`, signal: options.signal });
  return { cid, uri: toIpfsUri(cid), metadata };
}
