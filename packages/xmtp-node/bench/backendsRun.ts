import { loadavg } from 'node:os';
import { startPostgresCluster } from '@ticketchat/test-support/postgres';
import { type Backend, BACKEND_LABELS } from './backends.ts';
import type { BenchPlan } from './plan.ts';
import { createBenchDatabase, durabilityOf } from './postgresDatabases.ts';
import { progress } from './progress.ts';
import { runSession } from './sessions.ts';
import { mediansAgainstFirst } from './stats.ts';
import { BACKEND_FIGURES, type BackendFigure, type BackendRound } from './suites/backends.ts';

export interface BackendsSummary {
  rounds: number;
  /** First one is the baseline of the ratios. */
  backends: Backend[];
  medians: Record<BackendFigure, number>[];
  ratios: Record<BackendFigure, number>[];
  /** Where Postgres came from and what a commit costs on it; undefined when no Postgres backend ran. */
  postgres: { source: string; durability: string } | undefined;
  /** 1-minute load averages: before the first round, at the end of each round (per backend, in run order), after the last. */
  loadAverage: { before: number; rounds: { backend: Backend; value: number }[]; after: number };
  missedDeliveries: number;
  failedSenders: number;
  failures: string[];
}

export interface BackendsOptions {
  backends: Backend[];
  plan: BenchPlan;
  /** A maintenance URL (a role that may CREATE DATABASE); without one a private cluster is started. */
  postgresUrl: string | undefined;
  remainingMs: () => number;
}

/**
 * `--backends`: the same workload on each storage backend, in a fresh session (and, on Postgres, a
 * fresh database) per round; rounds rotate the order so no backend always runs first or last.
 */
export async function compareBackends({ backends, plan, postgresUrl, remainingMs }: BackendsOptions): Promise<BackendsSummary> {
  const needsPostgres = backends.some((backend) => backend !== 'sqlite');
  let cluster: { url: string; stop(): Promise<void> } | undefined;
  if (needsPostgres && !postgresUrl) {
    progress('starting a private Postgres cluster (scripts/postgres/start.mjs --durable)');
    cluster = await startPostgresCluster({ durable: true });
  }
  const maintenanceUrl = postgresUrl ?? cluster?.url;
  try {
    const postgres = maintenanceUrl
      ? {
          source: cluster ? 'a private cluster, scripts/postgres/start.mjs --durable' : 'the cluster of --postgres-url',
          durability: await durabilityOf(maintenanceUrl),
        }
      : undefined;
    const rounds: BackendRound[][] = backends.map(() => []);
    const failures: string[] = [];
    const loadAverage = { before: loadavg()[0]!, rounds: [] as { backend: Backend; value: number }[], after: 0 };
    for (let round = 0; round < plan.comparison.rounds; round++) {
      for (let step = 0; step < backends.length; step++) {
        const index = (step + round) % backends.length;
        const backend = backends[index]!;
        progress(`backends round ${round + 1}/${plan.comparison.rounds}: ${BACKEND_LABELS[backend]}`);
        const database = backend === 'sqlite' ? undefined : await createBenchDatabase(maintenanceUrl!);
        try {
          const result = await runSession({ kind: 'backend', backend, databaseUrl: database?.url, plan }, remainingMs());
          if (result.kind === 'backend') {
            rounds[index]!.push(result.round);
            loadAverage.rounds.push({ backend, value: result.round.loadAverage });
          } else
            failures.push(
              `${BACKEND_LABELS[backend]}, round ${round + 1}: ${result.kind === 'failed' ? result.message : 'unexpected result'}`,
            );
        } finally {
          await database?.drop();
        }
      }
    }
    loadAverage.after = loadavg()[0]!;
    const { medians, ratios } = mediansAgainstFirst(
      rounds.map((perRound) => perRound.map((r) => r.figures)),
      Object.keys(BACKEND_FIGURES) as BackendFigure[],
    );
    const all = rounds.flat();
    return {
      rounds: plan.comparison.rounds,
      backends,
      medians,
      ratios,
      postgres,
      loadAverage,
      missedDeliveries: all.reduce((sum, r) => sum + r.missedDeliveries, 0),
      failedSenders: all.reduce((sum, r) => sum + r.failedSenders, 0),
      failures,
    };
  } finally {
    await cluster?.stop();
  }
}
