import { BaseBlockstore } from 'blockstore-core/base';
import type { CID } from 'multiformats/cid';
import { collectBytes } from './collectBytes.ts';
import { MetadataIntegrityError, MetadataStoreError } from './errors.ts';
import { matchesCid, RAW_BLOCK_TYPE } from './rawBlock.ts';
import type { MetadataStore } from './store.ts';

type AbortOptions = { signal?: AbortSignal };

/**
 * A block store over HTTP, for the browser and for Node alike: blocks are read from a trustless
 * gateway (`GET /ipfs/<cid>?format=raw`) and checked against their CID here, so the gateway need
 * not be trusted; they are written with `PUT /ipfs/<cid>` (the local stack's gateway takes it and
 * checks them too). The metadata functions use `has`, `get` and `put`; the rest of the interface
 * comes from BaseBlockstore.
 */
class GatewayBlockstore extends BaseBlockstore {
  // Blocks are immutable, so `has` then `get` fetch once; a miss or a failure is asked again next time.
  private readonly found = new Map<string, Promise<Uint8Array | undefined>>();

  constructor(private readonly gatewayUrl: string) {
    super();
  }

  override async has(cid: CID, options: AbortOptions = {}): Promise<boolean> {
    return (await this.block(cid, options.signal)) !== undefined;
  }

  override async *get(cid: CID, options: AbortOptions = {}): AsyncGenerator<Uint8Array> {
    const bytes = await this.block(cid, options.signal);
    if (!bytes) throw new MetadataStoreError(`The IPFS gateway has no block ${cid.toString()}.`);
    yield bytes;
  }

  override async put(
    cid: CID,
    value: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
    options: AbortOptions = {},
  ): Promise<CID> {
    const response = await this.request(cid, {
      method: 'PUT',
      headers: { 'content-type': RAW_BLOCK_TYPE },
      body: await collectBytes(value),
      signal: options.signal ?? null,
    });
    if (!response.ok) {
      const reason = (await response.text().catch(() => '')).trim();
      throw new MetadataStoreError(
        `The IPFS gateway refused to store ${cid.toString()} (${response.status}${reason ? `: ${reason}` : ''}).`,
      );
    }
    return cid;
  }

  /** Helia's sessions fetch from IPFS peers; this store only talks to its gateway. */
  createSession(): never {
    throw new MetadataStoreError('An IPFS gateway block store has no peer sessions.');
  }

  private block(cid: CID, signal: AbortSignal | undefined): Promise<Uint8Array | undefined> {
    const key = cid.toString();
    let bytes = this.found.get(key);
    if (!bytes) {
      bytes = this.fetchBlock(cid, signal);
      this.found.set(key, bytes);
      bytes.then(
        (result) => result === undefined && this.found.delete(key),
        () => this.found.delete(key),
      );
    }
    return bytes;
  }

  private async fetchBlock(cid: CID, signal: AbortSignal | undefined): Promise<Uint8Array | undefined> {
    const response = await this.request(cid, { headers: { accept: RAW_BLOCK_TYPE }, signal: signal ?? null });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new MetadataStoreError(`The IPFS gateway answered ${response.status} for ${cid.toString()}.`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!(await matchesCid(cid, bytes))) {
      throw new MetadataIntegrityError(`The IPFS gateway returned bytes for ${cid.toString()} that do not match its hash; refusing them.`);
    }
    return bytes;
  }

  private request(cid: CID, init: RequestInit): Promise<Response> {
    const url = `${this.gatewayUrl.replace(/\/$/, '')}/ipfs/${cid.toString()}?format=raw`;
    return fetch(url, init).catch((cause: unknown) => {
      throw new MetadataStoreError(`The IPFS gateway at ${this.gatewayUrl} cannot be reached.`, { cause });
    });
  }
}

/**
 * Event metadata read through any trustless IPFS gateway (every block checked against its CID), and
 * written to one that accepts `PUT /ipfs/<cid>`, like the local stack's. Browser-safe.
 */
export function gatewayMetadataStore(gatewayUrl: string): MetadataStore {
  return { blockstore: new GatewayBlockstore(gatewayUrl) };
}
