import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FsBlockstore } from 'blockstore-fs';
import { FsDatastore } from 'datastore-fs';
import { createHeliaLight, type Helia } from 'helia';
import { sentenceOf } from '@ticketchat/errors';
import { MetadataStoreError } from './errors.ts';
import type { MetadataStore } from './store.ts';

export type OpenMetadataStoreOptions = {
  /** Directory for the block store (`blocks/`) and Helia's datastore (`datastore/`); created if missing. */
  directory: string;
};

export type OpenedMetadataStore = MetadataStore & {
  helia: Helia;
  /** Stops the Helia node; the blocks stay on disk for the next open. */
  stop: () => Promise<void>;
};

/**
 * Opens an offline Helia node on disk: a filesystem block store, no libp2p, no network retrieval.
 * Availability to other IPFS nodes comes from remote pinning (see `createPinningServiceClient`).
 *
 * @example
 * const store = await openMetadataStore({ directory: '.ticketchat/ipfs' })
 * const { uri } = await putEventMetadata(store, document)
 * await store.stop()
 */
export async function openMetadataStore({ directory }: OpenMetadataStoreOptions): Promise<OpenedMetadataStore> {
  const blocks = join(directory, 'blocks');
  const datastore = join(directory, 'datastore');
  let helia: Helia;
  try {
    await mkdir(blocks, { recursive: true });
    await mkdir(datastore, { recursive: true });
    helia = createHeliaLight({ blockstore: new FsBlockstore(blocks), datastore: new FsDatastore(datastore) });
    await helia.start();
  } catch (cause) {
    throw new MetadataStoreError(`Cannot open the IPFS block store in ${directory}: ${sentenceOf(cause)}`, { cause });
  }
  return { helia, blockstore: helia.blockstore, stop: async () => void (await helia.stop()) };
}
