import type { Common } from '../internal/common.ts';
import { openGroup } from './groupSync.ts';

/**
 * After a crash, an open intent is a commit that may or may not have landed. The group's actual
 * members decide: an add whose inboxes are members landed (the ledger records them as the agent's),
 * a remove whose inboxes are gone landed. Whatever did not land is left to the reconciliation that
 * follows, which diffs against the members, so nothing is committed twice. An agent taking over
 * another's events (replicas on Postgres) does the same for those events first.
 */
export async function recoverIntents(common: Common, eventIds?: readonly bigint[]): Promise<void> {
  for (const intent of await common.store.openIntents()) {
    // Replicas settle only the events they take over, before acting on them.
    if (eventIds && !eventIds.includes(intent.eventId)) continue;
    const group = await openGroup(common, intent.groupId);
    await group.sync();
    const members = new Set((await group.members()).map((member) => member.inboxId));
    const applied = intent.inboxIds.filter((inbox) => (intent.action === 'add' ? members.has(inbox) : !members.has(inbox)));
    await common.store.closeIntent(intent.id, intent.groupId, intent.action, applied);
    common.logger.warn(
      { eventId: intent.eventId.toString(), action: intent.action, intended: intent.inboxIds.length, landed: applied.length },
      'recovered an interrupted membership commit',
    );
  }
}
