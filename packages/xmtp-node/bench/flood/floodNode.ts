import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import type { NodeLimits } from '../../src/limits/limits.ts';
import { withTimeout } from '../async.ts';
import type { FloodChildConfig, FloodChildMessage } from './floodChild.ts';

const REPLY_TIMEOUT_MS = 20_000;

/** A node in a child process, and its memory as Linux counts it. */
export interface FloodNode {
  grpcUrl: string;
  webUrl: string;
  /** Resident set size now, in bytes (VmRSS). */
  rssBytes(): number;
  /** The highest RSS since the last reset (VmHWM), in bytes. */
  peakRssBytes(): number;
  /** Starts a new peak from the current RSS. */
  resetPeak(): void;
  /** Collects garbage; answers what JavaScript still holds (V8 heap in use + external memory such as Buffers), in bytes. */
  collectGarbage(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * `mmapThresholdBytes` sets glibc's MALLOC_MMAP_THRESHOLD_ in the child: allocations above it get
 * pages of their own, returned to the system when freed instead of kept in the heap's free lists.
 */
export async function startFloodNode(limits: Partial<NodeLimits>, mmapThresholdBytes?: number): Promise<FloodNode> {
  const config: FloodChildConfig = { limits };
  const child = fork(new URL('./floodChild.ts', import.meta.url), [JSON.stringify(config)], {
    execArgv: ['--disable-warning=ExperimentalWarning', '--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: mmapThresholdBytes ? { ...process.env, MALLOC_MMAP_THRESHOLD_: String(mmapThresholdBytes) } : process.env,
  });
  try {
    const ready = await withTimeout(nextMessage(child, 'ready'), REPLY_TIMEOUT_MS, 'starting the flood node');
    const status = (field: 'VmRSS' | 'VmHWM') => {
      const line = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
      return Number(line?.[1] ?? Number.NaN) * 1024;
    };
    return {
      grpcUrl: ready.grpcUrl,
      webUrl: ready.webUrl,
      rssBytes: () => status('VmRSS'),
      peakRssBytes: () => status('VmHWM'),
      // Linux resets the high-water mark to the current RSS when "5" is written here (proc(5)).
      resetPeak: () => writeFileSync(`/proc/${child.pid}/clear_refs`, '5'),
      collectGarbage: async () => {
        const collected = nextMessage(child, 'collected');
        child.send({ type: 'gc' });
        const { memory } = await withTimeout(collected, REPLY_TIMEOUT_MS, 'collecting garbage in the flood node');
        return memory.heapUsed + memory.external;
      },
      stop: async () => {
        if (child.exitCode !== null) return;
        const exited = once(child, 'exit');
        child.disconnect();
        await withTimeout(exited, REPLY_TIMEOUT_MS, 'stopping the flood node').catch(() => child.kill('SIGKILL'));
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

function nextMessage<K extends FloodChildMessage['type']>(child: ChildProcess, type: K): Promise<Extract<FloodChildMessage, { type: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FloodChildMessage) => {
      if (message.type !== type) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(message as Extract<FloodChildMessage, { type: K }>);
    };
    const onExit = () => reject(new Error(`the flood node exited before sending ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
