/*
 * The gateway-backed store from the reader's side, against gateways that cannot be trusted: one
 * that answers bytes not matching the CID asked for, one that has nothing, one that is down, one
 * that refuses a write. Each is a real HTTP server on a port chosen at run time.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import * as jsonCodec from 'multiformats/codecs/json';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import {
  gatewayMetadataStore,
  getEventMetadata,
  MetadataIntegrityError,
  MetadataNotFoundError,
  MetadataStoreError,
  putEventMetadata,
  RAW_BLOCK_TYPE,
} from '../src/index.ts';
import { sampleMetadata } from './fixtures.ts';

async function gateway(handler: RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handler).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const document = sampleMetadata({
  chainId: 31337,
  registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  kiosk: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
});
const bytes = jsonCodec.encode(document);
const cid = CID.create(1, jsonCodec.code, await sha256.digest(bytes));

test('bytes that do not hash to the CID are refused, however the gateway labels them', async (t) => {
  const liar = await gateway((_request, response) => {
    // A valid document with one field changed: well-formed, plausible, and not what the CID names.
    response.writeHead(200, { 'content-type': RAW_BLOCK_TYPE }).end(jsonCodec.encode({ ...document, title: 'Free drinks, send ETH' }));
  });
  t.after(liar.close);
  await assert.rejects(getEventMetadata(gatewayMetadataStore(liar.url), cid), MetadataIntegrityError);
});

test('the block asked for is read with the raw block type, and a missing one is not found', async (t) => {
  const honest = await gateway((request, response) => {
    const asked = request.url?.match(/^\/ipfs\/([^?]+)\?format=raw$/)?.[1];
    if (asked === cid.toString() && request.headers.accept === RAW_BLOCK_TYPE) response.writeHead(200).end(bytes);
    else response.writeHead(404).end();
  });
  t.after(honest.close);
  const store = gatewayMetadataStore(`${honest.url}/`);
  assert.equal((await getEventMetadata(store, cid)).metadata.title, document.title);
  const other = CID.create(1, jsonCodec.code, await sha256.digest(jsonCodec.encode({ other: true })));
  await assert.rejects(getEventMetadata(store, other), MetadataNotFoundError);
});

test('a gateway that is down, or refuses a write, fails with a store error that says so', async (t) => {
  const refusing = await gateway((_request, response) => response.writeHead(403).end('this origin may read blocks, not store them\n'));
  t.after(refusing.close);
  await assert.rejects(putEventMetadata(gatewayMetadataStore(refusing.url), document), (error: unknown) => {
    assert.ok(error instanceof MetadataStoreError);
    assert.match(error.message, /refused to store .* \(403: this origin may read blocks, not store them\)/);
    return true;
  });
  const gone = await gateway(() => undefined);
  await gone.close();
  await assert.rejects(getEventMetadata(gatewayMetadataStore(gone.url), cid), /cannot be reached/);
});
