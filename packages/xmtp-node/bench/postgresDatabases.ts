import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A Postgres cluster the benchmark may create databases in: its maintenance URL, as a superuser. */
export interface BenchPostgres {
  url: string;
  /** The settings that decide what a commit costs, as `name=value`. */
  durability: string;
  stop(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** What a commit costs on this cluster: durability settings, read once for the report. */
export function durabilityOf(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const names = ['fsync', 'synchronous_commit', 'full_page_writes', 'server_version'];
    const values = [];
    for (const name of names) values.push(`${name}=${(await client.query(`SHOW ${name}`)).rows[0][name]}`);
    return values.join(', ');
  });
}

/** A fresh, empty database for one session (so no session reads another's rows); returns its URL and how to drop it. */
export async function createBenchDatabase(maintenanceUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `xmtp_node_bench_${randomBytes(6).toString('hex')}`;
  await withClient(maintenanceUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // WITH (FORCE): a node killed by the session's timeout may still hold connections.
    drop: () => withClient(maintenanceUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
