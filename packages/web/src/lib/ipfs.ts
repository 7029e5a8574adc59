import { BaseError } from '@ticketchat/errors';
import type { MetadataStore } from '@ticketchat/metadata';
import { BaseBlockstore } from 'blockstore-core/base';
import type { CID } from 'multiformats/cid';
import { concat } from 'uint8arrays/concat';

/** Raw block responses, as the trustless gateway spec names them. */
const RAW_BLOCK = 'application/vnd.ipld.raw';

type AbortOptions = { signal?: AbortSignal };

export class GatewayError extends BaseError {
  override name = 'GatewayError' as const;
}

/**
 * The metadata package's block store over HTTP: blocks come from a trustless gateway as raw bytes,
 * and `getEventMetadata` hashes them again in the browser and refuses any that do not match the CID,
 * so the gateway is not trusted. New blocks go up with `PUT /ipfs/<cid>` (the creator's form). The
 * metadata functions use `has`, `get` and `put`; the rest of the interface comes from BaseBlockstore.
 */
class GatewayBlockstore extends BaseBlockstore {
  // Blocks are immutable (and re-verified on every read), so `has` then `get` fetch once.
  private readonly found = new Map<string, Promise<Uint8Array | undefined>>();

  constructor(private readonly gatewayUrl: string) {
    super();
  }

  override async has(cid: CID, options: AbortOptions = {}): Promise<boolean> {
    return (await this.block(cid, options.signal)) !== undefined;
  }

  override async *get(cid: CID, options: AbortOptions = {}): AsyncGenerator<Uint8Array> {
    const bytes = await this.block(cid, options.signal);
    if (!bytes) throw new GatewayError(`The IPFS gateway has no block ${cid.toString()}.`);
    yield bytes;
  }

  override async put(
    cid: CID,
    value: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
    options: AbortOptions = {},
  ): Promise<CID> {
    const response = await fetch(this.url(cid), {
      method: 'PUT',
      headers: { 'content-type': RAW_BLOCK },
      body: await collect(value),
      signal: options.signal ?? null,
    });
    if (!response.ok) throw new GatewayError(`The IPFS gateway refused to store ${cid.toString()} (${response.status}).`);
    return cid;
  }

  /** Helia's sessions fetch from IPFS peers; this store only talks to its gateway. */
  createSession(): never {
    throw new GatewayError('An IPFS gateway block store has no peer sessions.');
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
    const response = await fetch(this.url(cid), { headers: { accept: RAW_BLOCK }, signal: signal ?? null }).catch((cause: unknown) => {
      throw new GatewayError('The IPFS gateway cannot be reached.', { cause });
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new GatewayError(`The IPFS gateway answered ${response.status} for ${cid.toString()}.`);
    return new Uint8Array(await response.arrayBuffer());
  }

  private url(cid: CID): string {
    return `${this.gatewayUrl.replace(/\/$/, '')}/ipfs/${cid.toString()}?format=raw`;
  }
}

async function collect(chunks: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  if (chunks instanceof Uint8Array) parts.push(chunks);
  else for await (const chunk of chunks) parts.push(chunk);
  return concat(parts);
}

/** Event metadata read through (and, for the create form, written to) an IPFS gateway. */
export function gatewayMetadataStore(gatewayUrl: string): MetadataStore {
  return { blockstore: new GatewayBlockstore(gatewayUrl) };
}
