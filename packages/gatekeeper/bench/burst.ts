/*
 * The burst figure: N purchases in ONE block until every admitted buyer can read the group.
 *
 * Two things made the first version of this figure wrong, both measured (see the README):
 * - every mode reused the same buyers, so the mode that ran second found its buyers' clients
 *   already holding the other buyers' identities (libxmtp caches every member's association state
 *   when it validates a welcome): each mode now gets buyers of its own, registered just before it;
 * - all buyers' clients share this process and 2 cores, and a client joining a group validates
 *   every member's identity (about 0.5 ms per member here), so 248 clients fetching at once measure
 *   the machine's CPU, not the agent. Each buyer has its own device in production: `alone` lets
 *   each client fetch its welcome with no other client running and counts the buyer as able to
 *   read when the commit that admitted it landed plus its own fetch time. `shared` keeps the old
 *   measure (all clients fetching at once, in this process) for comparison.
 */
import type { Gatekeeper } from '../src/index.ts';
import {
  buyInOneBlock,
  mintEvent,
  newWallet,
  startAgent,
  waitManaged,
  xmtpOf,
  type ChatClient,
  type TestStack,
} from '../test/fixtures/agentStack.ts';
import { percentile } from './percentile.ts';

/** How the admitted buyers' clients fetch the group once the commits have landed. */
export type FetchMode = 'alone' | 'shared';

export interface BurstResult {
  label: string;
  batchSize: number;
  fetch: FetchMode;
  commits: number;
  admitted: number;
  waiting: number;
  /** Mined -> the agent's last commit landed. */
  committedMs: number;
  /** Mined -> the last admitted buyer can read (see FetchMode). */
  allReadMs: number;
  /** One buyer's client fetching its welcome and validating the group (alone: each on its own). */
  fetchMs: { p50: number; max: number };
  /**
   * Alone only: the same with each fetch counted as the CPU time this process spent on it, which
   * other work on the shared machine does not inflate (the node serving it, in this process, is
   * included; it is about 1 ms).
   */
  allReadCpuMs?: number;
  fetchCpuMs?: { p50: number; max: number };
}

const GROUP_CAP = 250;
const SETTLE_MS = 10_000;

async function registerBuyers(stack: TestStack, count: number) {
  const buyers = [];
  for (let index = 0; index < count; index++) {
    const wallet = await newWallet(stack);
    buyers.push({ wallet, client: await xmtpOf(stack, wallet) });
  }
  return buyers;
}

/** Syncs the client's welcomes until the group is there; returns how long that took, and the process's CPU time meanwhile. */
async function fetchGroup(client: ChatClient, groupId: string): Promise<{ ms: number; cpuMs: number }> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (;;) {
    await client.conversations.sync();
    if (await client.conversations.getConversationById(groupId)) {
      const cpu = process.cpuUsage(cpuStarted);
      return { ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
    }
  }
}

const summary = (xs: number[]) => ({ p50: percentile(xs, 50), max: Math.max(...xs) });

export async function measureBurst(
  stack: TestStack,
  options: { label: string; size: number; batchSize: number; fetch: FetchMode; progress: (line: string) => void },
): Promise<BurstResult> {
  const { label, size, batchSize, fetch, progress } = options;
  progress(`burst "${label}": registering ${size} fresh buyers…`);
  const buyers = await registerBuyers(stack, size);
  // When the commit that admitted each inbox landed.
  const landedAt = new Map<string, number>();
  let commits = 0;
  const hooks = {
    afterCommit: ({ action, inboxIds }: { action: 'add' | 'remove'; inboxIds: string[] }) => {
      if (action !== 'add') return;
      commits++;
      for (const inboxId of inboxIds) landedAt.set(inboxId, performance.now());
    },
  };
  const batch = batchSize === 1 ? { maxSize: 1, maxWaitMs: 0 } : { maxSize: batchSize, maxWaitMs: 20 };
  // One group under XMTP's cap, as before sections: the event needs more tickets than one group
  // holds, so the library cuts it into sections; an agent given no metadata store manages the
  // chain's group alone, through the same code path as any one-group event.
  const admin: Gatekeeper = await startAgent(stack, { name: label, batch, hooks, metadataStore: undefined });
  try {
    const event = await mintEvent(stack, admin, label, { capacity: 1_000 });
    await waitManaged(admin, event.eventId);
    // New clients (these, and the previous mode's after their welcomes) rotate their key packages
    // in the background a few seconds later: let that finish before the clock starts.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    progress(`burst "${label}": ${size} purchases in one block…`);
    commits = 0;
    await buyInOneBlock(
      stack,
      buyers.map((buyer) => buyer.wallet),
      event,
    );
    const minedAt = performance.now();
    // The group holds 250 inboxes, the creator and the agent included: the rest wait (the cap at work).
    const admittedCount = Math.min(size, GROUP_CAP - 2);
    while (landedAt.size < admittedCount) await new Promise((resolve) => setTimeout(resolve, 2));
    const lastLanded = Math.max(...landedAt.values());
    const admitted = buyers.filter((buyer) => landedAt.has(buyer.client.inboxId));
    const common = {
      label,
      batchSize,
      fetch,
      commits,
      admitted: admitted.length,
      waiting: size - admitted.length,
      committedMs: lastLanded - minedAt,
    };
    if (fetch === 'shared') {
      const fetchStarted = performance.now();
      const fetched = await Promise.all(admitted.map((buyer) => fetchGroup(buyer.client, event.groupId)));
      const fetchMs = fetched.map((one) => one.ms);
      return { ...common, allReadMs: fetchStarted + Math.max(...fetchMs) - minedAt, fetchMs: summary(fetchMs) };
    }
    const fetched: Awaited<ReturnType<typeof fetchGroup>>[] = [];
    for (const buyer of admitted) fetched.push(await fetchGroup(buyer.client, event.groupId));
    const lastReady = (cost: (index: number) => number) =>
      Math.max(...admitted.map((buyer, index) => landedAt.get(buyer.client.inboxId)! + cost(index))) - minedAt;
    return {
      ...common,
      allReadMs: lastReady((index) => fetched[index]!.ms),
      fetchMs: summary(fetched.map((one) => one.ms)),
      allReadCpuMs: lastReady((index) => fetched[index]!.cpuMs),
      fetchCpuMs: summary(fetched.map((one) => one.cpuMs)),
    };
  } finally {
    await admin.stop();
  }
}
