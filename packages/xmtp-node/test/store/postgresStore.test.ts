import { startPostgres } from '@ticketchat/test-support/postgres';
import { PostgresStore } from '../../src/store/postgres/postgresStore.ts';
import { storeContract } from './storeContract.ts';

// Each test gets its own database; every store opened on it is another replica.
storeContract('postgres', async (t) => {
  const postgres = await startPostgres();
  t.after(() => postgres.stop());
  return () => PostgresStore.open({ url: postgres.url });
});
