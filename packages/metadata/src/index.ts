/**
 * @packageDocumentation
 * Event metadata for ticketchat: a validated JSON schema, stored as a real IPFS block (CIDv1, json
 * codec, sha2-256) in an offline Helia node on disk, read back only if the bytes still hash to the
 * CID, optionally pinned remotely; and chat discovery that trusts the chain first and IPFS second.
 *
 * @example
 * const store = await openMetadataStore({ directory: '.ticketchat/ipfs' })
 * const { uri } = await putEventMetadata(store, document)
 * const { eventId } = await createEvent(clients, { registry, metadataURI: uri, chatGroupId: document.chat.xmtpGroupId, … })
 * const chat = await discoverEventChat({ publicClient, registry, eventId, store })
 */

export { validateEventMetadata, eventMetadataJsonSchema, eventMetadataSchemaVersion, type EventMetadata } from './schema.ts';
export type { MetadataStore } from './store.ts';
export {
  putEventMetadata,
  type PutEventMetadataOptions,
  type PutEventMetadataReturnType,
  type PutEventMetadataErrorType,
} from './putEventMetadata.ts';
export { getEventMetadata, type GetEventMetadataReturnType, type GetEventMetadataErrorType } from './getEventMetadata.ts';
export { toMetadataCid, toIpfsUri, parseCidReference } from './reference.ts';
export { createPinningServiceClient, type RemotePinningService, type PinningServiceClientOptions } from './pinning.ts';
export {
  discoverEventChat,
  type DiscoverEventChatParameters,
  type DiscoveredEventChat,
  type ChatDisagreement,
} from './discoverEventChat.ts';
export {
  MetadataValidationError,
  MetadataIntegrityError,
  MetadataNotFoundError,
  InvalidMetadataReferenceError,
  PinningError,
  MetadataStoreError,
  ChatDiscoveryError,
  type MetadataIssue,
  type MetadataValidationErrorType,
  type MetadataIntegrityErrorType,
  type MetadataNotFoundErrorType,
  type InvalidMetadataReferenceErrorType,
  type PinningErrorType,
  type MetadataStoreErrorType,
} from './errors.ts';
