/*
 * Issue 12's figures, printed, never asserted: an event of N tickets (1,000) bought by N real
 * node-sdk clients, with XMTP's real 250-inbox cap, on the real stack (our XMTP node, anvil over
 * WebSocket, Helia, the agent in this process). The buyers' clients live in worker processes
 * (bench/fleet/), each with its own databases, and report on this machine's one clock:
 * - sections and commits: the minted sections, the members each holds as the creator sees them,
 *   the agent's add commits (its afterCommit hook) and how many inboxes each carried;
 * - join latency: a purchase mined -> that buyer's own client has its section group (its
 *   conversation stream delivered it), for the first and the last hundred buyers, split into the
 *   agent's part (mined -> the commit that added the buyer landed) and the client's (-> delivered);
 * - announcement: the creator's `announceToEvent` (one message per section, from the creator's own
 *   client) called -> each of the N clients' message streams delivered it.
 * Seating is compared side by side (`--stripes`): the same clients buy out one event per entry,
 * each run by its own agent seating a sync's newcomers a stripe at a time (1: strictly evenly;
 * `default`: the agent's default, a twentieth of a section); the figures of every sale after the
 * first are also given as ratios to the first's. The announcement goes to the last event.
 * The sale is paced (`--per-block` purchases mined together every `--block-ms`). During it the
 * clients stream only their welcomes: each member processing every later commit to its section
 * is its own device's work in production, but N clients doing it on this machine's 2 cores would
 * measure the machine. Before the announcement every client catches up on the last event's section
 * (a timed sync) and opens its message stream, as an app in the foreground has.
 * Usage: npm run bench:sections -w @ticketchat/gatekeeper [-- --buyers 1000 --workers 4 --per-block 10 --block-ms 2000 --stripes 1,default --json]
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { announceToEvent, nodeRuntime, type MintedEvent } from '@ticketchat/chat/node';
import { groupSeenBy, mintEvent, startAgent, startTestStack, type TestStack } from '../test/fixtures/agentStack.ts';
import type { Gatekeeper, GatekeeperConfig } from '../src/index.ts';
import { startClientFleet, type ClientFleet, type Registration } from './fleet/fleet.ts';
import { epochMs } from './fleet/protocol.ts';
import { percentile } from './percentile.ts';
import { metricsDelta, readAgentMetrics } from './sections/agentMetrics.ts';
import { buyPaced, fundedWallets } from './sections/purchases.ts';

const { values } = parseArgs({
  options: {
    buyers: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '4' },
    'per-block': { type: 'string', default: '10' },
    'block-ms': { type: 'string', default: '2000' },
    'register-concurrency': { type: 'string', default: '2' },
    'stall-ms': { type: 'string', default: '60000' },
    stripes: { type: 'string', default: '1,default' },
    json: { type: 'boolean', default: false },
  },
});
const positive = (name: string, value: string | undefined) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} takes a positive integer, got ${value}`);
  return parsed;
};
const buyers = positive('buyers', values.buyers);
const workers = positive('workers', values.workers);
const perBlock = positive('per-block', values['per-block']);
const blockMs = positive('block-ms', values['block-ms']);
const registerConcurrency = positive('register-concurrency', values['register-concurrency']);
const stallMs = positive('stall-ms', values['stall-ms']);
const stripes = (values.stripes ?? '').split(',').map((stripe) => (stripe === 'default' ? stripe : positive('stripes', stripe)));
if (buyers < 200 || buyers > 1000) {
  throw new Error("--buyers takes 200 (the first and the last hundred are reported apart) to 1,000 (the event's capacity)");
}

const progress = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const load = () => loadavg().map((value) => Number(value.toFixed(2)));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const summary = (xs: number[]) => ({
  n: xs.length,
  p50: percentile(xs, 50),
  p99: percentile(xs, 99),
  max: xs.length ? Math.max(...xs) : Number.NaN,
});
type Summary = ReturnType<typeof summary>;

/** Waits until `count()` reaches `target`, or nothing new arrived for `stallMs`. */
async function waitForCount(what: string, count: () => number, target: number): Promise<void> {
  let last = count();
  let lastChange = performance.now();
  while (count() < target && performance.now() - lastChange < stallMs) {
    await sleep(100);
    if (count() !== last) {
      last = count();
      lastChange = performance.now();
      if (last % 100 === 0) progress(`${what}: ${last}/${target}`);
    }
  }
  progress(`${what}: ${count()}/${target}${count() < target ? ` (nothing new for ${stallMs} ms)` : ''}`);
}

