import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { parseAppConfig, type AppConfig } from '../config.ts';
import { DEFAULT_WEB_DIST_DIR } from './buildWebApp.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  // Lets the browser compile the SDK's wasm while it streams in.
  '.wasm': 'application/wasm',
};

export interface ServeWebAppOptions {
  /** What the app is told at `/config.json`; checked here first, so a bad config fails at start. */
  config: AppConfig;
  /** A built app (`buildWebApp`). @default packages/web/dist */
  dir?: string;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (a free port) */
  port?: number;
}

export interface ServedWebApp {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a built app and its `/config.json` over HTTP: GET and HEAD only, nothing outside `dir`.
 * Vite's file names carry content hashes, so assets may be cached for good; the page and its
 * config are never cached.
 */
export async function serveWebApp(options: ServeWebAppOptions): Promise<ServedWebApp> {
  const configJson = JSON.stringify(parseAppConfig(options.config));
  const base = resolve(options.dir ?? DEFAULT_WEB_DIST_DIR);
  await readFile(join(base, 'index.html')).catch((cause: unknown) => {
    throw new Error(`No built web app in ${base}: run buildWebApp() first.`, { cause });
  });
  const server: Server = createServer(async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://app').pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (path === '/config.json') {
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.json']!, 'cache-control': 'no-store' }).end(configJson);
      return;
    }
    const file = resolve(join(base, path === '/' ? 'index.html' : path));
    const contentType = CONTENT_TYPES[extname(file)];
    if (!file.startsWith(base + sep) || !contentType) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-store';
      response.writeHead(200, { 'content-type': contentType, 'cache-control': cache, 'x-content-type-options': 'nosniff' });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404).end();
    }
  });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/`,
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
