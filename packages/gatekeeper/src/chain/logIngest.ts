import { decodeChatGroupId, encodeCheckpoint, type TicketchatLogBatch } from '@ticketchat/contracts';
import type { Address } from 'viem';
import type { StateStore } from '../store/stateStore.ts';

/**
 * Records one batch of logs and its checkpoint in one transaction: after a crash the batch is
 * either wholly recorded or read again, never half. Returns the events whose holders changed.
 * Nothing here trusts a log's claim about who holds what: a touched address is only marked, and
 * the chain is asked before anyone is added or removed.
 */
export function ingestLogs(store: StateStore, batch: TicketchatLogBatch): { touched: Set<bigint>; adoptable: boolean } {
  const touched = new Set<bigint>();
  let adoptable = false;
  store.transaction(() => {
    for (const log of batch.logs) {
      const at = encodeCheckpoint(log.checkpoint);
      const touch = (eventId: bigint, address: Address) => {
        store.touchHolder(eventId, address, log.blockNumber, at);
        touched.add(eventId);
      };
      switch (log.eventName) {
        case 'EventCreated':
          store.addEvent(log.args.eventId, log.args.creator, decodeChatGroupId(log.args.chatGroupId));
          adoptable = true;
          break;
        case 'ChatGroupIdUpdated':
          store.changeGroup(log.args.eventId, decodeChatGroupId(log.args.chatGroupId));
          adoptable = true;
          break;
        case 'EventCancelled':
          // Every ticket stops being valid: the whole group is reconciled.
          store.requestFullSync(log.args.eventId);
          touched.add(log.args.eventId);
          break;
        case 'TicketPurchased':
          touch(log.args.eventId, log.args.buyer);
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
    store.saveCheckpoint(batch.checkpoint);
  });
  return { touched, adoptable };
}
