/**
 * The node's benchmark: `npm run bench -w @ticketchat/xmtp-node [-- --quick] [-- --json]`, or
 * `-- --backends sqlite,postgres,postgres-2` for the storage backends side by side.
 * Prints a table of measured figures (stdout) and progress (stderr); asserts nothing.
 * See BENCHMARKS.md for what each figure means and how it is measured.
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type Backend, parseBackends } from './backends.ts';
import { renderBackendsReport } from './backendsReport.ts';
import { compareBackends } from './backendsRun.ts';
import { describeMachine } from './machine.ts';
import type { DatabaseMode, NodePlacement, NodeTarget } from './nodeHost.ts';
import { targetLabel } from './nodeHost.ts';
import { FULL_PLAN, QUICK_PLAN, type BenchPlan } from './plan.ts';
import { elapsedSeconds, progress } from './progress.ts';
import { type BenchReport, type ComparisonSummary, renderReport } from './report.ts';
import type { SessionSpec } from './sessionProtocol.ts';
import { runSession } from './sessions.ts';
import { mediansAgainstFirst } from './stats.ts';
import { COMPARED_FIGURES, type ComparedFigure, type ComparisonRound } from './suites/comparison.ts';
import type { HeadlineResult } from './suites/headline.ts';
import type { ValidationResult } from './suites/validation.ts';

interface CliOptions {
  quick: boolean;
  /** true: JSON to stdout instead of the table; a path: JSON to that file, table to stdout. */
  json: boolean | string;
  placement: NodePlacement;
  database: DatabaseMode;
  headline: boolean;
  compare: boolean;
  validation: boolean;
  rounds?: number;
  profileNode?: string;
  backends?: Backend[];
  postgresUrl?: string;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

