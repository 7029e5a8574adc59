/**
 * @packageDocumentation
 * Event metadata for ticketchat: a validated JSON schema, stored as a real IPFS block (CIDv1, json
 * codec, sha2-256) in an offline Helia node on disk, read back only if the bytes still hash to the
 * CID, optionally pinned remotely. Which chat belongs to an event is `@ticketchat/chat`'s business
 * (`discoverEventChat`): this package only stores and verifies the documents.
 *
 * @example
 * const store = await openMetadataStore({ directory: '.ticketchat/ipfs' })
 * const { uri } = await putEventMetadata(store, document)
 * const { eventId } = await createEvent(clients, { registry, metadataURI: uri, chatGroupId: document.chat.xmtpGroupId, … })
 * const { metadata } = await getEventMetadata(store, uri)
 */

export {
  validateEventMetadata,
  eventMetadataJsonSchema,
  eventMetadataSchemaVersion,
  chatSectionLimits,
  type EventMetadata,
} from './schema.ts';
export type { MetadataStore } from './store.ts';
export {
  putEventMetadata,
  type PutEventMetadataOptions,
  type PutEventMetadataReturnType,
  type PutEventMetadataErrorType,
} from './putEventMetadata.ts';
export { getEventMetadata, type GetEventMetadataReturnType, type GetEventMetadataErrorType } from './getEventMetadata.ts';
export { toMetadataCid, toIpfsUri, parseCidReference } from './reference.ts';
export { gatewayMetadataStore } from './gatewayStore.ts';
export { RAW_BLOCK_TYPE, MAX_BLOCK_BYTES, matchesCid, parseCid } from './rawBlock.ts';
export { createPinningServiceClient, type RemotePinningService, type PinningServiceClientOptions } from './pinning.ts';
export {
  MetadataValidationError,
  MetadataIntegrityError,
  MetadataNotFoundError,
  InvalidMetadataReferenceError,
  PinningError,
  MetadataStoreError,
  type MetadataIssue,
  type MetadataValidationErrorType,
  type MetadataIntegrityErrorType,
  type MetadataNotFoundErrorType,
  type InvalidMetadataReferenceErrorType,
  type PinningErrorType,
  type MetadataStoreErrorType,
} from './errors.ts';
