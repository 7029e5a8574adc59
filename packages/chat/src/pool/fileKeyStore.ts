import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sentenceOf } from '@ticketchat/errors';
import { KeyStoreError } from '../errors.ts';
import type { KeyStore } from './keyStore.ts';

const KEY_BYTES = 32;

/** Keys as hex files next to the databases, readable by the owner only. */
export class FileKeyStore implements KeyStore {
  async getOrCreate(path: string): Promise<Uint8Array> {
    try {
      return await getOrCreateKey(path);
    } catch (cause) {
      if (cause instanceof KeyStoreError) throw cause;
      throw new KeyStoreError(`Cannot read or create the database key at ${path}: ${sentenceOf(cause)}`, { cause });
    }
  }
}

async function getOrCreateKey(path: string): Promise<Uint8Array> {
  const existing = await readKey(path);
  if (existing) return existing;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails if another process created it first; then its key is the one to use.
    await writeFile(path, Buffer.from(randomBytes(KEY_BYTES)).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const created = await readKey(path);
  if (!created) throw new KeyStoreError(`The database key at ${path} vanished right after it was written.`);
  return created;
}

async function readKey(path: string): Promise<Uint8Array | undefined> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!/^[0-9a-f]{64}$/.test(text)) throw new KeyStoreError(`The database key at ${path} is not ${KEY_BYTES} bytes of hex.`);
  return Buffer.from(text, 'hex');
}
