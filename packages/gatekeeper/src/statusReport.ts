import type { TicketchatPublicClient } from '@ticketchat/contracts';
import type { Common } from './internal/common.ts';
import type { MembershipScheduler } from './membership/scheduler.ts';
import type { GatekeeperStatus } from './status.ts';

export interface ChainState {
  live: boolean;
  followerFailing: boolean;
  lastHealthyHead: bigint | undefined;
}

/**
 * The agent's status. Lag behind the head: while backfilling, the distance from the checkpoint to
 * the head; once live, 0 while the follower reads the chain without error (it reacts to every
 * head), else the blocks mined since it last did.
 */
export async function buildStatus(
  common: Common,
  scheduler: MembershipScheduler,
  publicClient: TicketchatPublicClient,
  chain: ChainState,
): Promise<GatekeeperStatus> {
  const { store, client } = common;
  const head = await publicClient.getBlockNumber({ cacheTime: 0 }).catch(() => undefined);
  const checkpointBlock = (await store.checkpoint())?.blockNumber;
  if (head !== undefined && chain.live && !chain.followerFailing) chain.lastHealthyHead = head;
  const behindFrom = chain.live ? chain.lastHealthyHead : checkpointBlock;
  const lagBlocks = head === undefined ? null : behindFrom === undefined ? Number(head) : Math.max(0, Number(head - behindFrom));
  return {
    inboxId: client.inboxId,
    address: client.accountIdentifier?.identifier ?? '',
    chain: { head: head?.toString() ?? null, checkpointBlock: checkpointBlock?.toString() ?? null, lagBlocks, live: chain.live },
    events: await Promise.all(
      (await store.events()).map(async (event) => {
        const outcome = scheduler.outcomes.get(event.eventId.toString());
        const holders = (await store.ledger(event.groupId)).size;
        const members = outcome?.members ?? 0;
        return {
          eventId: event.eventId.toString(),
          groupId: event.groupId,
          state: event.state,
          note: event.note,
          members,
          holders,
          others: Math.max(0, members - holders),
          waiting: outcome?.waiting ?? [],
        };
      }),
    ),
    pending: (await store.pending()).map((entry) => ({
      eventId: entry.eventId.toString(),
      address: entry.address,
      sinceMs: entry.since,
      attempts: entry.attempts,
    })),
    openIntents: (await store.openIntents()).length,
    writesInWindow: common.limiter.writesInWindow(),
    replica: common.ownership.describe(),
  };
}
