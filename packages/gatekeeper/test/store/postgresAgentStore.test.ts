import { startPostgres } from '@ticketchat/test-support/postgres';
import { PostgresAgentStore } from '../../src/store/postgresAgentStore.ts';
import { agentStoreContract } from './storeContract.ts';

// Each test gets its own database; every store opened on it is another agent replica (or a restart).
agentStoreContract('postgres', async (t) => {
  const postgres = await startPostgres();
  t.after(() => postgres.stop());
  return () => PostgresAgentStore.open(postgres.url);
});
