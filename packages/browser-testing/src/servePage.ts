import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

/** application/wasm lets the SDK compile its 12.7 MB binding while it streams in; workers must be JavaScript. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface ServedPage {
  /** The page's URL; query parameters tell the page what to talk to. */
  url: string;
  close(): Promise<void>;
}

/** Serves a built page (GET only, nothing outside `root`) from 127.0.0.1 on a free port. */
export async function servePage(root: string): Promise<ServedPage> {
  const base = resolve(root);
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://page').pathname;
    const file = resolve(join(base, path === '/' ? 'index.html' : decodeURIComponent(path)));
    const contentType = CONTENT_TYPES[extname(file)];
    if (request.method !== 'GET' || !file.startsWith(base + sep) || !contentType) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
