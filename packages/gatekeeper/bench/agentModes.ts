/*
 * Join latency per way of running the agent, side by side in one run: `sqlite` (one agent, its
 * own file, the default), `postgres-1` (one agent on Postgres) and `postgres-2` (two agents on one
 * Postgres sharing the work: two events, one held by each, purchases alternating between them, so
 * half the purchases are recorded by the agent following the chain and handed to the other by
 * NOTIFY). All agents run in this process, as in the other figures. Each mode has a fresh event,
 * fresh buyers and, on Postgres, a fresh database (in --postgres-url's cluster, or in a private
 * durable one started with scripts/postgres/start.mjs --durable).
 */
import type { Gatekeeper } from '../src/index.ts';
import { POSTGRES_URL_VARIABLE, startPostgres, startPostgresCluster, type TestPostgres } from '@ticketchat/test-support/postgres';
import { agentConfig, mintEvent, newWallet, startAgent, waitManaged, xmtpOf, type TestStack } from '../test/fixtures/agentStack.ts';
import { sendMined, welcomeOf } from './clientSide.ts';
import { percentile } from './percentile.ts';

export type AgentMode = 'sqlite' | 'postgres-1' | 'postgres-2';
const MODES: readonly AgentMode[] = ['sqlite', 'postgres-1', 'postgres-2'];

export interface AgentModeResult {
  mode: AgentMode;
  runs: number;
  joinMs: { p50: number; p99: number; mean: number };
  /** postgres-2: purchases of the event held by the agent following the chain, and of the other's (woken by NOTIFY). */
  byHolder?: { follower: { p50: number; p99: number }; notified: { p50: number; p99: number } };
}

export function parseAgentModes(value: string): AgentMode[] {
  const modes = value.split(',').filter(Boolean);
  const unknown = modes.filter((mode) => !MODES.includes(mode as AgentMode));
  if (unknown.length > 0) throw new Error(`--agents takes ${MODES.join(', ')}; got ${unknown.join(', ')}`);
  return modes as AgentMode[];
}

export async function measureAgentModes(
  stack: TestStack,
  options: { modes: AgentMode[]; runs: number; progress: (line: string) => void },
): Promise<AgentModeResult[]> {
  const results: AgentModeResult[] = [];
  // Without --postgres-url, a private cluster with fsync and synchronous commit on, as in production.
  const cluster =
    options.modes.some((mode) => mode !== 'sqlite') && !process.env[POSTGRES_URL_VARIABLE]
      ? await startPostgresCluster({ durable: true })
      : undefined;
  if (cluster) process.env[POSTGRES_URL_VARIABLE] = cluster.url;
  try {
    for (const mode of options.modes) results.push(await measureMode(stack, mode, options));
  } finally {
    await cluster?.stop();
  }
  return results;
}

async function measureMode(
  stack: TestStack,
  mode: AgentMode,
  options: { runs: number; progress: (line: string) => void },
): Promise<AgentModeResult> {
  const postgres: TestPostgres | undefined = mode === 'sqlite' ? undefined : await startPostgres();
  const count = mode === 'postgres-2' ? 2 : 1;
  const agents: Gatekeeper[] = [];
  try {
    // From the current block: earlier modes' events are not this mode's to share.
    const fromBlock = await stack.chainClients(0).publicClient.getBlockNumber({ cacheTime: 0 });
    const chain = { ...agentConfig(stack).chain, fromBlock };
    for (let index = 0; index < count; index++) {
      agents.push(await startAgent(stack, { name: `${mode}-${index}`, chain, ...(postgres ? { database: postgres.url } : {}) }));
    }
    const events = [];
    for (let index = 0; index < count; index++) events.push(await mintEvent(stack, agents, `${mode} ${index}`));
    for (const event of events) await waitManaged(agents[0]!, event.eventId);
    if (postgres) await waitShared(agents, events.length);
    const follower = agents.length > 1 ? await Promise.all(agents.map(async (agent) => (await agent.status()).replica)) : [];
    const followerEvents = new Set(follower.filter((replica) => replica?.chain).flatMap((replica) => replica!.events));
    const joins: number[] = [];
    const direct: number[] = [];
    const notified: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      if (run % 10 === 0) options.progress(`${mode}: join run ${run + 1}/${options.runs}`);
      const event = events[run % events.length]!;
      const wallet = await newWallet(stack);
      const welcome = await welcomeOf(await xmtpOf(stack, wallet), event.groupId);
      const bought = await sendMined(stack, wallet, { functionName: 'buy', args: [event.eventId] });
      joins.push((await welcome.seen) - bought.minedAt);
      (followerEvents.has(event.eventId.toString()) ? direct : notified).push(joins.at(-1)!);
      await welcome.end();
      await Promise.all(agents.map((agent) => agent.idle()));
    }
    const mean = joins.reduce((sum, ms) => sum + ms, 0) / Math.max(1, joins.length);
    return {
      mode,
      runs: joins.length,
      joinMs: { p50: percentile(joins, 50), p99: percentile(joins, 99), mean },
      ...(follower.length > 0
        ? {
            byHolder: {
              follower: { p50: percentile(direct, 50), p99: percentile(direct, 99) },
              notified: { p50: percentile(notified, 50), p99: percentile(notified, 99) },
            },
          }
        : {}),
    };
  } finally {
    for (const agent of agents) await agent.stop();
    await postgres?.stop();
  }
}

/** Until each agent holds one event of its own (the first to start may claim both, then hand one back). */
async function waitShared(agents: Gatekeeper[], events: number): Promise<void> {
  for (;;) {
    const held = await Promise.all(agents.map(async (agent) => (await agent.status()).replica?.events.length ?? 0));
    if (held.every((count) => count === events / agents.length)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
