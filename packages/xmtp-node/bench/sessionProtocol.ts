import type { NodeTarget } from './nodeHost.ts';
import type { BenchPlan } from './plan.ts';
import type { ComparisonRound } from './suites/comparison.ts';
import type { HeadlineResult } from './suites/headline.ts';
import type { ValidationResult } from './suites/validation.ts';

/** What run.ts asks a session process (session.ts) to measure. */
export interface SessionSpec {
  kind: 'headline' | 'comparison' | 'validation';
  target: NodeTarget;
  plan: BenchPlan;
  cpuProfileDirectory?: string;
}

export type SessionResult =
  | { kind: 'headline'; headline: HeadlineResult }
  | { kind: 'comparison'; round: ComparisonRound }
  | { kind: 'validation'; validation: ValidationResult }
  | { kind: 'failed'; message: string };
