/**
 * @packageDocumentation
 * Everything in `@ticketchat/metadata`, plus the offline Helia node on disk that Node processes
 * use as their IPFS block store. Browser bundles import the root entry and bring their own store.
 */
export * from './index.ts';
export { openMetadataStore, type OpenMetadataStoreOptions, type OpenedMetadataStore } from './fsStore.ts';
