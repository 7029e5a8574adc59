import { ChatError, nodeRuntime, verifyEventGroup } from '@ticketchat/chat/node';
import type { Address } from 'viem';
import type { Common } from '../internal/common.ts';
import type { LayoutReading } from '../sections/sectionLayout.ts';
import type { StoredEvent } from '../store/agentStore.ts';
import type { MembershipScheduler } from './scheduler.ts';

/**
 * New events: the registry announces the event (and its group id) before the creator publishes
 * the group, so the agent waits for the group's welcome, then proves it is the event's real group
 * with the chat library's own verification (the chain's group id, the creator's inbox a super
 * admin, the app data bound to this chain, registry and event) and that the agent is an admin.
 * Only then is the group managed. An event cut into sections (its chain-named metadata lists
 * them) is managed once every section group has reached the agent and verified as its section.
 * Passes run one at a time and adoption is a state change in the
 * store, so a welcome delivered twice is acted on once.
 */
export class GroupAdoption {
  private running: Promise<void> | undefined;
  private again = false;
  /** Section groups that passed verification (event, section, group id), while their event still waits for others. */
  private readonly verifiedSections = new Set<string>();

  constructor(
    private readonly common: Common,
    private readonly scheduler: MembershipScheduler,
    private readonly chain: { chainId: number; registry: Address },
    /** Reads the event's sections from its chain-named metadata; without it every event is one group. */
    private readonly readLayout?: (eventId: bigint, groupId: string) => Promise<LayoutReading>,
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
    const { store, logger } = this.common;
    const note = async (reason: string) => {
      if (reason !== event.note) logger.info({ eventId: event.eventId.toString(), reason }, 'event group not managed yet');
      await store.setEventState(event.eventId, event.groupId, 'awaiting-group', reason);
    };
    // The chain's group first: until it has reached the agent there is nothing to read the sections for.
    const problem = await this.groupProblem(event, event.groupId);
    if (problem) return note(problem);
    const reading = this.readLayout ? await this.readLayout(event.eventId, event.groupId) : { layout: undefined };
    if (reading.problem !== undefined) return note(reading.problem);
    const { layout } = reading;
    // Section 0 is the chain's group, verified above (the list starts with it). Sections are
    // published one after another: those verified in an earlier pass are not asked again.
    for (const [section, groupId] of (layout?.groupIds ?? []).entries()) {
      const key = `${event.eventId}:${section}:${groupId}`;
      if (section === 0 || this.verifiedSections.has(key)) continue;
      const sectionProblem = await this.groupProblem(event, groupId, { section, sectionGroupIds: layout!.groupIds });
      if (sectionProblem) return note(`section ${section} (of sections 0 to ${layout!.groupIds.length - 1}): ${sectionProblem}`);
      this.verifiedSections.add(key);
    }
    await store.setSectionLayout(event.eventId, layout);
    await store.setEventState(event.eventId, event.groupId, 'managed', null);
    await store.requestFullSync(event.eventId);
    logger.info({ eventId: event.eventId.toString(), groupId: event.groupId, sections: layout?.groupIds.length }, 'managing event group');
    this.scheduler.wake(event.eventId, 0);
  }

  /** Why `groupId` cannot be managed for the event (as its group, or as the given section), or undefined when it can. */
  private async groupProblem(
    event: StoredEvent,
    groupId: string,
    section?: { section: number; sectionGroupIds: readonly string[] },
  ): Promise<string | undefined> {
    const { client } = this.common;
    const conversation = await client.conversations.getConversationById(groupId);
    if (!conversation || !('addMembers' in conversation)) return 'the group has not reached the agent yet';
    await conversation.sync();
    try {
      await verifyEventGroup(nodeRuntime, client, conversation, {
        ...this.chain,
        eventId: event.eventId,
        groupId: event.groupId,
        creator: event.creator,
        ...section,
      });
    } catch (error) {
      return error instanceof ChatError ? error.shortMessage : String(error);
    }
    if (!conversation.isAdmin(client.inboxId) && !conversation.isSuperAdmin(client.inboxId))
      return 'the agent is not an admin of the group';
    return undefined;
  }
}
