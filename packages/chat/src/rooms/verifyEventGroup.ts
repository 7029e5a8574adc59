import type { Address } from 'viem';
import { BaseError } from '@ticketchat/errors';
import { NotInvitedError, RoomError, SpoofedGroupError } from '../errors.ts';
import { decodeEventBinding, sameBinding, type EventBinding } from '../groups/binding.ts';
import type { XmtpClient, XmtpGroup, XmtpRuntime } from '../sdk/types.ts';

export interface EventChatRef extends EventBinding {
  /** The group id the chain records for the event (XMTP's lowercase hex). */
  groupId: string;
  /** The event's creator as the chain records it. */
  creator: Address;
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
    const group = await runtime.findGroup(client, event.groupId);
    if (!group) throw new NotInvitedError(event.eventId, event.groupId);
    await group.sync();
    await verifyEventGroup(runtime, client, group, event);
    return group;
  } catch (error) {
    // Refusals are already sentences; a failing SDK call gets one.
    throw error instanceof BaseError ? error : new RoomError(event.eventId, 'verify the group', error);
  }
}

export async function verifyEventGroup<Client extends XmtpClient>(
  runtime: Pick<XmtpRuntime<Client>, 'findInboxId'>,
  client: Client,
  group: Pick<XmtpGroup, 'id' | 'appData' | 'listSuperAdmins'>,
  event: EventChatRef,
): Promise<void> {
  const refuse = (reason: string) => new SpoofedGroupError(event.eventId, group.id, reason);
  if (group.id !== event.groupId) throw refuse(`the chain names group ${event.groupId}`);

  const binding = decodeEventBinding(group.appData);
  if (!binding) throw refuse('it carries no event binding');
  if (!sameBinding(binding, event)) {
    throw refuse(`it is bound to event ${binding.eventId} of registry ${binding.registry} on chain ${binding.chainId}`);
  }

  const creatorInbox = await runtime.findInboxId(client, event.creator);
  if (!creatorInbox) throw refuse(`the event creator ${event.creator} has no XMTP inbox`);
  const superAdmins = await group.listSuperAdmins();
  if (!superAdmins.includes(creatorInbox)) throw refuse(`the event creator ${event.creator} is not its super admin`);
}
