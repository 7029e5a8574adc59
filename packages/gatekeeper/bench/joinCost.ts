/*
 * What one join costs as its group grows, printed, never asserted: one buyer at a time, with
 * nothing else in flight, into an event of one group filled step by step to each `--sizes` entry.
 * For each join:
 * - the agent's part: purchase mined -> the add commit landed (the agent's afterCommit hook);
 * - the joiner's part: -> the buyer's own client streamed the group (it processed the welcome,
 *   which validates every member: their identities and the ratchet tree); every other joiner has
 *   fetched and verified the members' identities beforehand (`fetchInboxStates`), which shows how
 *   much of its part is that validation (the agent's hook runs once `addMembers` returned, after
 *   the welcome went out, so such a joiner's part can read a millisecond below zero);
 * - the node's part: the time our node spent serving calls meanwhile (its trace log).
 * A straight line fitted through each part gives its cost per member already in the group.
 * The sections benchmark runs hundreds of joins at once on one machine; this one shows what a
 * single join costs its agent and its joiner's device, and so what section sizes cost.
 * Usage: npm run bench:join-cost -w @ticketchat/gatekeeper [-- --sizes 0,50,100,150,200,230 --probes 6 --json]
 */
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { groupSeenBy, mintEvent, startAgent, startTestStack, xmtpOf } from '../test/fixtures/agentStack.ts';
import { welcomeOf } from './clientSide.ts';
import { startClientFleet } from './fleet/fleet.ts';
import { epochMs } from './fleet/protocol.ts';
import { percentile } from './percentile.ts';
import { buyPaced, fundedWallets } from './sections/purchases.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '0,50,100,150,200,230' },
    probes: { type: 'string', default: '6' },
    json: { type: 'boolean', default: false },
  },
});
/** One group: the chat library keeps an event of up to 240 tickets (one agent, 8 staff seats) in one group. */
const ONE_GROUP = 240;
const sizes = (values.sizes ?? '').split(',').map(Number);
const probes = Number(values.probes);
if (sizes.some((size, index) => !Number.isInteger(size) || size < 0 || (index > 0 && size <= sizes[index - 1]!))) {
  throw new Error(`--sizes takes increasing member counts from 0, got ${values.sizes}`);
}
if (!Number.isInteger(probes) || probes < 1) throw new Error(`--probes takes a positive integer, got ${values.probes}`);
if (sizes.some((size, index) => index > 0 && size - sizes[index - 1]! < probes) || sizes.at(-1)! + probes > ONE_GROUP) {
  throw new Error(`--sizes must be at least --probes (${probes}) apart, the last plus the probes within one group's ${ONE_GROUP} tickets`);
}

const progress = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The node's call times (its `call` trace lines), as they are logged. */
const nodeCalls: { at: number; ms: number }[] = [];
const nodeLog = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n')) {
      if (!line.includes('"msg":"call"')) continue;
      nodeCalls.push({ at: epochMs(), ms: (JSON.parse(line) as { ms: number }).ms });
    }
    done();
  },
});

/** Least squares through (size, ms): the cost at an empty group and per member. */
function fitLine(points: { size: number; ms: number }[]): { atZeroMs: number; perMemberMs: number } {
  const n = points.length;
  const meanX = points.reduce((sum, point) => sum + point.size, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.ms, 0) / n;
  const sxx = points.reduce((sum, point) => sum + (point.size - meanX) ** 2, 0);
  const sxy = points.reduce((sum, point) => sum + (point.size - meanX) * (point.ms - meanY), 0);
  const perMemberMs = sxx === 0 ? 0 : sxy / sxx;
  return { atZeroMs: meanY - perMemberMs * meanX, perMemberMs };
}

type Part = 'agent' | 'cold' | 'warm' | 'node';

