import { ChatError, nodeRuntime, verifyEventGroup } from '@ticketchat/chat/node';
import type { Address } from 'viem';
import type { Common } from '../internal/common.ts';
import type { StoredEvent } from '../store/agentStore.ts';
import type { MembershipScheduler } from './scheduler.ts';

/**
 * New events: the registry announces the event (and its group id) before the creator publishes
 * the group, so the agent waits for the group's welcome, then proves it is the event's real group
 * with the chat library's own verification (the chain's group id, the creator's inbox a super
 * admin, the app data bound to this chain, registry and event) and that the agent is an admin.
 * Only then is the group managed. Passes run one at a time and adoption is a state change in the
 * store, so a welcome delivered twice is acted on once.
 */
export class GroupAdoption {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly common: Common,
    private readonly scheduler: MembershipScheduler,
    private readonly chain: { chainId: number; registry: Address },
  ) {}

  /** Looks for awaited groups now (a welcome arrived, a new event was logged, or the timer ticked). */
  poke(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass()
      .catch((error: unknown) => this.common.logger.warn({ err: error }, 'looking for event groups failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.poke();
        }
      });
    return this.running;
  }

  private async pass(): Promise<void> {
    const { ownership } = this.common;
    // With replicas the event's holder adopts it: another agent (not an admin, say) never overwrites its verdict.
    const awaiting = (await this.common.store.events()).filter(
      (event) => event.state === 'awaiting-group' && ownership.holds(event.eventId),
    );
    if (awaiting.length === 0) return;
    await this.common.client.conversations.sync();
    for (const event of awaiting) await this.adopt(event);
  }

  private async adopt(event: StoredEvent): Promise<void> {
    const { client, store, logger } = this.common;
    const note = async (reason: string) => {
      if (reason !== event.note) logger.info({ eventId: event.eventId.toString(), reason }, 'event group not managed yet');
      await store.setEventState(event.eventId, event.groupId, 'awaiting-group', reason);
    };
    const conversation = await client.conversations.getConversationById(event.groupId);
    if (!conversation || !('addMembers' in conversation)) return note('the group has not reached the agent yet');
    await conversation.sync();
    try {
      await verifyEventGroup(nodeRuntime, client, conversation, {
        ...this.chain,
        eventId: event.eventId,
        groupId: event.groupId,
        creator: event.creator,
      });
    } catch (error) {
      return note(error instanceof ChatError ? error.shortMessage : String(error));
    }
    if (!conversation.isAdmin(client.inboxId) && !conversation.isSuperAdmin(client.inboxId)) {
      return note('the agent is not an admin of the group');
    }
    await store.setEventState(event.eventId, event.groupId, 'managed', null);
    await store.requestFullSync(event.eventId);
    logger.info({ eventId: event.eventId.toString(), groupId: event.groupId }, 'managing event group');
    this.scheduler.wake(event.eventId, 0);
  }
}
