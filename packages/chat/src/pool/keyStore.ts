/**
 * Keeps each local database's encryption key, so a restart reopens the same database (and so the
 * same XMTP installation) instead of registering a new one. `FileKeyStore` (node) and
 * `IndexedDbKeyStore` (browser) implement it.
 */
export interface KeyStore {
  /** The key stored under `name`, created (32 random bytes) the first time. */
  getOrCreate(name: string): Promise<Uint8Array>;
}
