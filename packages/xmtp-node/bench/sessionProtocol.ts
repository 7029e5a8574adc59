import type { NodeTarget } from './nodeHost.ts';
import type { BenchPlan } from './plan.ts';
import type { ComparisonRound } from './suites/comparison.ts';
import type { HeadlineResult } from './suites/headline.ts';

/** What run.ts asks a session process (session.ts) to measure. */
export interface SessionSpec {
  kind: 'headline' | 'comparison';
  target: NodeTarget;
  plan: BenchPlan;
  cpuProfileDirectory?: string;
}

export type SessionResult =
  { kind: 'headline'; headline: HeadlineResult } | { kind: 'comparison'; round: ComparisonRound } | { kind: 'failed'; message: string };
