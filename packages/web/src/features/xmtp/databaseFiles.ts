import { BaseError } from '@ticketchat/errors';

/**
 * Where @xmtp/browser-sdk's OPFS pool keeps its database files (sqlite-wasm's "sahpool" VFS, named
 * by libxmtp). An SDK detail: if it moves, the wait below finds nothing and returns at once.
 */
const POOL_PATH = ['.opfs-libxmtp-metadata', '.opaque'];
const POLL_MS = 100;

export class DatabaseBusyError extends BaseError {
  override name = 'DatabaseBusyError' as const;
  constructor() {
    super('Your chat database is still in use by a closing tab; reload this page to try again.');
  }
}

/**
 * Waits until no other worker holds the XMTP database files. A reloaded page starts before the old
 * page's SDK worker has let go of them, and the SDK, unable to open its database then, silently
 * starts an empty one: a new installation, registered with a fresh wallet signature. Each pool file
 * is probed with `createWritable()`, which the browser refuses while another context holds it; the
 * probe is aborted at once, so nothing is written.
 */
export async function waitForDatabaseFiles(timeoutMs = 10_000): Promise<void> {
  const pool = await openPool();
  if (!pool) return;
  const deadline = Date.now() + timeoutMs;
  while (!(await allFree(pool))) {
    if (Date.now() > deadline) throw new DatabaseBusyError();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function openPool(): Promise<FileSystemDirectoryHandle | undefined> {
  let directory = await navigator.storage.getDirectory();
  for (const name of POOL_PATH) {
    try {
      directory = await directory.getDirectoryHandle(name);
    } catch {
      return undefined; // no database yet in this browser profile
    }
  }
  return directory;
}

async function allFree(pool: FileSystemDirectoryHandle): Promise<boolean> {
  for await (const handle of pool.values()) {
    if (!(handle instanceof FileSystemFileHandle)) continue;
    try {
      const probe = await handle.createWritable({ keepExistingData: false });
      await probe.abort();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'NoModificationAllowedError') return false;
      throw error;
    }
  }
  return true;
}
