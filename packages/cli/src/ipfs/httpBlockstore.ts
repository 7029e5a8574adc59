import type { MetadataStore } from '@ticketchat/metadata';
import type { CID } from 'multiformats/cid';
import { matchesCid, RAW_BLOCK_TYPE } from './rawBlock.ts';

type AbortOptions = { signal?: AbortSignal };

/**
 * A metadata store over HTTP: blocks are read from a trustless gateway (`GET /ipfs/<cid>` asking
 * for the raw block) and checked against their CID here, so the gateway need not be trusted; they
 * are written with the local stack's `PUT /ipfs/<cid>`, which checks them too.
 */
export function httpMetadataStore(gatewayUrl: string): MetadataStore {
  const url = (cid: CID) => `${gatewayUrl.replace(/\/$/, '')}/ipfs/${cid.toString()}`;
  const blockstore = {
    async has(cid: CID, options: AbortOptions = {}): Promise<boolean> {
      const response = await fetch(url(cid), { method: 'HEAD', headers: { accept: RAW_BLOCK_TYPE }, signal: options.signal ?? null });
      if (response.status === 404) return false;
      if (!response.ok) throw new Error(`the IPFS gateway answered ${response.status} for ${cid.toString()}`);
      return true;
    },
    async *get(cid: CID, options: AbortOptions = {}): AsyncGenerator<Uint8Array> {
      const response = await fetch(url(cid), { headers: { accept: RAW_BLOCK_TYPE }, signal: options.signal ?? null });
      if (!response.ok) throw new Error(`the IPFS gateway answered ${response.status} for ${cid.toString()}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (!(await matchesCid(cid, bytes))) throw new Error(`the IPFS gateway returned bytes that do not match ${cid.toString()}`);
      yield bytes;
    },
    async put(cid: CID, bytes: Uint8Array, options: AbortOptions = {}): Promise<CID> {
      const response = await fetch(url(cid), {
        method: 'PUT',
        headers: { 'content-type': RAW_BLOCK_TYPE },
        body: bytes,
        signal: options.signal ?? null,
      });
      if (!response.ok) throw new Error(`the IPFS gateway refused ${cid.toString()}: ${response.status} ${await response.text()}`);
      return cid;
    },
  };
  // The metadata functions call only has, get and put; the rest of Helia's Blockstore is not needed here.
  return { blockstore: blockstore as unknown as MetadataStore['blockstore'] };
}
