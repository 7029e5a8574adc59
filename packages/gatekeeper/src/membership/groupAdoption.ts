import { ChatError, nodeRuntime, verifyEventGroup } from '@ticketchat/chat/node';
import type { Address } from 'viem';
import type { Common } from '../internal/common.ts';
import type { LayoutReading } from '../sections/sectionLayout.ts';
import type { StoredEvent } from '../store/agentStore.ts';
import type { MembershipScheduler } from './scheduler.ts';

/** An awaited group is looked for again after 0.5 s, then twice as long each time, up to a minute. */
export const ADOPTION_BACKOFF = { firstMs: 500, maxMs: 60_000 };

/** The wait before the next look for a group that was not there (or not valid) this time. */
export function nextAdoptionDelay(previousMs: number | undefined): number {
  return previousMs === undefined ? ADOPTION_BACKOFF.firstMs : Math.min(previousMs * 2, ADOPTION_BACKOFF.maxMs);
}

/**
 * New events: the registry announces the event (and its group id) before the creator publishes
 * the group, so the agent waits for the group's welcome, then proves it is the event's real group
 * with the chat library's own verification (the chain's group id, the creator's inbox a super
 * admin, the app data bound to this chain, registry and event) and that the agent is an admin.
 * Only then is the group managed. An event cut into sections (its chain-named metadata lists
 * them) is managed once every section group has reached the agent and verified as its section.
 * Passes run one at a time and adoption is a state change in the
 * store, so a welcome delivered twice is acted on once.
 * Each awaited event backs off on its own (`ADOPTION_BACKOFF`, shown in its status note): a group
 * that never comes costs a look a minute, not two a second. A welcome for the group, or a new log
 * for the event, makes it due at once.
 */
export class GroupAdoption {
  private running: Promise<void> | undefined;
  private again = false;
  /** Section groups that passed verification (event, section, group id), while their event still waits for others. */
  private readonly verifiedSections = new Set<string>();
  /** Per awaited event: the last wait and when it is next due. */
  private readonly backoff = new Map<string, { delayMs: number; dueAt: number }>();
  private readonly dueGroups = new Set<string>();
  private readonly dueEvents = new Set<string>();

  constructor(
    private readonly common: Common,
    private readonly scheduler: MembershipScheduler,
    private readonly chain: { chainId: number; registry: Address },
    /** Reads the event's sections from its chain-named metadata; without it every event is one group. */
    private readonly readLayout?: (eventId: bigint, groupId: string) => Promise<LayoutReading>,
  ) {}

  /**
   * Looks for the awaited groups that are due (the timer ticked), and at once for those `due`
   * names: a welcome arrived for `groupId`, or a log named `eventIds`.
   */
  poke(due: { groupId?: string; eventIds?: Iterable<bigint> } = {}): Promise<void> {
    if (due.groupId) this.dueGroups.add(due.groupId);
    for (const eventId of due.eventIds ?? []) this.dueEvents.add(eventId.toString());
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
    const now = Date.now();
    // With replicas the event's holder adopts it: another agent (not an admin, say) never overwrites its verdict.
    const awaiting = (await this.common.store.events()).filter(
      (event) => event.state === 'awaiting-group' && ownership.holds(event.eventId),
    );
    for (const event of awaiting) {
      const key = event.eventId.toString();
      if (this.dueGroups.has(event.groupId) || this.dueEvents.has(key)) this.backoff.delete(key);
    }
    this.dueGroups.clear();
    this.dueEvents.clear();
    const due = awaiting.filter((event) => (this.backoff.get(event.eventId.toString())?.dueAt ?? 0) <= now);
    if (due.length === 0) return;
    await this.common.client.conversations.sync();
    for (const event of due) await this.adopt(event);
  }

  private async adopt(event: StoredEvent): Promise<void> {
    const { store, logger } = this.common;
    const key = event.eventId.toString();
    const note = async (reason: string) => {
      const delayMs = nextAdoptionDelay(this.backoff.get(key)?.delayMs);
      this.backoff.set(key, { delayMs, dueAt: Date.now() + delayMs });
      const text = `${reason} (next look within ${Math.ceil(delayMs / 1000)} s)`;
      if (text !== event.note) {
        logger.info({ eventId: key, reason, nextLookMs: delayMs }, 'event group not managed yet');
        await store.setEventState(event.eventId, event.groupId, 'awaiting-group', text);
      }
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
      const sectionKey = `${event.eventId}:${section}:${groupId}`;
      if (section === 0 || this.verifiedSections.has(sectionKey)) continue;
      const sectionProblem = await this.groupProblem(event, groupId, { section, sectionGroupIds: layout!.groupIds });
      if (sectionProblem) return note(`section ${section} (of sections 0 to ${layout!.groupIds.length - 1}): ${sectionProblem}`);
      this.verifiedSections.add(sectionKey);
    }
    this.backoff.delete(key);
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
