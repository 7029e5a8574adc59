import { type BenchNode, type NodeSample, type NodeTarget, startBenchNode } from './nodeHost.ts';

/** The storage backends `--backends` compares, each with its node(s) in child processes. */
export const BACKENDS = ['sqlite', 'postgres', 'postgres-2'] as const;
export type Backend = (typeof BACKENDS)[number];

export const BACKEND_LABELS: Record<Backend, string> = {
  sqlite: 'SQLite file',
  postgres: 'Postgres, 1 replica',
  'postgres-2': 'Postgres, 2 replicas',
};

/** The node(s) of one backend: senders connect to `writer`, streams are held on `reader`. */
export interface BackendDeployment {
  backend: Backend;
  writer: BenchNode;
  /** Replica B with two replicas, so a message crosses replicas on its way to a stream; else the writer. */
  reader: BenchNode;
  /** Every node process as one (for CPU and RSS windows): the writer's URL, the replicas' counters summed. */
  nodes: BenchNode;
  stop(): Promise<void>;
}

/** Starts a backend's node(s); a Postgres backend needs a database of its own (`databaseUrl`). */
export async function startBackendDeployment(backend: Backend, databaseUrl: string | undefined): Promise<BackendDeployment> {
  if (backend === 'sqlite') return single(backend, await startBenchNode({ placement: 'child', database: 'file' }));
  if (!databaseUrl) throw new Error(`the ${backend} backend needs a Postgres database URL`);
  const target: NodeTarget = { placement: 'child', database: 'postgres', databaseUrl };
  const writer = await startBenchNode(target);
  if (backend === 'postgres') return single(backend, writer);
  let reader: BenchNode;
  try {
    reader = await startBenchNode(target);
  } catch (error) {
    await writer.stop();
    throw error;
  }
  const stop = async () => {
    await Promise.all([writer.stop(), reader.stop()]);
  };
  const nodes: BenchNode = {
    target,
    grpcUrl: writer.grpcUrl,
    sample: async () => sumSamples(await Promise.all([writer.sample(), reader.sample()])),
    stop,
  };
  return { backend, writer, reader, nodes, stop };
}

function single(backend: Backend, node: BenchNode): BackendDeployment {
  return { backend, writer: node, reader: node, nodes: node, stop: () => node.stop() };
}

function sumSamples(samples: NodeSample[]): NodeSample {
  const sum = (field: keyof NodeSample) => samples.reduce((total, sample) => total + sample[field], 0);
  return {
    rssBytes: sum('rssBytes'),
    heapUsedBytes: sum('heapUsedBytes'),
    cpuMicros: sum('cpuMicros'),
    eventLoopActiveMs: sum('eventLoopActiveMs'),
    eventLoopIdleMs: sum('eventLoopIdleMs'),
  };
}

/** Parses `sqlite,postgres,postgres-2` (any order, no repeats). */
export function parseBackends(list: string): Backend[] {
  const names = list.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(BACKENDS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) throw new Error(`unknown backend ${unknown.join(', ')}: expected ${BACKENDS.join(', ')}`);
  if (new Set(names).size !== names.length) throw new Error('a backend is named twice');
  return names as Backend[];
}