const command = new Command('bench')
  .description('Benchmark the XMTP node with real @xmtp/node-sdk clients on loopback')
  .option('--quick', 'smaller counts: about 35 s instead of 3 min', false)
  .option('--json [file]', 'machine-readable results: on stdout instead of the table, or into <file> with the table still printed', false)
  .addOption(new Option('--placement <where>', 'where the headline node runs').choices(['child', 'in-process']).default('child'))
  .addOption(new Option('--database <mode>', "headline node's database").choices(['file', 'memory']).default('file'))
  .option('--no-headline', 'skip the headline figures')
  .option('--no-compare', 'skip the side-by-side comparison of node configurations')
  .option('--no-validation', 'skip the cost of validation (validated vs. not, per RPC)')
  .option('--rounds <n>', 'comparison rounds (default: 3, or 1 with --quick)', positiveInteger)
  .option('--profile-node <directory>', "write a V8 CPU profile of the headline node's child process into <directory>")
  .option(
    '--backends <list>',
    'instead of the suites above: compare storage backends side by side (sqlite, postgres, postgres-2; the first is the baseline)',
    (list: string) => {
      try {
        return parseBackends(list);
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
    },
  )
  .option(
    '--postgres-url <url>',
    'for --backends: a Postgres maintenance URL whose role may create databases (default: a private cluster)',
  );

const options = command.parse(process.argv).opts<CliOptions>();
const basePlan = options.quick ? QUICK_PLAN : FULL_PLAN;
const plan: BenchPlan = { ...basePlan, comparison: { ...basePlan.comparison, rounds: options.rounds ?? basePlan.comparison.rounds } };
const headlineTarget: NodeTarget = { placement: options.placement, database: options.database };
const deadline = performance.now() + plan.watchdogSeconds * 1000;
const remainingMs = () => Math.max(0, deadline - performance.now());

/** Writes the report: JSON to stdout, or to a file with the table on stdout, or the table alone. */
function emit(report: object, table: () => string): void {
  // NaN marks a figure that does not apply (RSS of an in-process node); JSON has no NaN, so null.
  const json = `${JSON.stringify(report, (_, value: unknown) => (Number.isNaN(value) ? null : value), 2)}\n`;
  if (typeof options.json === 'string') writeFileSync(options.json, json);
  process.stdout.write(options.json === true ? json : `${table()}\n`);
}

if (options.backends) {
  const backends = await compareBackends({ backends: options.backends, plan, postgresUrl: options.postgresUrl, remainingMs });
  const report = { plan: plan.name, seconds: elapsedSeconds(), machine: describeMachine(), backends };
  emit(report, () => renderBackendsReport(report));
  process.exitCode = backends.failures.length > 0 ? 1 : 0;
  // The suites below are the other mode; leave once stdout has taken the report.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit();
}

let headline: HeadlineResult | undefined;
let headlineFailure: string | undefined;
if (options.headline) {
  progress(`headline: ${plan.name} plan, node ${targetLabel(headlineTarget)}`);
  const spec: SessionSpec = { kind: 'headline', target: headlineTarget, plan, cpuProfileDirectory: options.profileNode };
  const result = await runSession(spec, remainingMs());
  if (result.kind === 'headline') headline = result.headline;
  else headlineFailure = result.kind === 'failed' ? result.message : 'unexpected result';
  if (headlineFailure) progress(`headline failed: ${headlineFailure}`);
}

const comparison = options.compare ? await compareTargets() : undefined;

let validation: ValidationResult | undefined;
let validationFailure: string | undefined;
if (options.validation) {
  progress('validation: the cost of validating each request, validated vs. not');
  // In-process: the suite calls the node's handlers itself; the node only serves the real clients.
  const spec: SessionSpec = { kind: 'validation', target: { placement: 'in-process', database: 'memory' }, plan };
  const result = await runSession(spec, remainingMs());
  if (result.kind === 'validation') validation = result.validation;
  else validationFailure = result.kind === 'failed' ? result.message : 'unexpected result';
  if (validationFailure) progress(`validation failed: ${validationFailure}`);
}

const report: BenchReport = {
  plan: plan.name,
  seconds: elapsedSeconds(),
  machine: describeMachine(),
  headlineTarget,
  headline,
  headlineFailure,
  comparison,
  validation,
  validationFailure,
};
emit(report, () => renderReport(report));
process.exitCode = headlineFailure || validationFailure || comparison?.failures.length ? 1 : 0;

/**
 * Every node configuration runs the same small workload; each round rotates the order, so a
 * configuration is not always the first (or last) to run, and reports the median over rounds.
 */
async function compareTargets(): Promise<ComparisonSummary> {
  const others: NodeTarget[] = (['child', 'in-process'] as const)
    .flatMap((placement) => (['file', 'memory'] as const).map((database) => ({ placement, database })))
    .filter((target) => target.placement !== headlineTarget.placement || target.database !== headlineTarget.database);
  const targets = [headlineTarget, ...others];
  const rounds: ComparisonRound[][] = targets.map(() => []);
  const failures: string[] = [];
  for (let round = 0; round < plan.comparison.rounds; round++) {
    for (let step = 0; step < targets.length; step++) {
      const index = (step + round) % targets.length;
      const target = targets[index]!;
      progress(`comparison round ${round + 1}/${plan.comparison.rounds}: node ${targetLabel(target)}`);
      const result = await runSession({ kind: 'comparison', target, plan }, remainingMs());
      if (result.kind === 'comparison') rounds[index]!.push(result.round);
      else failures.push(`${targetLabel(target)}, round ${round + 1}: ${result.kind === 'failed' ? result.message : 'unexpected result'}`);
    }
  }
  const figures = Object.keys(COMPARED_FIGURES) as ComparedFigure[];
  const { medians, ratios } = mediansAgainstFirst(
    rounds.map((perRound) => perRound.map((r) => r.figures)),
    figures,
  );
  const maxOtherProcessesCpuPercent = Math.max(0, ...rounds.flat().map((r) => r.maxOtherProcessesCpuPercent));
  return { rounds: plan.comparison.rounds, targets, medians, ratios, maxOtherProcessesCpuPercent, failures };
}
