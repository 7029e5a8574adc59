/*
 * The stack's trustless IPFS gateway, from a browser's and from a hostile client's side: raw blocks
 * that verify against their CID, nothing else served, and writes that must hash to the CID they
 * claim, of bounded size.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  getEventMetadata,
  openMetadataStore,
  putEventMetadata,
  type EventMetadata,
  type OpenedMetadataStore,
} from '@ticketchat/metadata/node';
import { gatewayMetadataStore, matchesCid, MAX_BLOCK_BYTES, RAW_BLOCK_TYPE } from '@ticketchat/metadata';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { pino } from 'pino';
import { startIpfsGateway, type RunningIpfsGateway } from '../src/stack/ipfsGateway.ts';

const document: EventMetadata = {
  schemaVersion: 1,
  title: 'Gateway night',
  description: '',
  category: 'talk',
  startsAt: '2026-12-01T20:00:00Z',
  endsAt: '2026-12-01T22:00:00Z',
  image: 'https://images.example.org/g.png',
  chat: { xmtpGroupId: 'ab12' },
  chain: { chainId: 31337, registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3', kiosk: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' },
};

describe('the trustless IPFS gateway', () => {
  let directory: string;
  let store: OpenedMetadataStore;
  let gateway: RunningIpfsGateway;
  let cid: CID;

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ticketchat-gateway-'));
    store = await openMetadataStore({ directory });
    gateway = await startIpfsGateway({ blockstore: store.blockstore, host: '127.0.0.1', port: 0, log: pino({ level: 'silent' }) });
    cid = (await putEventMetadata(store, document)).cid;
  });
  after(async () => {
    await gateway.stop();
    await store.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const url = (target: CID | string, query = '') => `${gateway.url}/ipfs/${target.toString()}${query}`;

  test('answers the raw block, by Accept header or ?format=raw, and the bytes verify against the CID', async () => {
    for (const [query, headers] of [
      ['', { accept: RAW_BLOCK_TYPE }],
      ['?format=raw', {}],
    ] as const) {
      const response = await fetch(url(cid, query), { headers });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), RAW_BLOCK_TYPE);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', 'any page may read and verify blocks');
      assert.ok(await matchesCid(cid, new Uint8Array(await response.arrayBuffer())));
    }
  });

  test('a client reading and writing through it gets the same metadata back, verified', async () => {
    const overHttp = gatewayMetadataStore(gateway.url);
    const { cid: written } = await putEventMetadata(overHttp, { ...document, title: 'Written over HTTP' });
    const { metadata } = await getEventMetadata(overHttp, written);
    assert.equal(metadata.title, 'Written over HTTP');
    assert.equal((await getEventMetadata(store, written)).metadata.title, 'Written over HTTP', 'stored in the stack block store');
  });

  test("CORS: the stack's web pages may store blocks; a page from elsewhere may only read", async () => {
    const block = new TextEncoder().encode('a block written from a page');
    const target = CID.create(1, raw.code, await sha256.digest(block));
    const preflight = (origin: string, method: string) =>
      fetch(url(target), {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
      });

    const app = 'http://127.0.0.1:5173';
    const allowed = await preflight(app, 'PUT');
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), app);
    assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /\bPUT\b/);
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /\bcontent-type\b/);
    const stored = await fetch(url(target), { method: 'PUT', headers: { origin: app, 'content-type': RAW_BLOCK_TYPE }, body: block });
    assert.equal(stored.status, 201);
    assert.equal(stored.headers.get('access-control-allow-origin'), app, 'the page may read the answer');

    // Hostile pages: another site, a look-alike of loopback, an https page, a non-origin.
    for (const origin of [
      'https://evil.example',
      'http://127.0.0.1.evil.example:5173',
      'https://127.0.0.1:5173',
      'null',
      'http://localhost:5173/x',
    ]) {
      const refused = await preflight(origin, 'PUT');
      assert.equal(refused.status, 403, `preflight from ${origin}`);
      assert.notEqual(refused.headers.get('access-control-allow-origin'), origin);
      const other = CID.create(1, raw.code, await sha256.digest(new TextEncoder().encode(origin)));
      const put = await fetch(url(other), {
        method: 'PUT',
        headers: { origin, 'content-type': RAW_BLOCK_TYPE },
        body: new TextEncoder().encode(origin),
      });
      assert.equal(put.status, 403, `PUT from ${origin}, even without a preflight`);
      assert.equal((await fetch(url(other, '?format=raw'))).status, 404, 'nothing stored');
      // Reading stays open: blocks are public and their reader verifies them.
      const read = await fetch(url(target, '?format=raw'), { headers: { origin } });
      assert.equal(read.status, 200);
      assert.equal(read.headers.get('access-control-allow-origin'), '*');
      const readPreflight = await preflight(origin, 'GET');
      assert.equal(readPreflight.status, 204);
      assert.doesNotMatch(readPreflight.headers.get('access-control-allow-methods') ?? '', /PUT/);
    }
  });

  test('serves nothing it would have to be trusted for, and refuses bad requests with a status', async () => {
    assert.equal((await fetch(url(cid))).status, 406, 'no deserialized responses');
    assert.equal((await fetch(url('not-a-cid', '?format=raw'))).status, 400);
    const missing = CID.create(1, raw.code, await sha256.digest(new TextEncoder().encode('never stored')));
    assert.equal((await fetch(url(missing, '?format=raw'))).status, 404);
    assert.equal((await fetch(`${gateway.url}/ipns/whatever`)).status, 404);
    assert.equal((await fetch(url(cid, '?format=raw'), { method: 'DELETE' })).status, 405);
  });

  test('a write whose bytes do not hash to its CID is refused and not stored', async () => {
    const claimed = CID.create(1, raw.code, await sha256.digest(new TextEncoder().encode('the real bytes')));
    const response = await fetch(url(claimed), { method: 'PUT', body: new TextEncoder().encode('junk shaped like a block') });
    assert.equal(response.status, 400);
    assert.equal((await fetch(url(claimed, '?format=raw'))).status, 404);
  });

  test('an oversized write is cut off, declared or not, and the gateway keeps serving', async () => {
    const big = new Uint8Array(MAX_BLOCK_BYTES + 1);
    const target = CID.create(1, raw.code, await sha256.digest(big));
    assert.equal((await fetch(url(target), { method: 'PUT', body: big })).status, 413);
    // Chunked, with no length announced: the limit applies as the bytes arrive.
    const status = await new Promise<number>((resolve, reject) => {
      const put = request(url(target), { method: 'PUT', headers: { 'transfer-encoding': 'chunked' } }, (response) =>
        resolve(response.statusCode ?? 0),
      );
      put.on('error', reject);
      for (let sent = 0; sent <= MAX_BLOCK_BYTES; sent += 64 * 1024) put.write(new Uint8Array(64 * 1024));
      put.end();
    });
    assert.equal(status, 413);
    assert.equal((await fetch(url(cid, '?format=raw'))).status, 200, 'still serving');
  });
});
