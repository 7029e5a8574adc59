import type { Helia } from 'helia';

/** What the metadata functions need from an IPFS node: its block store. Any Helia node fits. */
export type MetadataStore = Pick<Helia, 'blockstore'>;
