import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Address } from 'viem';

/**
 * What a running `ticketchat dev` tells the other commands (and the web app): where everything
 * listens and what was deployed. Written once the stack is ready, removed when it stops.
 */
export interface StackFile {
  version: 1;
  /** The stack's process, to tell a running stack from a file a crash left behind. */
  pid: number;
  dataDir: string;
  chain: { rpcUrl: string; wsUrl: string; chainId: number; registry: Address; kiosk: Address; deployedAtBlock: string };
  xmtp: { env: 'local'; apiUrl: string; webUrl: string; historySyncUrl: string | null };
  ipfs: { gatewayUrl: string };
  /** Null when the membership agent is not running. */
  agent: { url: string; inboxId: string; address: Address } | null;
  /** The web app; null with --no-web. */
  web: { url: string } | null;
}

export async function writeStackFile(path: string, stack: StackFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Written aside and renamed, so a reader never sees half a file.
  await writeFile(`${path}.tmp`, `${JSON.stringify(stack, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

export async function removeStackFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

export type StackFileState = { state: 'running'; stack: StackFile } | { state: 'missing' } | { state: 'stale'; stack: StackFile };

/** Reads the stack file; one whose process is gone is `stale` (the stack crashed or was killed). */
export async function readStackFile(path: string): Promise<StackFileState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  const stack = JSON.parse(text) as StackFile;
  return isAlive(stack.pid) ? { state: 'running', stack } : { state: 'stale', stack };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
