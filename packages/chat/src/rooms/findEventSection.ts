import { BaseError } from '@ticketchat/errors';
import { NoSuchSectionError, NotInvitedError, RoomError, SpoofedGroupError } from '../errors.ts';
import type { XmtpClient, XmtpGroup, XmtpRuntime } from '../sdk/types.ts';
import { findVerifiedEventGroup, syncUnlessInactive, verifyEventGroup, type EventChatRef } from './verifyEventGroup.ts';

/**
 * The member's room of an event: for an event of one group (or when `event.section` is given) that
 * group, verified as that section (a section the event does not have is a NoSuchSectionError, one
 * the wallet was never added to a NotInvitedError: MLS gives it nothing to read there); for a
 * sectioned event, the section the client was added to. The client's welcomes are synced once,
 * and only groups in the event's section list are considered, each verified as its own section,
 * so a group someone else made (copied binding, section number and all) is never a candidate. A
 * section the client is still active in wins over one it was removed from (a move after a
 * transfer); the creator and staff, in every section, get the first.
 */
export async function findVerifiedEventSection<Client extends XmtpClient, Group extends XmtpGroup>(
  runtime: Pick<XmtpRuntime<Client, Group>, 'findGroup' | 'findGroups' | 'findInboxId'>,
  client: Client,
  event: EventChatRef,
): Promise<{ group: Group; section: number }> {
  const ids = event.sectionGroupIds;
  if (event.section !== undefined) {
    // A number asked for (a creator's section switcher, a shared link) is checked before any group is looked up.
    const count = ids?.length ?? 1;
    if (!Number.isSafeInteger(event.section) || event.section < 0 || event.section >= count) {
      throw new NoSuchSectionError(event.eventId, event.section, count);
    }
  }
  if (!ids || event.section !== undefined) {
    return { group: await findVerifiedEventGroup(runtime, client, event), section: event.section ?? 0 };
  }
  try {
    const candidates = await runtime.findGroups(client, ids);
    if (candidates.length === 0) throw new NotInvitedError(event.eventId, event.groupId);
    // Synced one at a time and verified as soon as active, so the creator and staff (in every
    // section) sync one group, not all of them; sections the member was removed from come last.
    const removed: Group[] = [];
    let refusal: SpoofedGroupError | undefined;
    const attempt = async (group: Group): Promise<{ group: Group; section: number } | undefined> => {
      const section = ids.indexOf(group.id);
      try {
        await verifyEventGroup(runtime, client, group, { ...event, section });
        return { group, section };
      } catch (error) {
        if (!(error instanceof SpoofedGroupError)) throw error;
        refusal ??= error;
        return undefined;
      }
    };
    for (const group of candidates) {
      if (!(await syncUnlessInactive(group))) {
        removed.push(group);
        continue;
      }
      const found = await attempt(group);
      if (found) return found;
    }
    for (const group of removed) {
      const found = await attempt(group);
      if (found) return found;
    }
    throw refusal ?? new NotInvitedError(event.eventId, event.groupId);
  } catch (error) {
    throw error instanceof BaseError ? error : new RoomError(event.eventId, 'find your section', error);
  }
}