/** Until the agent manages the event (`/status` lists it as managed). */
async function waitManaged(agent: Gatekeeper, eventId: bigint): Promise<void> {
  for (;;) {
    const events = (await agent.status()).events.filter((event) => event.eventId === eventId.toString());
    if (events.length > 0 && events.every((event) => event.state === 'managed')) return;
    await sleep(200);
  }
}

/** Each section's member count as the creator's client sees it after syncing. */
async function sectionMembers(stack: TestStack, event: MintedEvent): Promise<number[]> {
  const creator = await stack.xmtp(1);
  const counts: number[] = [];
  for (const section of event.sections) counts.push((await (await groupSeenBy(creator, section.groupId))?.members())?.length ?? 0);
  return counts;
}

function clientCost(registration: Registration) {
  const rssAdded = registration.workers.reduce((sum, worker) => sum + worker.rssAddedBytes, 0);
  return {
    clients: registration.clients.length,
    wallMs: registration.ms,
    /** Wall time per client with every worker registering at once (the fleet's throughput). */
    wallMsPerClient: registration.ms / registration.clients.length,
    /** One client's create + register, as its worker saw it (its lanes run at once). */
    msPerClient:
      (registration.workers.reduce((sum, worker) => sum + worker.ms / worker.clients, 0) / registration.workers.length) *
      registerConcurrency,
    rssMiBPerClient: rssAdded / registration.clients.length / 2 ** 20,
  };
}

/** The agent's seating stripe for a `--stripes` entry, and how the figures name it. */
function seating(stripe: number | 'default'): { label: string; config: Pick<GatekeeperConfig, 'seatingStripe'> } {
  return stripe === 'default'
    ? { label: 'seating: the default stripe (a twentieth of a section)', config: {} }
    : { label: `seating: a stripe of ${stripe}${stripe === 1 ? ' (strictly evenly)' : ''}`, config: { seatingStripe: stripe } };
}

/**
 * One sale: an agent of its own (seating as `stripe` says) and an event of `buyers` tickets cut
 * into sections by the chat library's defaults, bought out by every client of the fleet.
 */
