import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Logger } from 'pino';

/** XMTP's history server refuses archives above 15 MB; clients keep theirs under it. */
export const MAX_ARCHIVE_BYTES = 15 * 1024 * 1024;
const FILE_ID = /^[0-9a-f-]{36}$/;

export interface HistorySyncServerOptions {
  /** Where archives are kept; they are encrypted by the client, the node never reads them. */
  directory: string;
  log: Logger;
}

/**
 * The history-sync service XMTP device sync uses: `POST /upload` stores an encrypted archive and
 * answers its id; `GET /files/<id>` returns it; `GET /` is a health check. CORS is open, as in
 * XMTP's own server, because the archives are opaque ciphertext.
 */
export function createHistorySyncServer({ directory, log }: HistorySyncServerOptions): Server {
  mkdirSync(directory, { recursive: true });
  const server = createServer({ requestTimeout: 120_000 }, (request, response) => {
    response.setHeader('access-control-allow-origin', '*');
    handle(request, response, directory, log).catch((error: unknown) => {
      log.error({ err: error }, 'history sync request failed');
      if (!response.headersSent) response.writeHead(500).end('internal error\n');
    });
  });
  return server;
}

async function handle(request: IncomingMessage, response: ServerResponse, directory: string, log: Logger): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method === 'OPTIONS') {
    response.writeHead(204, {
      'access-control-allow-methods': 'GET,POST,OPTIONS',
      'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '*',
    });
    return void response.end();
  }
  if (request.method === 'GET' && url.pathname === '/') return void response.writeHead(200).end('ok\n');
  if (request.method === 'POST' && url.pathname === '/upload') {
    const archive = await readLimited(request, MAX_ARCHIVE_BYTES);
    if (!archive) return void response.writeHead(413, { connection: 'close' }).end(`archive exceeds ${MAX_ARCHIVE_BYTES} bytes\n`);
    const id = randomUUID();
    // Written under a temporary name first, so a reader never sees half an archive.
    const path = join(directory, id);
    await writeFile(`${path}.partial`, archive);
    await rename(`${path}.partial`, path);
    log.debug({ id, bytes: archive.length }, 'history archive stored');
    return void response.writeHead(200, { 'content-type': 'text/plain' }).end(id);
  }
  const file = /^\/files\/([^/]+)$/.exec(url.pathname)?.[1];
  if (request.method === 'GET' && file) {
    if (!FILE_ID.test(file)) return void response.writeHead(400).end('invalid archive id\n');
    const archive = await readFile(join(directory, file)).catch(() => undefined);
    if (!archive) return void response.writeHead(404).end('no such archive\n');
    return void response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(archive);
  }
  response.writeHead(404).end('not found\n');
}

/** The body, or undefined as soon as it passes the limit (the rest is not buffered). */
function readLimited(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    request.once('error', reject);
  });
}
