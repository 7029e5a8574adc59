/*
 * The project's headline figures, printed, never asserted, on the real stack (our XMTP node,
 * anvil over WebSocket, the agent in this process):
 * - join latency: a purchase's transaction mined -> the buyer's own client receives the group
 *   (its welcome, through its conversation stream);
 * - revocation latency: a refund's transaction mined -> the refunded member's own client sees
 *   itself removed (its group turns inactive; polled every 5 ms);
 * - a burst of N purchases in ONE block until every buyer's client has the group: batched (one
 *   agent, commits of 50) and one member per commit (a second agent, commits of 1), same run.
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
  const oneByOne = await startAgent(stack, { name: 'one-by-one', batch: { maxSize: 1, maxWaitMs: 0 } });
  const burst = async (label: string, admin: typeof agent) => {
    const burstEvent = await mintEvent(stack, admin, label);
    await waitManaged(admin, burstEvent.eventId);
    progress(`burst of ${burstSize} purchases in one block, ${label}…`);
    // Every buyer's own client must have the group (all can read): each one's stream says when.
    const welcomes = await Promise.all(clients.map((client) => welcomeOf(client, burstEvent.groupId)));
    await buyInOneBlock(stack, buyers, burstEvent);
    const minedAt = performance.now();
    const lastSeen = Math.max(...(await Promise.all(welcomes.map((welcome) => welcome.seen))));
    await Promise.all(welcomes.map((welcome) => welcome.end()));
    const commits = (await admin.status()).events.find((e) => e.eventId === burstEvent.eventId.toString());
    return { ms: lastSeen - minedAt, members: commits?.members ?? 0 };
  };
  const batched = await burst('batched (commits of 50)', agent);
  const single = await burst('one member per commit', oneByOne);

  const figures = {
    runs,
    joinMs,
    revocationMs,
    burst: { size: burstSize, batchedMs: batched.ms, oneByOneMs: single.ms, speedup: single.ms / batched.ms },
  };
  if (values.json) console.log(JSON.stringify(figures));
  else {
    const ms = (value: number) => `${value.toFixed(0)} ms`;
    console.log(
      `join latency (mined -> buyer's client has the group), ${runs} runs: p50 ${ms(figures.joinMs.p50)}, p99 ${ms(figures.joinMs.p99)}`,
    );
    console.log(
      `revocation latency (mined -> member's client sees itself removed), ${runs} runs: p50 ${ms(figures.revocationMs.p50)}, p99 ${ms(figures.revocationMs.p99)}`,
    );
    console.log(
      `burst of ${burstSize} purchases in one block until all can read: batched ${ms(batched.ms)}, one per commit ${ms(single.ms)}, ${figures.burst.speedup.toFixed(1)}x`,
    );
  }
  // Figures are out. Hundreds of clients still hold streams to the node, whose graceful stop would
  // wait on them: stopping gets a few seconds, then the process ends and takes the rest along.
  const stopping = (async () => {
    await Promise.all([oneByOne.stop(), agent.stop()]);
    await stack.stop();
  })();
  await Promise.race([stopping, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  process.exit(0);
}

await main();
