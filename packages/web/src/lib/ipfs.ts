import type { MetadataStore } from '@ticketchat/metadata';
import type { CID } from 'multiformats/cid';

/** Raw block responses, as the trustless gateway spec names them. */
const RAW_BLOCK = 'application/vnd.ipld.raw';

export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly shortMessage: string,
    options: { cause?: unknown } = {},
  ) {
    super(shortMessage, options);
  }
}

/**
 * The metadata package's block store over HTTP: blocks come from a trustless gateway as raw bytes,
 * and `getEventMetadata` hashes them again in the browser and refuses any that do not match the CID,
 * so the gateway is not trusted. New blocks go up with `PUT /ipfs/<cid>` (the creator's form).
 */
export function gatewayMetadataStore(gatewayUrl: string): MetadataStore {
  const blockUrl = (cid: CID) => new URL(`ipfs/${cid.toString()}?format=raw`, gatewayUrl.endsWith('/') ? gatewayUrl : `${gatewayUrl}/`);
  const fetchBlock = async (cid: CID, signal?: AbortSignal): Promise<Uint8Array | undefined> => {
    const response = await fetch(blockUrl(cid), { headers: { accept: RAW_BLOCK }, ...(signal ? { signal } : {}) }).catch(
      (cause: unknown) => {
        throw new GatewayError('The IPFS gateway cannot be reached.', { cause });
      },
    );
    if (response.status === 404) return undefined;
    if (!response.ok) throw new GatewayError(`The IPFS gateway answered ${response.status} for ${cid.toString()}.`);
    return new Uint8Array(await response.arrayBuffer());
  };
  // Blocks are immutable (and re-verified on every read), so `has` then `get` fetch once.
  const found = new Map<string, Promise<Uint8Array | undefined>>();
  const block = (cid: CID, signal?: AbortSignal) => {
    const key = cid.toString();
    let bytes = found.get(key);
    if (!bytes) {
      bytes = fetchBlock(cid, signal);
      found.set(key, bytes);
      bytes.then(
        (result) => result === undefined && found.delete(key),
        () => found.delete(key),
      );
    }
    return bytes;
  };
  const blockstore = {
    async has(cid: CID, options: { signal?: AbortSignal } = {}) {
      return (await block(cid, options.signal)) !== undefined;
    },
    async *get(cid: CID, options: { signal?: AbortSignal } = {}) {
      const bytes = await block(cid, options.signal);
      if (!bytes) throw new GatewayError(`The IPFS gateway has no block ${cid.toString()}.`);
      yield bytes;
    },
    async put(cid: CID, bytes: Uint8Array, options: { signal?: AbortSignal } = {}) {
      const response = await fetch(blockUrl(cid), {
        method: 'PUT',
        headers: { 'content-type': RAW_BLOCK },
        body: bytes as Uint8Array<ArrayBuffer>,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (!response.ok) throw new GatewayError(`The IPFS gateway refused to store ${cid.toString()} (${response.status}).`);
      return cid;
    },
  };
  // The metadata functions use only has, get and put of Helia's block store.
  return { blockstore } as unknown as MetadataStore;
}
