/**
 * One benchmark session in a process of its own, started by run.ts: it starts a node (in this
 * process or in a child of it), creates its clients, measures, and sends the figures back over IPC.
 * A fresh process per session matters: the SDK has no way to close a client, and the background
 * workers of earlier clients (retrying against a node already stopped) would otherwise share the
 * two cores with the next measurement.
 */
import { startBackendDeployment } from './backends.ts';
import { startBenchNode } from './nodeHost.ts';
import { progress } from './progress.ts';
import type { SessionResult, SessionSpec } from './sessionProtocol.ts';
import { runBackendRound } from './suites/backends.ts';
import { runComparisonRound } from './suites/comparison.ts';
import { runHeadline } from './suites/headline.ts';
import { runValidation } from './suites/validation.ts';

const spec = JSON.parse(process.argv[2] ?? '{}') as SessionSpec;

/** Starts what the spec names, measures it, and stops it whatever happened. */
async function measure(spec: SessionSpec): Promise<SessionResult> {
  if (spec.kind === 'backend') {
    const deployment = await startBackendDeployment(spec.backend, spec.databaseUrl);
    return stopAfter(deployment, async () => ({ kind: 'backend', round: await runBackendRound(deployment, spec.plan) }));
  }
  const node = await startBenchNode(spec.target, { cpuProfileDirectory: spec.cpuProfileDirectory });
  return stopAfter(node, async () => {
    if (spec.kind === 'headline') return { kind: 'headline', headline: await runHeadline(node, spec.plan) };
    if (spec.kind === 'comparison') return { kind: 'comparison', round: await runComparisonRound(node, spec.plan) };
    return { kind: 'validation', validation: await runValidation(node, spec.plan) };
  });
}

async function stopAfter(running: { stop(): Promise<void> }, work: () => Promise<SessionResult>): Promise<SessionResult> {
  try {
    return await work();
  } finally {
    await running.stop().catch((error: unknown) => progress(`stopping the node failed: ${String(error)}`));
  }
}

let result: SessionResult;
try {
  result = await measure(spec);
} catch (error) {
  result = { kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
// exit() rather than waiting for the event loop to drain: the SDK's clients keep it alive forever.
process.send?.(result, () => process.exit(result.kind === 'failed' ? 1 : 0));
