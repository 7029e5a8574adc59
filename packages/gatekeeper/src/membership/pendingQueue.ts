import type { Common } from '../internal/common.ts';
import type { MembershipScheduler } from './scheduler.ts';

/**
 * Buyers whose address has no XMTP identity yet wait in the store's pending queue. This looks them
 * up again (on a schedule, and on demand) and hands those that registered back to their group's
 * scheduler; the lookups are separate from the groups' syncs, so a queue of thousands never holds
 * up anyone else's add.
 */
export async function retryPending(common: Common, scheduler: MembershipScheduler): Promise<number> {
  const pending = (await common.store.pending()).filter((entry) => common.ownership.holds(entry.eventId));
  if (pending.length === 0) return 0;
  const inboxes = await common.directory.inboxesOf([...new Set(pending.map((entry) => entry.address))]);
  let found = 0;
  for (const entry of pending) {
    if (inboxes.get(entry.address)) {
      await common.store.markDirty(entry.eventId, entry.address);
      scheduler.wake(entry.eventId);
      found++;
    } else {
      await common.store.setPending(entry.eventId, entry.address, true);
    }
  }
  if (found > 0) common.logger.info({ found, stillPending: pending.length - found }, 'pending holders registered on XMTP');
  return found;
}
