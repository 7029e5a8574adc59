/*
 * The project's headline figures, printed, never asserted, on the real stack (our XMTP node,
 * anvil over WebSocket, the agent in this process):
 * - join latency: a purchase's transaction mined -> the buyer's own client receives the group
 *   (its welcome, through its conversation stream);
 * - revocation latency: a refund's transaction mined -> the refunded member's own client sees
 *   itself removed (its group turns inactive; polled every 5 ms);
 * - a burst of N purchases in ONE block, batched and one member per commit, in the same run, each
 *   mode with buyers of its own: until the agent's last commit landed, and until every admitted
 *   buyer can read, with each client fetching on its own ("alone", as on the buyer's own device)
 *   and with all clients fetching at once in this process ("shared"); see burst.ts;
 * - with --agents, join latency per way of running the agent (SQLite, Postgres with one agent,
 *   Postgres with two), side by side as ratios; see agentModes.ts. Postgres is a fresh database
 *   in --postgres-url's cluster, or in a private cluster started with scripts/postgres/start.mjs.
 * Usage: npm run bench -w @ticketchat/gatekeeper [-- --runs 100 --burst 250 --batch-sizes 125 --fetch alone,shared --revoke
 *   --agents sqlite,postgres-1,postgres-2 --agent-runs 50 --postgres-url postgres://… --json]  (--burst 0 skips the burst)
 * The machine's load average (1 min) is printed with the figures: on a shared machine compare ratios within one run.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ticketKioskAbi } from '@ticketchat/contracts';
import type { Group } from '@xmtp/node-sdk';
import { parseEventLogs } from 'viem';
import { mintEvent, newWallet, startAgent, startTestStack, waitManaged, xmtpOf } from '../test/fixtures/agentStack.ts';
import { DEFAULT_BATCH } from '../src/config.ts';
import { percentile } from './percentile.ts';
import { measureAgentModes, parseAgentModes, type AgentModeResult } from './agentModes.ts';
import { measureBurst, type BurstResult, type FetchMode } from './burst.ts';
import { removedSeenBy, sendMined, welcomeOf } from './clientSide.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100' },
    burst: { type: 'string', default: '250' },
    'batch-sizes': { type: 'string', default: String(DEFAULT_BATCH.maxSize) },
    fetch: { type: 'string', default: 'alone,shared' },
    agents: { type: 'string', default: '' },
    'agent-runs': { type: 'string', default: '50' },
    'postgres-url': { type: 'string' },
    /** Refund a member as each burst's first add commit is sent, and time its removal. */
    revoke: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const agentModes = parseAgentModes(values.agents);
const agentRuns = Number(values['agent-runs']);
// The maintenance URL of an existing cluster: each mode takes a fresh database in it.
if (values['postgres-url']) process.env.TICKETCHAT_TEST_POSTGRES_URL = values['postgres-url'];
const runs = Number(values.runs);
const burstSize = Number(values.burst);
const batchSizes = values['batch-sizes'].split(',').map(Number);
const fetchModes = values.fetch.split(',') as FetchMode[];
if (batchSizes.some((size) => !Number.isInteger(size) || size < 2) || fetchModes.some((mode) => mode !== 'alone' && mode !== 'shared')) {
  throw new Error('--batch-sizes takes integers of 2 or more (one per commit always runs), --fetch takes alone and/or shared');
}
const progress = (line: string) => process.stderr.write(`${line}\n`);

