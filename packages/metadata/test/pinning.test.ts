import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createPinningServiceClient, PinningError, putEventMetadata } from '../src/node.ts';
import { openTempStore, sampleMetadata, type TempStore } from './fixtures.ts';

type Received = { method: string | undefined; url: string | undefined; authorization: string | undefined; body: unknown };

// A stand-in pinning service on 127.0.0.1 that records requests; no external host is involved.
describe('remote pinning (IPFS Pinning Service API)', () => {
  const received: Received[] = [];
  let status = 202;
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, authorization: request.headers.authorization, body: JSON.parse(body) });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(
        status === 202 ? JSON.stringify({ requestid: 'r1', status: 'queued' }) : JSON.stringify({ error: { reason: 'UNAUTHORIZED' } }),
      );
    });
  });
  let endpoint: string;
  let store: TempStore;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    store = await openTempStore();
  });
  after(async () => {
    await store.remove();
    await new Promise((resolve) => server.close(resolve));
  });

  const deployment = {
    chainId: 31337,
    registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    kiosk: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  } as const;

  it('is off unless configured, and when configured requests a pin for the CID it just stored', async () => {
    await putEventMetadata(store, sampleMetadata(deployment));
    assert.equal(received.length, 0);

    const pinning = createPinningServiceClient({ endpoint, accessToken: 'secret-token' });
    const { cid } = await putEventMetadata(store, sampleMetadata(deployment, { title: 'Pinned' }), { pinning });
    assert.deepEqual(received, [
      {
        method: 'POST',
        url: '/api/v1/pins',
        authorization: 'Bearer secret-token',
        body: { cid: cid.toString(), name: 'ticketchat: Pinned' },
      },
    ]);
  });

  it('reports a refusal with the HTTP status', async () => {
    status = 401;
    const pinning = createPinningServiceClient({ endpoint, accessToken: 'wrong' });
    await assert.rejects(
      putEventMetadata(store, sampleMetadata(deployment, { title: 'Refused' }), { pinning }),
      (error: unknown) => error instanceof PinningError && /HTTP 401/.test(error.shortMessage) && /UNAUTHORIZED/.test(error.details),
    );
  });
});
