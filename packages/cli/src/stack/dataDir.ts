import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, ExitCode } from '../errors.ts';

/** Everything the stack keeps in its data directory; `--fresh` removes these and nothing else. */
export const STACK_ENTRIES = [
  'stack.json',
  'stack.log',
  'demo.json',
  'deployment.json',
  'chain',
  'ipfs',
  'agent',
  'clients',
  'xmtp-node.db',
  'xmtp-node.db-wal',
  'xmtp-node.db-shm',
  'xmtp-node.db.history',
];

export const dataPaths = (dataDir: string) => ({
  stackFile: join(dataDir, 'stack.json'),
  log: join(dataDir, 'stack.log'),
  demo: join(dataDir, 'demo.json'),
  xmtpDatabase: join(dataDir, 'xmtp-node.db'),
  ipfs: join(dataDir, 'ipfs'),
  agent: join(dataDir, 'agent'),
  clients: join(dataDir, 'clients'),
});

/**
 * Wipes the stack's state. Only the entries the stack itself creates are removed, so a mistyped
 * `--data-dir` pointing at a folder of one's own loses nothing else.
 */
export async function wipeStackState(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const present = new Set(await readdir(dataDir));
  const foreign = [...present].filter((entry) => !STACK_ENTRIES.includes(entry) && !entry.endsWith('.tmp'));
  if (foreign.length > 0) {
    throw new CliError(`Not wiping ${dataDir}: it holds files the stack did not create.`, ExitCode.usage, {
      details: `Unexpected: ${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}. Point --data-dir at the stack's own directory.`,
    });
  }
  for (const entry of STACK_ENTRIES) await rm(join(dataDir, entry), { recursive: true, force: true });
}
