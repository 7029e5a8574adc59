// Runs every package's tests (packages/*/test/**/*.test.ts, unit and browser ones included) in one
// node:test run, or the files and packages named on the command line: `npm test -- xmtp-node` or
// `npm test -- path/to/x.test.ts`. A package's own `test` script calls it with the package's name,
// so `npm test -w @ticketchat/chat` runs the same files as `npm test -- chat`.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// Paths are relative to the repository root, whichever package's folder npm started us in.
process.chdir(join(import.meta.dirname, '..'));

const CHROMIUM = '/usr/bin/chromium';
const filters = process.argv.slice(2);
const all = globSync('packages/*/test/**/*.test.ts').sort();
const files = filters.length === 0 ? all : all.filter((file) => filters.some((f) => file === f || file.startsWith(`packages/${f}/`)));
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}

// Browser tests drive Debian's Chromium; install it on a fresh Debian machine, as CI does.
if (files.some((file) => file.includes('/browser/')) && !existsSync(CHROMIUM)) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(`browser tests need Chromium at ${CHROMIUM}: run "sudo apt-get install -y chromium"`);
    process.exit(1);
  }
  console.log('installing Debian chromium for the browser tests');
  for (const args of [
    ['update', '-q'],
    ['install', '-y', '-q', 'chromium'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

// Tests that need Postgres share one private cluster for the run (each test takes a fresh database
// in it), started here by scripts/postgres/start.mjs, which installs Debian's postgresql on a bare
// machine run as root. Closing its stdin stops it, also if this process dies. A file that mentions
// Postgres counts as needing it; one missed here still works: @ticketchat/test-support/postgres
// then starts a cluster of its own for that file.
const env = { ...process.env };
let postgres;
if (files.some((file) => /postgres/i.test(readFileSync(file, 'utf8')))) {
  postgres = spawn(process.execPath, ['scripts/postgres/start.mjs'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = await Promise.race([once(createInterface({ input: postgres.stdout }), 'line'), once(postgres, 'exit').then(() => [])]);
  if (line === undefined) process.exit(1);
  env.TICKETCHAT_TEST_POSTGRES_URL = JSON.parse(line).url;
}

const result = spawnSync(
  process.execPath,
  [
    '--disable-warning=ExperimentalWarning',
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { stdio: 'inherit', env },
);
if (postgres) {
  const stopped = once(postgres, 'exit');
  postgres.stdin.end();
  await stopped;
}
process.exit(result.status ?? 1);