async function main() {
  const stack = await startTestStack({ nodeLogger: pino({ level: 'trace' }, nodeLog) });
  const landedAt = new Map<string, number>();
  const agent = await startAgent(stack, {
    name: 'join-cost',
    hooks: {
      afterCommit: ({ action, inboxIds }) => {
        if (action === 'add') for (const inboxId of inboxIds) landedAt.set(inboxId, epochMs());
      },
    },
  });
  const fleet = await startClientFleet({ workers: 2, directory: join(stack.directory, 'fleet'), apiUrl: stack.node.grpcUrl });
  try {
    // The members who fill the group live in the fleet; the measured joiners in this process, one at a time.
    const fillCount = sizes.at(-1)! - probes * (sizes.length - 1);
    const fillWallets = await fundedWallets(stack, Math.max(0, fillCount));
    progress(`registering ${fillWallets.length} members and ${probes * sizes.length} joiners…`);
    await fleet.register(fillWallets.map((wallet, index) => ({ index, key: wallet.key })));
    const joiners = await Promise.all(
      (await fundedWallets(stack, probes * sizes.length)).map(async (wallet) => ({ wallet, client: await xmtpOf(stack, wallet) })),
    );
    const event = await mintEvent(stack, agent, 'Join cost', { capacity: ONE_GROUP });
    await fleet.watch('groups');
    // New clients rotate their key packages in the background a few seconds after registering.
    await sleep(10_000);
    const creator = await stack.xmtp(1);

    const rows: ({ size: number } & Record<Part | 'prefetch', number[]>)[] = [];
    let filled = 0;
    for (const [step, size] of sizes.entries()) {
      // Fill to `size` (earlier joiners count) at 20 a block, and let every welcome land before measuring.
      const fillers = Array.from({ length: size - filled - step * probes }, (_, offset) => filled + offset);
      if (fillers.length > 0) {
        progress(`filling the group to ${size} buyers…`);
        await buyPaced(
          stack,
          fillers.map((index) => fillWallets[index]!),
          event.eventId,
          { perBlock: 20, blockMs: 1_000 },
        );
        const allJoined = () => {
          const joined = fleet.joined([event.groupId]);
          return fillers.every((index) => joined.has(index));
        };
        while (!allJoined()) await sleep(100);
        filled += fillers.length;
      }
      await sleep(2_000);
      const row = {
        size,
        agent: [] as number[],
        cold: [] as number[],
        warm: [] as number[],
        node: [] as number[],
        prefetch: [] as number[],
      };
      for (let probe = 0; probe < probes; probe++) {
        const { wallet, client } = joiners[step * probes + probe]!;
        // Every other joiner already knows the members' identities (fetched and verified beforehand).
        const warm = probe % 2 === 1;
        if (warm) {
          const group = await groupSeenBy(creator, event.groupId);
          const members = (await group!.members()).map((member) => member.inboxId);
          const started = performance.now();
          await client.preferences.fetchInboxStates(members);
          row.prefetch.push(performance.now() - started);
        }
        const delivered = await welcomeOf(client, event.groupId);
        const calledBefore = nodeCalls.length;
        const sale = await buyPaced(stack, [wallet], event.eventId, { perBlock: 1, blockMs: 1 });
        // welcomeOf reads performance.now(); the agent's hook and the sale, epochMs(): the same clock from the process's origin.
        const joined = performance.timeOrigin + (await delivered.seen);
        await delivered.end();
        // A joiner that knows the members can have the group before the agent's hook has run.
        while (!landedAt.has(client.inboxId!)) await sleep(1);
        const landed = landedAt.get(client.inboxId!)!;
        row.agent.push(landed - sale.minedAt[0]!);
        row[warm ? 'warm' : 'cold'].push(joined - landed);
        row.node.push(nodeCalls.slice(calledBefore).reduce((sum, call) => sum + (call.at <= joined + 1 ? call.ms : 0), 0));
        // The members' own work on this commit is their devices'; they do not stream it here.
        await sleep(500);
      }
      rows.push(row);
      progress(
        `size ${size}: agent p50 ${percentile(row.agent, 50).toFixed(0)} ms, joiner p50 ${percentile(row.cold, 50).toFixed(0)} ms (${percentile(row.warm, 50).toFixed(0)} ms knowing the members)`,
      );
    }

    const points = (part: Part) => rows.flatMap((row) => row[part].map((ms) => ({ size: row.size, ms })));
    const figures = {
      probes,
      bySize: rows.map((row) => ({
        size: row.size,
        agentMs: percentile(row.agent, 50),
        joinerMs: percentile(row.cold, 50),
        joinerKnowingMembersMs: percentile(row.warm, 50),
        prefetchMs: percentile(row.prefetch, 50),
        nodeMs: percentile(row.node, 50),
      })),
      fit: {
        agent: fitLine(points('agent')),
        joiner: fitLine(points('cold')),
        joinerKnowingMembers: fitLine(points('warm')),
        node: fitLine(points('node')),
      },
    };
    if (values.json) console.log(JSON.stringify(figures));
    else {
      const ms = (value: number) => `${value.toFixed(0)} ms`;
      console.log(`one join at a time, p50 per size (${probes} joins each; the joiner knowing the members: every other one):`);
      for (const row of figures.bySize) {
        console.log(
          `  ${row.size} members: agent ${ms(row.agentMs)} + joiner ${ms(row.joinerMs)} = ${ms(row.agentMs + row.joinerMs)}; ` +
            `a joiner knowing the members ${ms(row.joinerKnowingMembersMs)} (its prefetch took ${ms(row.prefetchMs)}); node ${ms(row.nodeMs)}`,
        );
      }
      for (const [part, { atZeroMs, perMemberMs }] of Object.entries(figures.fit)) {
        console.log(`  fitted ${part}: ${ms(atZeroMs)} + ${perMemberMs.toFixed(2)} ms per member`);
      }
    }
  } finally {
    const stopping = (async () => {
      await fleet.stop();
      await agent.stop();
      await stack.stop();
    })();
    await Promise.race([stopping, sleep(15_000)]);
  }
  process.exit(0);
}

await main();
