import type { Address } from 'viem';
import { BaseError } from '@ticketchat/errors';
import { NotInvitedError, RoomError, SpoofedGroupError } from '../errors.ts';
import { decodeEventBinding, sameBinding, type EventBinding } from '../groups/binding.ts';
import type { XmtpClient, XmtpGroup, XmtpRuntime } from '../sdk/types.ts';

export interface EventChatRef extends EventBinding {
  /** The group id the chain records for the event (XMTP's lowercase hex); a sectioned event's section 0. */
  groupId: string;
  /** The event's creator as the chain records it. */
  creator: Address;
  /**
   * A sectioned event's section group ids in order, from the metadata whose CID the chain names
   * (`discoverEventChat`'s `sections`); `section` then picks the group. Absent: one group.
   */
  sectionGroupIds?: readonly string[];
}

/** The id of the group `event` names: its section's from the section list, or the chain's. */
export function eventGroupIdOf(event: Pick<EventChatRef, 'groupId' | 'section' | 'sectionGroupIds'>): string {
  return event.sectionGroupIds?.[event.section ?? 0] ?? event.groupId;
}

/**
 * Finds an event's group in the client's welcomes and proves it is the real one before anything is
 * shown: its id is the one on chain; the creator's inbox (the inbox the chain's creator address is
 * associated with) is a super admin; its app data binds it to this chain, registry and event.
 * Fails with NotInvitedError when the wallet has not been added yet, SpoofedGroupError otherwise.
 */
export async function findVerifiedEventGroup<Client extends XmtpClient, Group extends XmtpGroup>(
  runtime: Pick<XmtpRuntime<Client, Group>, 'findGroup' | 'findInboxId'>,
  client: Client,
  event: EventChatRef,
): Promise<Group> {
  try {
    // findGroup syncs the welcomes first: a freshly added member only knows the group once its welcome is processed.
    const groupId = eventGroupIdOf(event);
    const group = await runtime.findGroup(client, groupId);
    if (!group) throw new NotInvitedError(event.eventId, groupId, event.sectionGroupIds ? event.section : undefined);
    await syncUnlessInactive(group);
    await verifyEventGroup(runtime, client, group, event);
    return group;
  } catch (error) {
    // Refusals are already sentences; a failing SDK call gets one.
    throw error instanceof BaseError ? error : new RoomError(event.eventId, 'verify the group', error);
  }
}

/**
 * Proves `group` is the event's group (or, for a sectioned event, its section `event.section`):
 * its id is the chain's (or the section list's entry, and the list starts with the chain's id); its
 * app data binds it to this chain, registry, event and section; the creator's inbox is a super
 * admin. Anything else is a SpoofedGroupError that says why.
 */
export async function verifyEventGroup<Client extends XmtpClient>(
  runtime: Pick<XmtpRuntime<Client>, 'findInboxId'>,
  client: Client,
  group: Pick<XmtpGroup, 'id' | 'appData' | 'listSuperAdmins'>,
  event: EventChatRef,
): Promise<void> {
  const refuse = (reason: string) => new SpoofedGroupError(event.eventId, group.id, reason);
  const section = event.section ?? 0;
  const idProblem = groupIdProblem(group.id, event, section);
  if (idProblem) throw refuse(idProblem);

  const binding = decodeEventBinding(group.appData);
  if (!binding) throw refuse('it carries no event binding');
  if (!sameBinding(binding, { ...event, section })) {
    throw refuse(
      sameBinding({ ...binding, section }, { ...event, section })
        ? `it is bound to section ${binding.section}, not section ${section}`
        : `it is bound to event ${binding.eventId} of registry ${binding.registry} on chain ${binding.chainId}`,
    );
  }

  const creatorInbox = await runtime.findInboxId(client, event.creator);
  if (!creatorInbox) throw refuse(`the event creator ${event.creator} has no XMTP inbox`);
  const superAdmins = await group.listSuperAdmins();
  if (!superAdmins.includes(creatorInbox)) throw refuse(`the event creator ${event.creator} is not its super admin`);
}

/** Why `groupId` is not section `section` of `event`, or undefined when it is. */
function groupIdProblem(groupId: string, event: EventChatRef, section: number): string | undefined {
  const ids = event.sectionGroupIds;
  if (!ids) {
    if (section !== 0) return `the event has no sections, so no section ${section}`;
    return groupId === event.groupId ? undefined : `the chain names group ${event.groupId}`;
  }
  // The chain records one id; only a list that starts with it is the event's.
  if (ids[0] !== event.groupId) return `the section list starts with ${ids[0] ?? '(nothing)'}, not the chain's group ${event.groupId}`;
  if (!Number.isSafeInteger(section) || section < 0 || section >= ids.length) {
    return `the event has no section ${section} (it has ${ids.length})`;
  }
  if (groupId === ids[section]) return undefined;
  const position = ids.indexOf(groupId);
  return position < 0 ? "it is not in the event's section list" : `it is section ${position}, not section ${section}`;
}

/**
 * Syncs a group; false when the client was removed from it (a refund, a transfer): it keeps the
 * group locally but can no longer sync it (libxmtp: "Group is inactive"), and what it received
 * before stays readable. Any other failure is thrown.
 */
export async function syncUnlessInactive(group: Pick<XmtpGroup, 'sync'>): Promise<boolean> {
  try {
    await group.sync();
    return true;
  } catch (error) {
    if (!isInactiveGroupError(error)) throw error;
    return false;
  }
}

/** libxmtp's answer to syncing a group the client was removed from (an error, or a room state's reason). */
export function isInactiveGroupError(error: unknown): boolean {
  return /Group is inactive/.test(error instanceof Error ? error.message : String(error));
}
