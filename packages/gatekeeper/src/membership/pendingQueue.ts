import type { Common } from '../internal/common.ts';
import { touchedWithoutLog } from '../store/agentStore.ts';
import type { MembershipScheduler } from './scheduler.ts';

/**
 * Buyers (and a sectioned event's staff) whose address has no XMTP identity yet wait in the store's
 * pending queue. This looks them up again (on a schedule, and on demand) and hands those that
 * registered back to their group's scheduler; the lookups are separate from the groups' syncs, so a
 * queue of thousands never holds up anyone else's add.
 */
export async function retryPending(common: Common, scheduler: MembershipScheduler): Promise<number> {
  const pending = (await common.store.pending()).filter((entry) => common.ownership.holds(entry.eventId));
  if (pending.length === 0) return 0;
  const inboxes = await common.directory.inboxesOf([...new Set(pending.map((entry) => entry.address))]);
  const found: typeof pending = [];
  for (const entry of pending) {
    if (inboxes.get(entry.address)) found.push(entry);
    else await common.store.setPending(entry.eventId, entry.address, true);
  }
  if (found.length === 0) return 0;
  // Block 0 (never deferred): a buyer's address is known already, a staff member's (queued by a
  // sectioned event's sync) is not, and the touch makes it one to look at.
  await common.store.record(touchedWithoutLog(found, 0n));
  for (const eventId of new Set(found.map((entry) => entry.eventId))) scheduler.wake(eventId);
  common.logger.info({ found: found.length, stillPending: pending.length - found.length }, 'pending holders registered on XMTP');
  return found.length;
}
