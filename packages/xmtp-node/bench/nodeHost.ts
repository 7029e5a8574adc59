import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startXmtpNode } from '../src/index.ts';
import { withTimeout } from './async.ts';
import { type ChildRequest, type ChildResponse, type ChildStartConfig, type ProcessSample, sampleThisProcess } from './nodeProtocol.ts';

/** Where the node runs relative to the benchmark's clients. */
export type NodePlacement = 'child' | 'in-process';
/** The node's `database` option: a SQLite file (WAL, synchronous=FULL), ':memory:', or a Postgres database. */
export type DatabaseMode = 'file' | 'memory' | 'postgres';

export interface NodeTarget {
  placement: NodePlacement;
  database: DatabaseMode;
  /** The postgres:// URL when `database` is 'postgres'. */
  databaseUrl?: string;
}

const DATABASE_LABELS: Record<DatabaseMode, string> = { file: 'SQLite file', memory: ':memory:', postgres: 'Postgres' };

export const targetLabel = (target: NodeTarget): string => `${target.placement}, ${DATABASE_LABELS[target.database]}`;

/** Resource use of the process that hosts the node; in-process that process also runs every client. */
export type NodeSample = ProcessSample;

export interface BenchNode {
  target: NodeTarget;
  grpcUrl: string;
  sample(): Promise<NodeSample>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Child placement only: write a V8 CPU profile of the node process into this directory when it exits. */
  cpuProfileDirectory?: string;
}

export async function startBenchNode(target: NodeTarget, options: StartOptions = {}): Promise<BenchNode> {
  // A fresh directory per node, so no run reads another's data, removed when the node stops.
  const directory = target.database === 'file' ? mkdtempSync(join(tmpdir(), 'xmtp-node-bench-')) : undefined;
  const database = directory ? join(directory, 'node.db') : target.database === 'postgres' ? postgresUrlOf(target) : ':memory:';
  const removeDirectory = () => directory && rmSync(directory, { recursive: true, force: true });
  try {
    const node =
      target.placement === 'child'
        ? await startChildNode(target, { database, scratchDirectory: directory }, options.cpuProfileDirectory)
        : await startInProcessNode(target, database);
    return {
      ...node,
      stop: async () => {
        try {
          await node.stop();
        } finally {
          removeDirectory();
        }
      },
    };
  } catch (error) {
    removeDirectory();
    throw error;
  }
}

function postgresUrlOf(target: NodeTarget): string {
  if (!target.databaseUrl) throw new Error('a Postgres target needs its databaseUrl');
  return target.databaseUrl;
}

async function startInProcessNode(target: NodeTarget, database: string): Promise<BenchNode> {
  const node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null, database });
  return {
    target,
    grpcUrl: node.grpcUrl,
    sample: async () => sampleThisProcess(),
    stop: () => node.stop(),
  };
}

const CHILD_START_TIMEOUT_MS = 20_000;
const CHILD_REPLY_TIMEOUT_MS = 10_000;

async function startChildNode(target: NodeTarget, config: ChildStartConfig, cpuProfileDirectory: string | undefined): Promise<BenchNode> {
  const profiling = cpuProfileDirectory ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDirectory] : [];
  const child = fork(new URL('./nodeChild.ts', import.meta.url), [JSON.stringify(config)], {
    // Same Node and the same TypeScript loader as this process (npm scripts run Node 22 with tsx).
    execArgv: ['--disable-warning=ExperimentalWarning', '--import', 'tsx', ...profiling],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const ready = await withTimeout(
      nextMessage(child, (m): m is Extract<ChildResponse, { type: 'ready' }> => m.type === 'ready'),
      CHILD_START_TIMEOUT_MS,
      'starting the node child process',
    );
    let nextId = 0;
    return {
      target,
      grpcUrl: ready.grpcUrl,
      sample: async () => {
        const id = ++nextId;
        const answer = nextMessage(child, (m): m is Extract<ChildResponse, { type: 'sample' }> => m.type === 'sample' && m.id === id);
        send(child, { type: 'sample', id });
        const { type: _type, id: _id, ...sample } = await withTimeout(answer, CHILD_REPLY_TIMEOUT_MS, 'sampling the node child process');
        return sample;
      },
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        send(child, { type: 'stop' });
        try {
          await withTimeout(exited, CHILD_REPLY_TIMEOUT_MS, 'stopping the node child process');
        } catch {
          child.kill('SIGKILL');
          await exited;
        }
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

function send(child: ChildProcess, request: ChildRequest): void {
  child.send(request);
}

function nextMessage<T extends ChildResponse>(child: ChildProcess, matches: (message: ChildResponse) => message is T): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildResponse) => {
      if (!matches(message)) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(new Error(`the node child process exited (code ${code}, signal ${signal})`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