async function runSale(
  context: { stack: TestStack; fleet: ClientFleet; wallets: Awaited<ReturnType<typeof fundedWallets>>; inboxOf: string[] },
  position: number,
  stripe: number | 'default',
  loads: Record<string, number[]>,
) {
  const { stack, fleet, wallets, inboxOf } = context;
  const commits: { at: number; size: number }[] = [];
  const landedAt = new Map<string, number>();
  const { label, config } = seating(stripe);
  const agent = await startAgent(stack, {
    name: `sections-${position}`,
    ...config,
    hooks: {
      afterCommit: ({ action, inboxIds }) => {
        if (action !== 'add') return;
        const at = epochMs();
        commits.push({ at, size: inboxIds.length });
        for (const inboxId of inboxIds) landedAt.set(inboxId, at);
      },
    },
  });
  const event = await mintEvent(stack, agent, `Arena night ${position + 1}`, { capacity: buyers });
  progress(`${label}: minted event ${event.eventId} with ${event.sections.length} section(s); waiting for its agent to manage it…`);
  await waitManaged(agent, event.eventId);
  const metricsBefore = await readAgentMetrics(agent.url);

  progress(`sale: ${buyers} purchases, ${perBlock} per block every ${blockMs} ms…`);
  loads[`sale ${position + 1} start`] = load();
  const sale = await buyPaced(stack, wallets, event.eventId, { perBlock, blockMs, progress });
  const sectionIds = event.sections.map((section) => section.groupId);
  await waitForCount('joined', () => fleet.joined(sectionIds).size, buyers);
  loads[`sale ${position + 1} joined`] = load();
  const joins = fleet.joined(sectionIds);

  const joinFigures = (indexes: number[]) => {
    const joinedHere = indexes.filter((index) => joins.has(index));
    const landedHere = joinedHere.filter((index) => landedAt.has(inboxOf[index]!));
    return {
      joined: joinedHere.length,
      total: summary(joinedHere.map((index) => joins.get(index)!.at - sale.minedAt[index]!)),
      agent: summary(landedHere.map((index) => landedAt.get(inboxOf[index]!)! - sale.minedAt[index]!)),
      client: summary(landedHere.map((index) => joins.get(index)!.at - landedAt.get(inboxOf[index]!)!)),
    };
  };
  const indexes = Array.from({ length: buyers }, (_, index) => index);
  const missing = indexes.filter((index) => !joins.has(index));
  const census = missing.length ? await fleet.census(missing) : new Map<number, string[]>();
  const eventStatus = (await agent.status()).events.filter((status) => status.eventId === event.eventId.toString());
  const first100 = joinFigures(indexes.slice(0, 100));
  const last100 = joinFigures(indexes.slice(-100));
  const joined = {
    first100,
    last100,
    all: joinFigures(indexes),
    /** The last hundred's p50 over the first hundred's: 1 is flat. */
    lastOverFirst: last100.total.p50 / first100.total.p50,
    /** p50s per hundred buyers in purchase order: where the latency stops being flat, and whose part grows. */
    byHundred: Array.from({ length: Math.ceil(buyers / 100) }, (_, hundred) => {
      const part = joinFigures(indexes.slice(hundred * 100, hundred * 100 + 100));
      return { total: part.total.p50, agent: part.agent.p50, client: part.client.p50 };
    }),
    missing: missing.length,
    /** Joins found by the sync a client runs when its conversation stream restarts (the stream failed meanwhile). */
    viaResync: [...joins.values()].filter((join) => join.via === 'resync').length,
    /** Of the missing: clients whose sync finds a section group (their stream missed the welcome). */
    missingButInGroup: [...census.values()].filter((groupIds) => groupIds.some((id) => sectionIds.includes(id))).length,
    waitingAtAgent: eventStatus.reduce((sum, status) => sum + status.waiting.length, 0),
    seatsBySection: eventStatus.flatMap((status) => status.sections?.map((section) => section.seats) ?? []),
  };
  const metricsAfter = await readAgentMetrics(agent.url);
  const metricCommits = metricsDelta(metricsBefore, metricsAfter, 'gatekeeper_commits_total');
  const sections = {
    count: event.sections.length,
    commits: commits.length,
    inboxesPerCommit: summary(commits.map((commit) => commit.size)),
    /** From the agent's /metrics: every commit (adds and removals) and the mean time one took. */
    metricCommits,
    commitMsMean: (metricsDelta(metricsBefore, metricsAfter, 'gatekeeper_commit_seconds_total') * 1000) / metricCommits,
    commitFailures: metricsDelta(metricsBefore, metricsAfter, 'gatekeeper_commit_failures_total'),
  };
  return {
    event,
    agent,
    figures: { seating: label, sale: { blocks: sale.blocks, ms: sale.endedAt - sale.startedAt }, sections, joined },
  };
}

