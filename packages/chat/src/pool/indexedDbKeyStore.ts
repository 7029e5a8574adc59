import { sentenceOf } from '@ticketchat/errors';
import { KeyStoreError } from '../errors.ts';
import type { KeyStore } from './keyStore.ts';

const KEY_BYTES = 32;
const STORE = 'keys';

/**
 * Database keys in IndexedDB, in the page's origin, next to the OPFS databases they belong to.
 * IndexedDB rather than localStorage: it stores the bytes as they are; it is reachable from
 * workers; readwrite transactions on one store never overlap, even across tabs, so "read, else
 * add" is atomic and two tabs opening the same wallet at once agree on one key (localStorage has no
 * such guarantee); and it is cleared together with OPFS when the site's data is cleared, so a key
 * is never lost while its database stays.
 *
 * Like anything in an origin's storage, the keys are readable by any script the origin runs.
 */
export class IndexedDbKeyStore implements KeyStore {
  constructor(private readonly databaseName = 'ticketchat-keys') {}

  async getOrCreate(name: string): Promise<Uint8Array> {
    try {
      return await this.readOrCreate(name);
    } catch (cause) {
      if (cause instanceof KeyStoreError) throw cause;
      throw new KeyStoreError(`Cannot read or create the database key "${name}" in IndexedDB: ${sentenceOf(cause)}`, { cause });
    }
  }

  private async readOrCreate(name: string): Promise<Uint8Array> {
    const database = await this.open();
    try {
      const transaction = database.transaction(STORE, 'readwrite');
      const store = transaction.objectStore(STORE);
      const existing: unknown = await settled(store.get(name));
      let key: Uint8Array;
      if (existing === undefined) {
        key = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
        store.add(key, name);
      } else {
        if (!(existing instanceof Uint8Array) || existing.length !== KEY_BYTES) {
          throw new KeyStoreError(`The database key "${name}" in IndexedDB is not ${KEY_BYTES} bytes.`);
        }
        key = existing;
      }
      await committed(transaction);
      return key;
    } finally {
      database.close();
    }
  }

  private open(): Promise<IDBDatabase> {
    const request = indexedDB.open(this.databaseName, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    return settled(request);
  }
}

function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new KeyStoreError('An IndexedDB request failed.'));
  });
}

function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new KeyStoreError('An IndexedDB transaction failed.'));
    transaction.onabort = () => reject(transaction.error ?? new KeyStoreError('An IndexedDB transaction was aborted.'));
  });
}
