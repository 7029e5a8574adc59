/*
 * Join latency per way of running the agent, side by side in one run: `sqlite` (one agent, its
 * own file, the default), `postgres-1` (one agent on Postgres) and `postgres-2` (two agents on one
 * Postgres sharing the work: two events, one held by each, purchases alternating between them, so
 * half the purchases are recorded by the agent following the chain and handed to the other by
 * NOTIFY). All agents run in this process, as in the other figures. Each mode has a fresh event,
 * fresh buyers and, on Postgres, a fresh database.
 */
import type { Gatekeeper } from '../src/index.ts';
import { startPostgres, type TestPostgres } from '@ticketchat/test-support/postgres';
import { agentConfig, mintEvent, newWallet, startAgent, waitManaged, xmtpOf, type TestStack } from '../test/fixtures/agentStack.ts';
import { sendMined, welcomeOf } from './clientSide.ts';
import { percentile } from './percentile.ts';

export type AgentMode = 'sqlite' | 'postgres-1' | 'postgres-2';
const MODES: readonly AgentMode[] = ['sqlite', 'postgres-1', 'postgres-2'];

export interface AgentModeResult {
  mode: AgentMode;
  runs: number;
  joinMs: { p50: number; p99: number; mean: number };
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
  for (const mode of options.modes) {
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
      const joins: number[] = [];
      for (let run = 0; run < options.runs; run++) {
        if (run % 10 === 0) options.progress(`${mode}: join run ${run + 1}/${options.runs}`);
        const event = events[run % events.length]!;
        const wallet = await newWallet(stack);
        const welcome = await welcomeOf(await xmtpOf(stack, wallet), event.groupId);
        const bought = await sendMined(stack, wallet, { functionName: 'buy', args: [event.eventId] });
        joins.push((await welcome.seen) - bought.minedAt);
        await welcome.end();
        await Promise.all(agents.map((agent) => agent.idle()));
      }
      const mean = joins.reduce((sum, ms) => sum + ms, 0) / Math.max(1, joins.length);
      results.push({ mode, runs: joins.length, joinMs: { p50: percentile(joins, 50), p99: percentile(joins, 99), mean } });
    } finally {
      for (const agent of agents) await agent.stop();
      await postgres?.stop();
    }
  }
  return results;
}

/** Until each agent holds one event of its own (the first to start may claim both, then hand one back). */
async function waitShared(agents: Gatekeeper[], events: number): Promise<void> {
  for (;;) {
    const held = await Promise.all(agents.map(async (agent) => (await agent.status()).replica?.events.length ?? 0));
    if (held.every((count) => count === events / agents.length)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
