// Starts a private, throwaway Postgres cluster for tests and CI, and prints its URL as one JSON line
// on stdout: {"url":"postgres://postgres@127.0.0.1:PORT/postgres"}. On a bare Debian machine run as
// root it first installs Debian's `postgresql` package. The cluster runs as a non-root user (Postgres
// refuses root), lives in a fresh temp folder, listens only on 127.0.0.1 on a port chosen now, and
// trusts loopback connections (nothing else can reach it). It stops, and its folder is removed, when
// this process gets SIGINT/SIGTERM or its stdin closes, so a parent that dies never leaves one behind.
//
//   node scripts/postgres/start.mjs            # prints the URL, keeps running until Ctrl-C
//   node scripts/postgres/start.mjs --durable  # fsync and synchronous commit on, as in production (benchmarks)
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLUSTER_USER = 'ticketchat-pg';
const durable = process.argv.includes('--durable');
/** Tests trade durability for speed; a benchmark comparing backends keeps Postgres's defaults. */
const SPEED_OVER_DURABILITY = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
const isRoot = process.getuid?.() === 0;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error}`);
  return result.stdout;
}

/** The newest installed server's bin folder, installing Debian's package when allowed. */
function postgresBin() {
  const find = () => {
    const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)) : [];
    const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
    return newest && existsSync(`/usr/lib/postgresql/${newest}/bin/postgres`) ? `/usr/lib/postgresql/${newest}/bin` : undefined;
  };
  const found = find();
  if (found) return found;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error('Postgres is not installed: run "sudo apt-get install -y postgresql" (Debian), then retry');
  }
  process.stderr.write('installing Debian postgresql for the tests\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', 'postgresql'], { env });
  const installed = find();
  if (!installed) throw new Error('apt-get installed postgresql but no server binary was found under /usr/lib/postgresql');
  return installed;
}

/** When we are root, the user the cluster runs as (created on first use): Postgres refuses root. */
function clusterOwner() {
  if (!isRoot) return undefined;
  if (spawnSync('id', ['-u', CLUSTER_USER]).status !== 0) {
    run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', CLUSTER_USER]);
  }
  return { uid: Number(run('id', ['-u', CLUSTER_USER])), gid: Number(run('id', ['-g', CLUSTER_USER])) };
}

/** A port free right now; Postgres binding it a moment later can still race, so we retry. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(bin, port, postmaster) {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (postmaster.exitCode !== null) return false;
    if (spawnSync(join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]).status === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function main() {
  const bin = postgresBin();
  const owner = clusterOwner();
  const folder = mkdtempSync(join(tmpdir(), 'ticketchat-postgres-'));
  const data = join(folder, 'data');
  if (owner) chownSync(folder, owner.uid, owner.gid);
  let postmaster;
  const stop = () => {
    // SIGQUIT: immediate shutdown; the cluster is thrown away, so there is nothing to flush.
    if (postmaster && postmaster.exitCode === null) postmaster.kill('SIGQUIT');
    rmSync(folder, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  try {
    run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], owner ?? {});
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      // The socket folder is private; unless --durable, durability is traded for speed.
      postmaster = spawn(
        join(bin, 'postgres'),
        [
          '-D',
          data,
          '-k',
          folder,
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          ...(durable ? [] : SPEED_OVER_DURABILITY),
          '-c',
          'max_connections=300',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'], ...owner },
      );
      let log = '';
      postmaster.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
      if (await waitUntilReady(bin, port, postmaster)) {
        postmaster.on('exit', (code) => {
          process.stderr.write(`postgres exited (${code}): ${log}\n`);
          rmSync(folder, { recursive: true, force: true });
          process.exit(1);
        });
        process.stdout.write(`${JSON.stringify({ url: `postgres://postgres@127.0.0.1:${port}/postgres` })}\n`);
        return;
      }
      postmaster.kill('SIGQUIT');
      if (attempt === 3) throw new Error(`postgres did not start: ${log}`);
    }
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
}

await main();
