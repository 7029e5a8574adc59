import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqliteStore.ts';
import { scratchDirectory } from '../fixtures/clients.ts';
import { storeContract } from './storeContract.ts';

// A file, not ':memory:', so that a second store on it is a second process's view (or a restart).
storeContract('sqlite', async (t) => {
  const path = join(scratchDirectory(t), 'node.db');
  return async () => new SqliteStore({ path });
});
