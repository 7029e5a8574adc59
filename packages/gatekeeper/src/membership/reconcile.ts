import { followedEventsAbi, type TicketchatLogEvent, type TicketchatPublicClient } from '@ticketchat/contracts';
import type { Address } from 'viem';
import { ingestLogs, type IngestibleLog } from '../chain/logIngest.ts';
import type { Common } from '../internal/common.ts';
import type { MembershipScheduler } from './scheduler.ts';

/**
 * Exactness: every managed group is diffed against the chain (desired members versus actual) and
 * repaired. Before that, the kiosk's logs of the last `reorgDepth` blocks are read again, so a
 * holder whose purchase a reorganisation moved to another block is known; the sync itself reads
 * validity from the chain, so a purchase a reorganisation dropped is undone the same way.
 */
export async function reconcileAll(
  common: Common,
  scheduler: MembershipScheduler,
  chain: { publicClient: TicketchatPublicClient; registry: Address; kiosk: Address },
): Promise<void> {
  const { store, config } = common;
  // With replicas, the agent following the chain re-reads the logs; each agent syncs its own events.
  if (config.reorgDepth > 0 && common.ownership.ingests()) {
    const checkpoint = await store.checkpoint();
    if (checkpoint) {
      // A reorganisation may have left the head below the checkpoint.
      const head = await chain.publicClient.getBlockNumber({ cacheTime: 0 });
      const toBlock = checkpoint.blockNumber < head ? checkpoint.blockNumber : head;
      const fromBlock = toBlock > BigInt(config.reorgDepth) ? toBlock - BigInt(config.reorgDepth) : 0n;
      const logs = await chain.publicClient.getLogs({
        address: [chain.registry, chain.kiosk],
        events: followedEventsAbi,
        fromBlock,
        toBlock,
        strict: true,
      });
      const recent = logs
        .filter((log) => log.eventName.startsWith('Ticket'))
        .map((log): IngestibleLog => ({
          ...({ eventName: log.eventName, args: log.args } as TicketchatLogEvent),
          blockNumber: log.blockNumber,
          transactionHash: log.transactionHash,
          checkpoint: { blockNumber: log.blockNumber, logIndex: log.logIndex },
        }));
      // Re-recorded as touches only; the checkpoint stays where the follower put it.
      if (recent.length > 0) await ingestLogs(store, { logs: recent });
    }
  }
  for (const event of await store.events()) {
    if (event.state !== 'managed' || !common.ownership.holds(event.eventId)) continue;
    await store.requestFullSync(event.eventId);
    scheduler.wake(event.eventId, 0);
  }
}