async function main() {
  const loadAtStart = loadavg()[0]!;
  progress('starting the stack (xmtp node, anvil, helia) and the agents…');
  const stack = await startTestStack();
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  // First, before the other figures' agent starts, so the modes share the machine with nothing of ours.
  const modes: AgentModeResult[] =
    agentModes.length > 0 ? await measureAgentModes(stack, { modes: agentModes, runs: agentRuns, progress }) : [];
  const baseline = modes[0];
  const load = loadavg().map((value) => value.toFixed(1));
  if (!values.json) {
    for (const mode of modes) {
      console.log(
        `join latency, ${mode.mode}, ${mode.runs} runs: p50 ${ms(mode.joinMs.p50)}, p99 ${ms(mode.joinMs.p99)}, mean ${ms(mode.joinMs.mean)}` +
          (mode === baseline
            ? ''
            : ` (vs ${baseline!.mode}: p50 ${(mode.joinMs.p50 / baseline!.joinMs.p50).toFixed(2)}x, p99 ${(mode.joinMs.p99 / baseline!.joinMs.p99).toFixed(2)}x, mean ${(mode.joinMs.mean / baseline!.joinMs.mean).toFixed(2)}x)`) +
          (mode.byHolder
            ? `; the chain follower's event p50 ${ms(mode.byHolder.follower.p50)} / p99 ${ms(mode.byHolder.follower.p99)}, the other agent's (woken by NOTIFY) p50 ${ms(mode.byHolder.notified.p50)} / p99 ${ms(mode.byHolder.notified.p99)}`
            : ''),
      );
    }
    if (modes.length > 0) console.log(`load average while measuring the agent modes: ${load.join(' / ')} (1 / 5 / 15 min)`);
  }

  const agent = await startAgent(stack, { name: 'batched' });

  const event = await mintEvent(stack, agent, 'Latency');
  await waitManaged(agent, event.eventId);
  const joins: number[] = [];
  const revocations: number[] = [];
  for (let run = 0; run < runs; run++) {
    if (run % 10 === 0) progress(`latency run ${run + 1}/${runs}`);
    const wallet = await newWallet(stack);
    const client = await xmtpOf(stack, wallet);
    const welcome = await welcomeOf(client, event.groupId);
    const bought = await sendMined(stack, wallet, { functionName: 'buy', args: [event.eventId] });
    joins.push((await welcome.seen) - bought.minedAt);
    await welcome.end();
    const group = (await client.conversations.getConversationById(event.groupId)) as Group<unknown>;
    await agent.idle();
    const receipt = await stack.chainClients(0).publicClient.getTransactionReceipt({ hash: bought.hash });
    const ticketId = parseEventLogs({ abi: ticketKioskAbi, logs: receipt.logs }).find((log) => log.eventName === 'TicketPurchased')!.args
      .ticketId;
    const refunded = await sendMined(stack, wallet, { functionName: 'refund', args: [ticketId] });
    revocations.push((await removedSeenBy(group)) - refunded.minedAt);
    await agent.idle();
  }

  const joinMs = { p50: percentile(joins, 50), p99: percentile(joins, 99) };
  const revocationMs = { p50: percentile(revocations, 50), p99: percentile(revocations, 99) };
  if (!values.json && runs > 0) {
    console.log(`join latency (mined -> buyer's client has the group), ${runs} runs: p50 ${ms(joinMs.p50)}, p99 ${ms(joinMs.p99)}`);
    console.log(
      `revocation latency (mined -> member's client sees itself removed), ${runs} runs: p50 ${ms(revocationMs.p50)}, p99 ${ms(revocationMs.p99)}`,
    );
  }

  const bursts: BurstResult[] = [];
  for (const fetch of burstSize > 0 ? fetchModes : []) {
    for (const batchSize of [...batchSizes, 1]) {
      const label = `${batchSize === 1 ? 'one per commit' : `batches of ${batchSize}`}, ${fetch}`;
      bursts.push(await measureBurst(stack, { label, size: burstSize, batchSize, fetch, revoke: values.revoke, progress }));
    }
  }
  const speedups = bursts
    .filter((burst) => burst.batchSize !== 1)
    .map((batched) => {
      const single = bursts.find((burst) => burst.batchSize === 1 && burst.fetch === batched.fetch)!;
      return {
        batchSize: batched.batchSize,
        fetch: batched.fetch,
        committed: single.committedMs / batched.committedMs,
        allRead: single.allReadMs / batched.allReadMs,
        ...(batched.allReadCpuMs && single.allReadCpuMs ? { allReadCpu: single.allReadCpuMs / batched.allReadCpuMs } : {}),
      };
    });
  if (values.json) {
    console.log(
      JSON.stringify({
        load: [loadAtStart, loadavg()[0]],
        runs,
        joinMs,
        revocationMs,
        agentModes: modes,
        burst: { size: burstSize, bursts, speedups },
      }),
    );
  } else {
    for (const burst of bursts) {
      console.log(
        `burst of ${burstSize} in one block, ${burst.label}: ${burst.commits} commits, ${burst.admitted} admitted, ${burst.waiting} waiting past the cap; ` +
          `mined -> last commit landed ${ms(burst.committedMs)}, mined -> all can read ${ms(burst.allReadMs)} ` +
          `(one client's fetch p50 ${ms(burst.fetchMs.p50)}, max ${ms(burst.fetchMs.max)})` +
          (burst.allReadCpuMs && burst.fetchCpuMs
            ? `; counting each fetch as its CPU time: all can read ${ms(burst.allReadCpuMs)} (fetch p50 ${ms(burst.fetchCpuMs.p50)}, max ${ms(burst.fetchCpuMs.max)})`
            : '') +
          (burst.revocationMs === undefined
            ? ''
            : `; a refund mined as the first add commit went out: removal seen after ${ms(burst.revocationMs)}`),
      );
    }
    console.log(`load average (1 min): ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (2 cores)`);
    for (const speedup of speedups) {
      console.log(
        `batches of ${speedup.batchSize} vs one per commit, clients fetching ${speedup.fetch}: last commit ${speedup.committed.toFixed(1)}x faster, all can read ${speedup.allRead.toFixed(1)}x faster` +
          (speedup.allReadCpu ? ` (${speedup.allReadCpu.toFixed(1)}x counting fetches as CPU time)` : ''),
      );
    }
  }
  // Hundreds of clients still hold connections to the node, whose graceful stop would wait on
  // them: stopping gets a few seconds, then the process ends and takes the rest along.
  const stopping = (async () => {
    await agent.stop();
    await stack.stop();
  })();
  await Promise.race([stopping, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  process.exit(0);
}

await main();
