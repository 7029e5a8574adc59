import { PostgresStore } from './postgres/postgresStore.ts';
import { SqliteStore } from './sqlite/sqliteStore.ts';
import type { NodeStore } from './types.ts';

/** A `postgres://` or `postgresql://` URL selects Postgres; anything else is a SQLite file or ':memory:'. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

export async function openStore(database: string): Promise<NodeStore> {
  return isPostgresUrl(database) ? PostgresStore.open({ url: database }) : new SqliteStore({ path: database });
}

/** The database as it may be logged: a Postgres URL loses its password. */
export function databaseForLogs(database: string): string {
  if (!isPostgresUrl(database)) return database;
  const url = new URL(database);
  if (url.password) url.password = '***';
  return url.toString();
}