async function main() {
  const loads: Record<string, number[]> = { start: load() };
  progress(`starting the stack (xmtp node, anvil, helia) and ${workers} client workers…`);
  const stack = await startTestStack();
  let fleet: ClientFleet | undefined;
  let agent: Gatekeeper | undefined;
  try {
    fleet = await startClientFleet({ workers, directory: join(stack.directory, 'fleet'), apiUrl: stack.node.grpcUrl });
    progress(`funding ${buyers} wallets…`);
    const wallets = await fundedWallets(stack, buyers);
    progress(`registering ${buyers} clients over ${workers} workers…`);
    const registration = await fleet.register(
      wallets.map((wallet, index) => ({ index, key: wallet.key })),
      { concurrency: registerConcurrency },
    );
    const cost = clientCost(registration);
    loads.registered = load();
    progress(`registered: ${cost.wallMsPerClient.toFixed(0)} ms and ${cost.rssMiBPerClient.toFixed(2)} MiB per client`);
    await fleet.watch('groups');
    // New clients rotate their key packages in the background a few seconds after registering.
    await sleep(10_000);

    const context = { stack, fleet, wallets, inboxOf: registration.clients.map((client) => client.inboxId) };
    const sales: SaleFigures[] = [];
    let event: MintedEvent | undefined;
    for (const [position, stripe] of stripes.entries()) {
      // The previous sale's agent is done: stopped, so it takes no CPU from this one.
      await agent?.stop();
      const sale = await runSale(context, position, stripe, loads);
      ({ agent, event } = sale);
      sales.push(sale.figures);
    }

    const sectionIds = event!.sections.map((section) => section.groupId);
    progress(`catching up: every client syncs the last event's section…`);
    const caughtUp = await fleet.catchUp(sectionIds);
    await fleet.watch('messages');
    await sleep(5_000);
    // Also brings the creator's section groups up to date: sent from a client whose groups are
    // behind the agent's commits, the announcement reached no member in a small check.
    const members = await sectionMembers(stack, event!);
    loads.announcementStart = load();
    progress('announcing…');
    const announcedAt = epochMs();
    const sent = await announceToEvent(nodeRuntime, await stack.xmtp(1), {
      sections: sectionIds,
      text: 'Doors open at eight. Welcome, all of you.',
    });
    const sentMs = epochMs() - announcedAt;
    const receipts = fleet.receipts(sent.announcementId);
    const joinedLast = fleet.joined(sectionIds).size;
    await waitForCount('announcement received', () => receipts.size, joinedLast);
    loads.announced = load();
    const announcement = {
      sections: event!.sections.length,
      members,
      sentTo: sent.sections.filter((section) => section.status === 'sent').length,
      sentMs,
      reached: receipts.size,
      of: joinedLast,
      ms: summary([...receipts.values()].map((receipt) => receipt.at - announcedAt)),
    };

    const figures = {
      buyers,
      workers,
      pacing: { perBlock, blockMs },
      clientCost: cost,
      sales,
      /** Every sale after the first against the first: p50s of the first hundred, the last hundred, all, and the add commits. */
      ratios: sales.slice(1).map((sale) => ({
        seating: sale.seating,
        first100: sale.joined.first100.total.p50 / sales[0]!.joined.first100.total.p50,
        last100: sale.joined.last100.total.p50 / sales[0]!.joined.last100.total.p50,
        all: sale.joined.all.total.p50 / sales[0]!.joined.all.total.p50,
        commits: sale.sections.commits / sales[0]!.sections.commits,
      })),
      catchUp: { wallMs: caughtUp.wallMs, perClient: summary(caughtUp.ms) },
      announcement,
      streamErrors: {
        count: fleet.streamErrors.length,
        messages: [...new Set(fleet.streamErrors.map((error) => `${error.stream}: ${error.message}`))].slice(0, 3),
      },
      loadAverage: loads,
    };
    if (values.json) console.log(JSON.stringify(figures));
    else printFigures(figures);
  } finally {
    // Hundreds of clients hold connections to the node, whose graceful stop would wait on them:
    // stopping gets a few seconds, then the process ends and takes the workers along.
    const stopping = (async () => {
      await fleet?.stop();
      await agent?.stop();
      await stack.stop();
    })();
    await Promise.race([stopping, sleep(15_000)]);
  }
  process.exit(0);
}

type SaleFigures = Awaited<ReturnType<typeof runSale>>['figures'];

