import type { Backend } from './backends.ts';
import type { NodeTarget } from './nodeHost.ts';
import type { BenchPlan } from './plan.ts';
import type { BackendRound } from './suites/backends.ts';
import type { ComparisonRound } from './suites/comparison.ts';
import type { HeadlineResult } from './suites/headline.ts';
import type { ValidationResult } from './suites/validation.ts';

/** What run.ts asks a session process (session.ts) to measure. */
export type SessionSpec =
  | {
      kind: 'headline' | 'comparison' | 'validation';
      target: NodeTarget;
      plan: BenchPlan;
      cpuProfileDirectory?: string;
    }
  | {
      /** One round of `--backends`: a storage backend's node(s), in a database of their own when on Postgres. */
      kind: 'backend';
      backend: Backend;
      databaseUrl?: string;
      plan: BenchPlan;
    };

export type SessionResult =
  | { kind: 'headline'; headline: HeadlineResult }
  | { kind: 'comparison'; round: ComparisonRound }
  | { kind: 'validation'; validation: ValidationResult }
  | { kind: 'backend'; round: BackendRound }
  | { kind: 'failed'; message: string };
