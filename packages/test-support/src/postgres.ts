import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The shared cluster's URL; scripts/test.mjs sets it when it started one for the whole run. */
export const POSTGRES_URL_VARIABLE = 'TICKETCHAT_TEST_POSTGRES_URL';

const START_SCRIPT = join(import.meta.dirname, '..', '..', '..', 'scripts', 'postgres', 'start.mjs');

export interface TestPostgres {
  /** A fresh, empty database of its own. */
  url: string;
  /** Drops the database. */
  stop(): Promise<void>;
}

export interface PostgresCluster {
  /** The cluster's maintenance database `postgres`, as superuser. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a private cluster with scripts/postgres/start.mjs (installing Debian's postgresql first
 * on a bare machine run as root). The script stops the cluster when its stdin closes, so a test
 * process that dies leaves nothing running. `durable` keeps fsync and synchronous commit on (for
 * benchmarks); tests leave them off.
 */
export async function startPostgresCluster({ durable = false }: { durable?: boolean } = {}): Promise<PostgresCluster> {
  const { url, child } = await spawnCluster(durable ? ['--durable'] : []);
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
  };
}

async function spawnCluster(args: string[] = []) {
  const child = spawn(process.execPath, [START_SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => [undefined])])) as [string | undefined];
  if (first === undefined) throw new Error('scripts/postgres/start.mjs exited without starting Postgres (its error is above)');
  lines.close();
  return { url: (JSON.parse(first) as { url: string }).url, child };
}

/**
 * A fresh database for one test, in the run's shared cluster when scripts/test.mjs started one, else
 * in a cluster this process starts on first use and keeps until it exits. Databases keep tests from
 * seeing each other's rows.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const maintenanceUrl = process.env[POSTGRES_URL_VARIABLE] ?? (await (ownCluster ??= startClusterForThisProcess()));
  const name = `test_${randomBytes(6).toString('hex')}`;
  psql(maintenanceUrl, `CREATE DATABASE ${name}`);
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // WITH (FORCE) ends connections a failed test left open.
    stop: async () => psql(maintenanceUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

let ownCluster: Promise<string> | undefined;

/** Unreferenced, so it never keeps the process alive; the process exiting closes its stdin, which stops it. */
async function startClusterForThisProcess(): Promise<string> {
  const { url, child } = await spawnCluster();
  child.unref();
  // Pipes to a child are sockets; unreferenced, they let the process exit too.
  for (const stream of [child.stdin, child.stdout]) (stream as Socket).unref();
  return url;
}

function psql(url: string, command: string): void {
  const result = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', command], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql ${command} failed: ${result.stderr || result.error}`);
}
