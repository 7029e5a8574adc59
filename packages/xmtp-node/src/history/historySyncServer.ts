import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { NodeLimits } from '../limits/limits.ts';
import type { CorsPolicy } from '../transport/cors.ts';

/** XMTP's history server refuses archives above 15 MB; clients keep theirs under it. */
export const MAX_ARCHIVE_BYTES = 15 * 1024 * 1024;
const FILE_ID = /^[0-9a-f-]{36}$/;
/** Archives are readable by the node's own user only: they are other people's (encrypted) data. */
const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;
const STORE_FULL = 'the history store is full; try again later\n';

export interface HistorySyncServerOptions {
  /** Where archives are kept; they are encrypted by the client, the node never reads them. */
  directory: string;
  log: Logger;
  limits: Pick<NodeLimits, 'historyQuotaBytes' | 'historyExpiryMs' | 'headerTimeoutMs' | 'bodyTimeoutMs'>;
  cors: CorsPolicy;
}

export interface HistorySyncServer {
  server: Server;
  /** Stops the periodic removal of expired archives. */
  stopExpiring(): void;
}

/**
 * The history-sync service XMTP device sync uses: `POST /upload` stores an encrypted archive and
 * answers its id; `GET /files/<id>` returns it; `GET /` is a health check. Archives are kept for
 * the expiry time, within a quota of bytes for all of them together.
 */
export function createHistorySyncServer({ directory, log, limits, cors }: HistorySyncServerOptions): HistorySyncServer {
  const archives = new ArchiveDirectory(directory, limits, log);
  const server = createServer(
    { headersTimeout: limits.headerTimeoutMs, requestTimeout: limits.headerTimeoutMs + limits.bodyTimeoutMs },
    (request, response) => {
      for (const [name, value] of Object.entries(cors.headers(request))) response.setHeader(name, value);
      handle(request, response, archives, cors, log).catch((error: unknown) => {
        log.error({ err: error }, 'history sync request failed');
        if (!response.headersSent) response.writeHead(500).end('internal error\n');
      });
    },
  );
  const sweeper = setInterval(() => void archives.removeExpired(), Math.min(limits.historyExpiryMs, 60_000)).unref();
  return { server, stopExpiring: () => clearInterval(sweeper) };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  archives: ArchiveDirectory,
  cors: CorsPolicy,
  log: Logger,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method === 'OPTIONS') return cors.answerPreflight(request, response);
  if (request.method === 'GET' && url.pathname === '/') return void response.writeHead(200).end('ok\n');
  if (request.method === 'POST' && url.pathname === '/upload') {
    // An upload that says up front it will not fit is refused before its body is read.
    const announced = Number(request.headers['content-length'] ?? 0);
    if (announced > MAX_ARCHIVE_BYTES)
      return void response.writeHead(413, { connection: 'close' }).end(`archive exceeds ${MAX_ARCHIVE_BYTES} bytes\n`);
    if (!(await archives.hasRoomFor(announced))) return void response.writeHead(507, { connection: 'close' }).end(STORE_FULL);
    const archive = await readLimited(request, MAX_ARCHIVE_BYTES);
    if (!archive) return void response.writeHead(413, { connection: 'close' }).end(`archive exceeds ${MAX_ARCHIVE_BYTES} bytes\n`);
    const id = await archives.store(archive);
    if (!id) return void response.writeHead(507).end(STORE_FULL);
    log.debug({ id, bytes: archive.length }, 'history archive stored');
    return void response.writeHead(200, { 'content-type': 'text/plain' }).end(id);
  }
  const file = /^\/files\/([^/]+)$/.exec(url.pathname)?.[1];
  if (request.method === 'GET' && file) {
    if (!FILE_ID.test(file)) return void response.writeHead(400).end('invalid archive id\n');
    const archive = await archives.read(file);
    if (!archive) return void response.writeHead(404).end('no such archive\n');
    return void response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(archive);
  }
  response.writeHead(404).end('not found\n');
}

/** The archives on disk, their total size against the quota, and their expiry. */
class ArchiveDirectory {
  private usedBytes = 0;
  private readonly sizes = new Map<string, number>();

  constructor(
    private readonly directory: string,
    private readonly limits: HistorySyncServerOptions['limits'],
    private readonly log: Logger,
  ) {
    mkdirSync(directory, { recursive: true, mode: DIRECTORY_MODE });
    // Archives kept by an earlier run count against the quota, and expire on their own schedule.
    for (const name of readdirSync(directory)) {
      if (!FILE_ID.test(name)) continue;
      const size = statSync(join(directory, name)).size;
      this.sizes.set(name, size);
      this.usedBytes += size;
    }
  }

  /** Whether the quota has room for this many bytes, once expired archives are gone. */
  async hasRoomFor(bytes: number): Promise<boolean> {
    if (this.usedBytes + bytes > this.limits.historyQuotaBytes) await this.removeExpired();
    return this.usedBytes + bytes <= this.limits.historyQuotaBytes;
  }

  /** Stores an archive and answers its id, or undefined when the quota has no room for it. */
  async store(archive: Buffer): Promise<string | undefined> {
    if (!(await this.hasRoomFor(archive.length))) return undefined;
    const id = randomUUID();
    // Counted before the write, so concurrent uploads cannot all pass the check.
    this.sizes.set(id, archive.length);
    this.usedBytes += archive.length;
    const path = join(this.directory, id);
    try {
      // Written under a temporary name first, so a reader never sees half an archive.
      await writeFile(`${path}.partial`, archive, { mode: FILE_MODE });
      await rename(`${path}.partial`, path);
    } catch (error) {
      this.forget(id);
      await rm(`${path}.partial`, { force: true });
      throw error;
    }
    return id;
  }

  async read(id: string): Promise<Buffer | undefined> {
    const path = join(this.directory, id);
    const info = await stat(path).catch(() => undefined);
    if (!info) return undefined;
    if (this.isExpired(info.mtimeMs)) {
      await this.remove(id);
      return undefined;
    }
    return readFile(path).catch(() => undefined);
  }

  async removeExpired(): Promise<void> {
    for (const id of [...this.sizes.keys()]) {
      const info = await stat(join(this.directory, id)).catch(() => undefined);
      if (info && this.isExpired(info.mtimeMs)) await this.remove(id);
    }
  }

  private isExpired(mtimeMs: number): boolean {
    return Date.now() - mtimeMs >= this.limits.historyExpiryMs;
  }

  private async remove(id: string): Promise<void> {
    await rm(join(this.directory, id), { force: true });
    this.forget(id);
    this.log.debug({ id }, 'history archive expired');
  }

  private forget(id: string): void {
    this.usedBytes -= this.sizes.get(id) ?? 0;
    this.sizes.delete(id);
  }
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
