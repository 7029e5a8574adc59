/**
 * One benchmark session in a process of its own, started by run.ts: it starts a node (in this
 * process or in a child of it), creates its clients, measures, and sends the figures back over IPC.
 * A fresh process per session matters: the SDK has no way to close a client, and the background
 * workers of earlier clients (retrying against a node already stopped) would otherwise share the
 * two cores with the next measurement.
 */
import { startBenchNode } from './nodeHost.ts';
import { progress } from './progress.ts';
import type { SessionResult, SessionSpec } from './sessionProtocol.ts';
import { runComparisonRound } from './suites/comparison.ts';
import { runHeadline } from './suites/headline.ts';
import { runValidation } from './suites/validation.ts';

const spec = JSON.parse(process.argv[2] ?? '{}') as SessionSpec;
const node = await startBenchNode(spec.target, { cpuProfileDirectory: spec.cpuProfileDirectory });
let result: SessionResult;
try {
  if (spec.kind === 'headline') result = { kind: 'headline', headline: await runHeadline(node, spec.plan) };
  else if (spec.kind === 'comparison') result = { kind: 'comparison', round: await runComparisonRound(node, spec.plan) };
  else result = { kind: 'validation', validation: await runValidation(node, spec.plan) };
} catch (error) {
  result = { kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
} finally {
  await node.stop().catch((error: unknown) => progress(`stopping the node failed: ${String(error)}`));
}
// exit() rather than waiting for the event loop to drain: the SDK's clients keep it alive forever.
process.send?.(result, () => process.exit(result.kind === 'failed' ? 1 : 0));
