import type { TicketchatPublicClient } from '@ticketchat/contracts';
import type { Common } from './internal/common.ts';
import type { MembershipScheduler } from './membership/scheduler.ts';
import { openGroup } from './membership/groupSync.ts';
import type { SectionLayout, StoredEvent } from './store/agentStore.ts';
import type { GatekeeperStatus, SectionStatus } from './status.ts';

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
        const layout = event.state === 'managed' ? await store.sectionLayout(event.eventId) : undefined;
        const sections = layout ? await sectionStatuses(common, event, layout) : undefined;
        // A sectioned event's figures cover all its sections.
        const members = sections ? sum(sections.map((section) => section.members)) : (outcome?.members ?? 0);
        const holders = sections ? sum(sections.map((section) => section.holders)) : (await store.ledger(event.groupId)).size;
        return {
          eventId: event.eventId.toString(),
          groupId: event.groupId,
          state: event.state,
          note: event.note,
          members,
          holders,
          others: Math.max(0, members - holders),
          waiting: outcome?.waiting ?? [],
          ...(sections ? { sections } : {}),
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

/** Each section's members as the agent's client last synced them (no network call), its ledger and its seats. */
async function sectionStatuses(common: Common, event: StoredEvent, layout: SectionLayout): Promise<SectionStatus[]> {
  const seats = [...(await common.store.seats(event.eventId))];
  return Promise.all(
    layout.groupIds.map(async (groupId, index) => {
      // A replica that does not hold the event may not have the section yet: it reports it empty.
      const group = await openGroup(common, groupId).catch(() => undefined);
      const members = new Set(((await group?.members()) ?? []).map((member) => member.inboxId));
      const seated = seats.filter(([, section]) => section === index).map(([inbox]) => inbox);
      return {
        index,
        groupId,
        members: members.size,
        holders: (await common.store.ledger(groupId)).size,
        seats: seated.length,
        waiting: seated.filter((inbox) => !members.has(inbox)),
      };
    }),
  );
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
