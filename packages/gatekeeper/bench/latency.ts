/*
 * The project's headline figures, printed, never asserted, on the real stack (our XMTP node,
 * anvil over WebSocket, the agent in this process):
 * - join latency: a purchase's transaction mined -> the buyer's own client receives the group
 *   (its welcome, through its conversation stream);
 * - revocation latency: a refund's transaction mined -> the refunded member's own client sees
 *   itself removed (its group turns inactive; polled every 5 ms);
 * - a burst of N purchases in ONE block, batched (commits of 50) and one member per commit, in the
 *   same run with the same buyers: until the agent's last commit landed (from then on every buyer
 *   can read), and until every buyer's own client has fetched the group (client work included,
 *   done after the commits in both modes so the clients do not compete with the agent for CPU).
 * Usage: npm run bench -w @ticketchat/gatekeeper [-- --runs 100 --burst 250 --json]
 */
import { parseArgs } from 'node:util';
import { ticketKioskAbi } from '@ticketchat/contracts';
import type { Group } from '@xmtp/node-sdk';
import { parseEventLogs } from 'viem';
import {
  buyInOneBlock,
  mintEvent,
  newWallet,
  startAgent,
  startTestStack,
  TICKET_PRICE,
  waitManaged,
  xmtpOf,
  type ChatClient,
  type TestStack,
  type Wallet,
} from '../test/fixtures/agentStack.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100' },
    burst: { type: 'string', default: '250' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const burstSize = Number(values.burst);
const progress = (line: string) => process.stderr.write(`${line}\n`);
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** Sends a kiosk call and returns once it is mined (anvil mines on receipt) with the moment it was. */
async function sendMined(
  stack: TestStack,
  wallet: Wallet,
  call: { functionName: 'buy'; args: [bigint] } | { functionName: 'refund'; args: [bigint] },
) {
  const hash = await wallet.clients.walletClient.writeContract({
    address: stack.deployment.kiosk,
    abi: ticketKioskAbi,
    ...call,
    ...(call.functionName === 'buy' ? { value: TICKET_PRICE } : {}),
  } as never);
  const minedAt = performance.now();
  return { hash, minedAt };
}

/** Resolves when the client's own conversation stream delivers the group. */
async function welcomeOf(client: ChatClient, groupId: string): Promise<{ seen: Promise<number>; end: () => Promise<unknown> }> {
  let resolve!: (at: number) => void;
  const seen = new Promise<number>((r) => (resolve = r));
  const stream = await client.conversations.streamGroups({ onValue: (group) => group.id === groupId && resolve(performance.now()) });
  return { seen, end: () => stream.end() };
}

async function removedSeenBy(group: Group<unknown>): Promise<number> {
  for (;;) {
    await group.sync().catch(() => undefined);
    if (!group.isActive) return performance.now();
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function main() {
  progress('starting the stack (xmtp node, anvil, helia) and the agents…');
  const stack = await startTestStack();
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

  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const joinMs = { p50: percentile(joins, 50), p99: percentile(joins, 99) };
  const revocationMs = { p50: percentile(revocations, 50), p99: percentile(revocations, 99) };
  if (!values.json) {
    console.log(`join latency (mined -> buyer's client has the group), ${runs} runs: p50 ${ms(joinMs.p50)}, p99 ${ms(joinMs.p99)}`);
    console.log(
      `revocation latency (mined -> member's client sees itself removed), ${runs} runs: p50 ${ms(revocationMs.p50)}, p99 ${ms(revocationMs.p99)}`,
    );
  }

  progress(`registering ${burstSize} buyers for the burst…`);
  const buyers: Wallet[] = [];
  const clients: ChatClient[] = [];
  for (let index = 0; index < burstSize; index++) {
    const wallet = await newWallet(stack);
    buyers.push(wallet);
    clients.push(await xmtpOf(stack, wallet));
  }
  // Each burst agent reports its commits, so the bench knows when the last one landed.
  const landed = { added: 0, lastAt: 0 };
  const hooks = {
    afterCommit: ({ action, inboxIds }: { action: 'add' | 'remove'; inboxIds: string[] }) => {
      if (action === 'add') Object.assign(landed, { added: landed.added + inboxIds.length, lastAt: performance.now() });
    },
  };
  const burst = async (label: string, batch: { maxSize: number; maxWaitMs: number }) => {
    const admin = await startAgent(stack, { name: label, batch, hooks });
    const burstEvent = await mintEvent(stack, admin, label);
    await waitManaged(admin, burstEvent.eventId);
    progress(`burst of ${burstSize} purchases in one block, ${label}…`);
    Object.assign(landed, { added: 0, lastAt: 0 });
    await buyInOneBlock(stack, buyers, burstEvent);
    const minedAt = performance.now();
    while (landed.added < burstSize) await new Promise((resolve) => setTimeout(resolve, 2));
    const committedMs = landed.lastAt - minedAt;
    // All can read: every buyer's own client has fetched its welcome (the same work in both modes).
    const seen = await Promise.all(
      clients.map(async (client) => {
        for (;;) {
          await client.conversations.sync();
          if (await client.conversations.getConversationById(burstEvent.groupId)) return performance.now();
        }
      }),
    );
    const commits = (await admin.status()).events.find((event) => event.eventId === burstEvent.eventId.toString());
    await admin.stop();
    return { committedMs, allReadMs: Math.max(...seen) - minedAt, members: commits?.members ?? 0 };
  };
  const batched = await burst('batched', { maxSize: 50, maxWaitMs: 20 });
  const single = await burst('one-per-commit', { maxSize: 1, maxWaitMs: 0 });

  const speedup = { committed: single.committedMs / batched.committedMs, allRead: single.allReadMs / batched.allReadMs };
  if (values.json) {
    console.log(JSON.stringify({ runs, joinMs, revocationMs, burst: { size: burstSize, batched, single, speedup } }));
  } else {
    console.log(
      `burst of ${burstSize} in one block, mined -> last commit landed: batched (50 per commit) ${ms(batched.committedMs)}, one per commit ${ms(single.committedMs)}, ${speedup.committed.toFixed(1)}x`,
    );
    console.log(
      `burst of ${burstSize} in one block, mined -> every buyer's client has the group: batched ${ms(batched.allReadMs)}, one per commit ${ms(single.allReadMs)}, ${speedup.allRead.toFixed(1)}x`,
    );
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
