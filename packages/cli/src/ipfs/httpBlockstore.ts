import type { MetadataStore } from '@ticketchat/metadata';
import { BaseBlockstore } from 'blockstore-core/base';
import type { CID } from 'multiformats/cid';
import { matchesCid, RAW_BLOCK_TYPE } from './rawBlock.ts';

type AbortOptions = { signal?: AbortSignal };

/**
 * A block store over HTTP: blocks are read from a trustless gateway (`GET /ipfs/<cid>` asking for
 * the raw block) and checked against their CID here, so the gateway need not be trusted; they are
 * written with the local stack's `PUT /ipfs/<cid>`, which checks them too. The metadata functions
 * use `has`, `get` and `put`; the rest of the interface comes from BaseBlockstore.
 */
class HttpBlockstore extends BaseBlockstore {
  constructor(private readonly gatewayUrl: string) {
    super();
  }

  override async has(cid: CID, options: AbortOptions = {}): Promise<boolean> {
    const response = await fetch(this.url(cid), { method: 'HEAD', headers: { accept: RAW_BLOCK_TYPE }, signal: options.signal ?? null });
    if (response.status === 404) return false;
    if (!response.ok) throw new Error(`the IPFS gateway answered ${response.status} for ${cid.toString()}`);
    return true;
  }

  override async *get(cid: CID, options: AbortOptions = {}): AsyncGenerator<Uint8Array> {
    const response = await fetch(this.url(cid), { headers: { accept: RAW_BLOCK_TYPE }, signal: options.signal ?? null });
    if (!response.ok) throw new Error(`the IPFS gateway answered ${response.status} for ${cid.toString()}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!(await matchesCid(cid, bytes))) throw new Error(`the IPFS gateway returned bytes that do not match ${cid.toString()}`);
    yield bytes;
  }

  override async put(
    cid: CID,
    value: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
    options: AbortOptions = {},
  ): Promise<CID> {
    const response = await fetch(this.url(cid), {
      method: 'PUT',
      headers: { 'content-type': RAW_BLOCK_TYPE },
      body: value instanceof Uint8Array ? value : await collect(value),
      signal: options.signal ?? null,
    });
    if (!response.ok) throw new Error(`the IPFS gateway refused ${cid.toString()}: ${response.status} ${await response.text()}`);
    return cid;
  }

  /** Helia's sessions fetch from IPFS peers; this store only talks to its gateway. */
  createSession(): never {
    throw new Error('an HTTP gateway block store has no peer sessions');
  }

  private url(cid: CID): string {
    return `${this.gatewayUrl.replace(/\/$/, '')}/ipfs/${cid.toString()}`;
  }
}

async function collect(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Event metadata read from and written to an IPFS gateway (the local stack's, or any trustless one for reads). */
export function httpMetadataStore(gatewayUrl: string): MetadataStore {
  return { blockstore: new HttpBlockstore(gatewayUrl) };
}