function printFigures(figures: {
  buyers: number;
  workers: number;
  pacing: { perBlock: number; blockMs: number };
  clientCost: ReturnType<typeof clientCost>;
  sales: SaleFigures[];
  ratios: { seating: string; first100: number; last100: number; all: number; commits: number }[];
  catchUp: { wallMs: number; perClient: Summary };
  announcement: { sections: number; members: number[]; sentTo: number; sentMs: number; reached: number; of: number; ms: Summary };
  streamErrors: { count: number; messages: string[] };
  loadAverage: Record<string, number[]>;
}) {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const dist = (s: Summary) => `p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)} (n=${s.n})`;
  const { clientCost: cost, announcement } = figures;
  console.log(
    `clients: ${cost.clients} registered over ${figures.workers} workers in ${ms(cost.wallMs)} (${ms(cost.wallMsPerClient)} per client wall, ` +
      `${ms(cost.msPerClient)} each as its worker saw it), ${cost.rssMiBPerClient.toFixed(2)} MiB resident per client`,
  );
  for (const [position, sale] of figures.sales.entries()) {
    const { sections, joined } = sale;
    console.log(
      `\nsale ${position + 1}, ${sale.seating}: ${figures.buyers} purchases, ${figures.pacing.perBlock} per block every ${ms(figures.pacing.blockMs)}: ` +
        `${sale.sale.blocks} blocks in ${ms(sale.sale.ms)}`,
    );
    console.log(
      `  sections: ${sections.count}; ${sections.commits} add commits during the sale (inboxes per commit p50 ${sections.inboxesPerCommit.p50}, max ${sections.inboxesPerCommit.max}); ` +
        `the agent's /metrics: ${sections.metricCommits} commits, ${ms(sections.commitMsMean)} each on average, ${sections.commitFailures} failed syncs retried`,
    );
    for (const [label, part] of [
      ['first 100 buyers', joined.first100],
      ['last 100 buyers', joined.last100],
      ['all buyers', joined.all],
    ] as const) {
      console.log(
        `  join latency, ${label} (${part.joined} joined): mined -> client has its section ${dist(part.total)}; ` +
          `agent part (mined -> commit landed) p50 ${ms(part.agent.p50)}, p99 ${ms(part.agent.p99)}; client part (landed -> delivered) p50 ${ms(part.client.p50)}, p99 ${ms(part.client.p99)}`,
      );
    }
    console.log(`  the last hundred's p50 over the first hundred's: ${joined.lastOverFirst.toFixed(2)}x (1 is flat)`);
    console.log(
      `  join latency p50 per hundred buyers, total (agent + client): ${joined.byHundred
        .map((hundred) => `${ms(hundred.total)} (${ms(hundred.agent)} + ${ms(hundred.client)})`)
        .join(', ')}`,
    );
    console.log(
      `  joins found by a client's resync after its conversation stream restarted: ${joined.viaResync}; not joined: ${joined.missing} (of which ${joined.missingButInGroup} have a section when they sync: their stream missed it; ${joined.waitingAtAgent} waiting at the agent); ` +
        `seats per section in the agent's status: ${joined.seatsBySection.join(', ') || 'none (one group)'}`,
    );
  }
  for (const ratio of figures.ratios) {
    console.log(
      `\n${ratio.seating}, against sale 1: join p50 first 100 ${ratio.first100.toFixed(2)}x, last 100 ${ratio.last100.toFixed(2)}x, all ${ratio.all.toFixed(2)}x; add commits ${ratio.commits.toFixed(2)}x`,
    );
  }
  console.log(
    `\ncatch-up before the announcement: every client synced its section of the last event in ${ms(figures.catchUp.wallMs)}, one client ${dist(figures.catchUp.perClient)}`,
  );
  console.log(
    `announcement (announceToEvent) into ${announcement.sentTo}/${announcement.sections} section(s) (members as the creator sees them: ${announcement.members.join(', ')}), ` +
      `sent in ${ms(announcement.sentMs)}: reached ${announcement.reached}/${announcement.of} joined clients, sent -> delivered ${dist(announcement.ms)}`,
  );
  console.log(`stream errors: ${figures.streamErrors.count}${figures.streamErrors.messages.map((message) => `\n  ${message}`).join('')}`);
  console.log(
    `load average (1, 5, 15 min): ${Object.entries(figures.loadAverage)
      .map(([moment, values]) => `${moment} ${values.join(' / ')}`)
      .join('; ')}`,
  );
}

await main();
