import { DraftGroupError, PublishGroupError } from '../errors.ts';
import type { XmtpClient, XmtpGroup, XmtpRuntime } from '../sdk/types.ts';
import { encodeEventBinding, type EventBinding } from './binding.ts';
import { EVENT_GROUP_POLICY } from './eventGroupPolicy.ts';

export interface EventGroupDraftOptions {
  name: string;
  description?: string;
  imageUrl?: string;
}

/**
 * Creates an event's group locally, before the mint: no network call, so its id can go into the
 * mint transaction and the IPFS metadata. If the mint fails, the draft is simply dropped: nothing
 * of it ever reached the network.
 */
export async function createEventGroupDraft<Client extends XmtpClient, Group extends XmtpGroup>(
  runtime: Pick<XmtpRuntime<Client, Group>, 'createGroupOptimistic'>,
  creator: Client,
  options: EventGroupDraftOptions,
): Promise<Group> {
  try {
    return await runtime.createGroupOptimistic(creator, { ...options, permissions: EVENT_GROUP_POLICY });
  } catch (error) {
    throw new DraftGroupError(options.name, error);
  }
}

export interface PublishEventGroupOptions {
  /** Chain id, registry and event id from the mint, recorded in the group's app data. */
  binding: EventBinding;
  /** Membership agents made admins (least privilege: add and remove members). */
  agentInboxIds: string[];
}

/**
 * After the mint: adds each membership agent (the first membership change publishes the draft
 * group) and makes it an admin, then binds the group to its event in the app data.
 */
export async function publishEventGroup(
  group: Pick<XmtpGroup, 'addMembers' | 'addAdmin' | 'updateAppData'>,
  options: PublishEventGroupOptions,
): Promise<void> {
  try {
    // libxmtp cannot commit a metadata change as the very first commit of an optimistic group
    // (its creator's membership has no identity sequence yet); adding members first works.
    if (options.agentInboxIds.length > 0) {
      await group.addMembers(options.agentInboxIds);
      for (const agent of options.agentInboxIds) await group.addAdmin(agent);
    }
    await group.updateAppData(encodeEventBinding(options.binding));
  } catch (error) {
    throw new PublishGroupError(options.binding.eventId, error, options.binding.section);
  }
}
