import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAgentStore } from '../../src/store/sqliteAgentStore.ts';
import { agentStoreContract } from './storeContract.ts';

// A file, not ':memory:', so that a second store on it is a restart's view.
agentStoreContract('sqlite', async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'gatekeeper-store-'));
  t.after(() => rm(directory, { recursive: true, force: true }));
  return async () => new SqliteAgentStore(join(directory, 'gatekeeper.db'));
});
