import { decodeChatGroupId, encodeCheckpoint, type Checkpoint, type TicketchatLogEvent } from '@ticketchat/contracts';
import type { Hash } from 'viem';
import type { AgentStore, StoreChange } from '../store/agentStore.ts';

/**
 * What ingestion reads of a log: the follower's logs, or logs read again after a reorganisation.
 * The transaction hash groups tickets bought together (`buyFor`), which sections keep together.
 */
export type IngestibleLog = TicketchatLogEvent & { blockNumber: bigint; transactionHash: Hash; checkpoint: Checkpoint };

/**
 * Records one batch of logs and its checkpoint in one transaction: after a crash the batch is
 * either wholly recorded or read again, never half. Returns the events whose holders changed.
 * Nothing here trusts a log's claim about who holds what: a touched address is only marked, and
 * the chain is asked before anyone is added or removed. Without a checkpoint (logs read again after
 * a reorganisation) the follower's position stays where it is.
 */
export async function ingestLogs(
  store: AgentStore,
  batch: { logs: IngestibleLog[]; checkpoint?: Checkpoint },
): Promise<{ touched: Set<bigint>; adoptable: boolean }> {
  const { changes, touched, adoptable } = changesOf(batch.logs);
  await store.record(changes, batch.checkpoint);
  return { touched, adoptable };
}

function changesOf(logs: IngestibleLog[]): { changes: StoreChange[]; touched: Set<bigint>; adoptable: boolean } {
  const changes: StoreChange[] = [];
  const touched = new Set<bigint>();
  let adoptable = false;
  for (const log of logs) {
    const touch = (eventId: bigint, address: `0x${string}`) => {
      changes.push({ kind: 'holder-touched', eventId, address, block: log.blockNumber, firstSeen: encodeCheckpoint(log.checkpoint) });
      touched.add(eventId);
    };
    switch (log.eventName) {
      case 'EventCreated':
        changes.push({
          kind: 'event-created',
          eventId: log.args.eventId,
          creator: log.args.creator,
          groupId: decodeChatGroupId(log.args.chatGroupId),
        });
        adoptable = true;
        break;
      case 'ChatGroupIdUpdated':
        changes.push({ kind: 'group-changed', eventId: log.args.eventId, groupId: decodeChatGroupId(log.args.chatGroupId) });
        adoptable = true;
        break;
      case 'EventCancelled':
        // Every ticket stops being valid: the whole group is reconciled.
        changes.push({ kind: 'full-sync', eventId: log.args.eventId });
        touched.add(log.args.eventId);
        break;
      case 'TicketPurchased':
        touch(log.args.eventId, log.args.buyer);
        changes.push({ kind: 'purchase', eventId: log.args.eventId, address: log.args.buyer, transactionHash: log.transactionHash });
        break;
      case 'TicketRefunded':
        touch(log.args.eventId, log.args.holder);
        break;
      case 'TicketTransferred':
        touch(log.args.eventId, log.args.from);
        touch(log.args.eventId, log.args.to);
        break;
      case 'MetadataURIUpdated':
      case 'ProceedsWithdrawn':
        break;
    }
  }
  return { changes, touched, adoptable };
}
