import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_BLOCK_BYTES, matchesCid, parseCid, RAW_BLOCK_TYPE } from '@ticketchat/metadata';
import type { Blockstore } from 'interface-blockstore';
import type { CID } from 'multiformats/cid';
import type { Logger } from 'pino';
import { listenError } from './ports.ts';
import { isWebOrigin } from './webOrigins.ts';

export interface IpfsGatewayOptions {
  blockstore: Pick<Blockstore, 'get' | 'has' | 'put'>;
  /** The interface to listen on; it also names the web origins allowed to write (webOrigins.ts). */
  host: string;
  port: number;
  log: Logger;
}

export interface RunningIpfsGateway {
  url: string;
  stop(): Promise<void>;
}

/**
 * A trustless IPFS gateway over the stack's block store: `GET /ipfs/<cid>` with
 * `Accept: application/vnd.ipld.raw` (or `?format=raw`) answers the block's bytes, which the reader
 * hashes against the CID, so it trusts the CID and not this server. Other formats are refused
 * (406): nothing here is deserialized for a browser. `PUT /ipfs/<cid>` stores a block whose bytes
 * match its CID; that is how the CLI and the web app's create form publish event metadata.
 *
 * CORS: any page may read (blocks are public and verified by their reader), but only the stack's
 * web origins may write: a page from anywhere else is refused the preflight and the PUT itself.
 */
export async function startIpfsGateway({ blockstore, host, port, log }: IpfsGatewayOptions): Promise<RunningIpfsGateway> {
  const server = createServer((request, response) => {
    handle(blockstore, host, request, response).catch((error: unknown) => {
      log.error({ err: error, url: request.url }, 'ipfs gateway request failed');
      if (!response.headersSent) send(response, 500, 'internal error');
      else response.destroy();
    });
  });
  server.listen(port, host);
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
  } catch (error) {
    throw listenError(error, { port, service: 'IPFS gateway', flag: '--ipfs-port' });
  }
  const bound = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  log.info({ url }, 'ipfs gateway listening');
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  blockstore: IpfsGatewayOptions['blockstore'],
  host: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://gateway');
  const origin = request.headers.origin;
  // No Origin: not a browser page (the CLI, curl). Otherwise the page's origin decides what it may do.
  const mayWrite = origin === undefined || isWebOrigin(origin, host);
  if (origin !== undefined && mayWrite) {
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('vary', 'origin');
  } else {
    // Browsers verify blocks themselves, so any page may read them.
    response.setHeader('access-control-allow-origin', '*');
  }
  if (request.method === 'OPTIONS') {
    const wantsWrite = (request.headers['access-control-request-method'] ?? '').toUpperCase() === 'PUT';
    if (wantsWrite && !mayWrite) return send(response, 403, 'this origin may read blocks, not store them');
    response.writeHead(204, {
      'access-control-allow-methods': mayWrite ? 'GET, HEAD, PUT' : 'GET, HEAD',
      'access-control-allow-headers': mayWrite ? 'accept, content-type' : 'accept',
      'access-control-max-age': '7200',
    });
    response.end();
    return;
  }
  const match = /^\/ipfs\/([^/]+)$/.exec(url.pathname);
  if (!match) return send(response, 404, 'not found: use /ipfs/<cid>');
  const cid = parseCid(match[1]!);
  if (!cid) return send(response, 400, 'invalid CID');

  if (request.method === 'PUT' && !mayWrite) return refuseBody(response, request, 403, 'this origin may read blocks, not store them');
  if (request.method === 'PUT') return put(blockstore, cid, request, response);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD, PUT');
    return send(response, 405, 'method not allowed');
  }
  const wantsRaw = url.searchParams.get('format') === 'raw' || (request.headers.accept ?? '').includes(RAW_BLOCK_TYPE);
  if (!wantsRaw) return send(response, 406, `this is a trustless gateway: ask for ${RAW_BLOCK_TYPE} (Accept header or ?format=raw)`);
  if (!(await blockstore.has(cid))) return send(response, 404, `block ${cid.toString()} not found`);
  const chunks: Uint8Array[] = [];
  for await (const chunk of blockstore.get(cid)) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  response.writeHead(200, {
    'content-type': RAW_BLOCK_TYPE,
    'content-length': bytes.length,
    'x-content-type-options': 'nosniff',
    'cache-control': 'public, max-age=29030400, immutable',
    etag: `"${cid.toString()}.raw"`,
    'x-ipfs-roots': cid.toString(),
  });
  response.end(request.method === 'HEAD' ? undefined : bytes);
}

async function put(blockstore: IpfsGatewayOptions['blockstore'], cid: CID, request: IncomingMessage, response: ServerResponse) {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BLOCK_BYTES) return refuseBody(response, request, 413, `a block is at most ${MAX_BLOCK_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    // A body without a length (or lying about it) is cut off at the limit, not buffered.
    if (size > MAX_BLOCK_BYTES) return refuseBody(response, request, 413, `a block is at most ${MAX_BLOCK_BYTES} bytes`);
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  if (!(await matchesCid(cid, bytes))) return send(response, 400, `the bytes do not hash to ${cid.toString()} (sha2-256)`);
  await blockstore.put(cid, bytes);
  return send(response, 201, cid.toString());
}

function refuseBody(response: ServerResponse, request: IncomingMessage, status: number, message: string): void {
  response.setHeader('connection', 'close');
  send(response, status, message);
  request.destroy();
}

function send(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
}
