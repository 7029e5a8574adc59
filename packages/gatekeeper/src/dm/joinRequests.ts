import { ConsentState, type DecodedMessage, type Dm } from '@xmtp/node-sdk';
import type { Address } from 'viem';
import type { Common } from '../internal/common.ts';
import { openGroup } from '../membership/groupSync.ts';
import type { MembershipScheduler } from '../membership/scheduler.ts';
import { groupsOfInbox } from '../sections/sectionLayout.ts';
import { touchedWithoutLog } from '../store/agentStore.ts';
import { readJoinRequest } from './readJoinRequest.ts';
import { SlidingWindow } from './slidingWindow.ts';

export const HELP_TEXT =
  'Send "join <event id>" (or a ticketchat.app/join-request:1.0 message) from an inbox one of whose addresses holds a ticket for that event.';

/**
 * Join on request: a holder DMs the agent "join <event id>" (or the structured join request) from any inbox that one of their
 * ticket-holding addresses belongs to. The agent asks the network for the sender's addresses and
 * the chain for their tickets, and adds the inbox at once (no batch wait); the creator and named
 * staff are let in without a ticket; anyone else gets a clear refusal. Requests are limited per
 * inbox; past the limit one notice is sent, then silence, so a flood costs the agent neither chain
 * reads nor XMTP writes.
 */
export class JoinRequests {
  private readonly window: SlidingWindow;
  private readonly told = new Set<string>();
  private stream: { end(): Promise<unknown> } | undefined;

  constructor(
    private readonly common: Common,
    private readonly scheduler: MembershipScheduler,
  ) {
    this.window = new SlidingWindow(common.config.joinRateLimit);
  }

  async start(): Promise<void> {
    this.stream = await this.common.client.conversations.streamAllDmMessages({
      consentStates: [ConsentState.Allowed, ConsentState.Unknown],
      onValue: (message) => void this.handle(message as DecodedMessage<unknown>),
      onError: (error) => this.common.logger.warn({ err: error }, 'DM stream error'),
    });
  }

  async stop(): Promise<void> {
    await this.stream?.end();
  }

  private async handle(message: DecodedMessage<unknown>): Promise<void> {
    const { client, logger, metrics } = this.common;
    const sender = message.senderInboxId;
    // Its own replies, and receipts a client sends on reading them, need no answer.
    if (sender === client.inboxId || message.contentType?.typeId === 'readReceipt') return;
    try {
      if (!this.window.allow(sender)) {
        metrics.joinRequests({ outcome: 'rate-limited' });
        if (!this.told.has(sender)) {
          this.told.add(sender);
          await this.reply(message, 'Too many requests: wait a minute before asking again.');
        }
        return;
      }
      this.told.delete(sender);
      const request = readJoinRequest(message);
      if (request.kind === 'help') {
        metrics.joinRequests({ outcome: 'unparsed' });
        return await this.reply(message, HELP_TEXT);
      }
      if (request.kind === 'refused') {
        metrics.joinRequests({ outcome: 'malformed' });
        logger.info({ sender, reason: request.reason }, 'join request refused unread');
        return await this.reply(message, `${request.reason} ${HELP_TEXT}`);
      }
      const { eventId } = request;
      const answer = await this.join(sender, eventId);
      metrics.joinRequests({ outcome: answer.outcome });
      logger.info({ sender, eventId: eventId.toString(), outcome: answer.outcome }, 'join request');
      await this.reply(message, answer.text);
    } catch (error) {
      logger.error({ err: error, sender }, 'join request failed');
      await this.reply(message, 'Something went wrong on our side; please try again shortly.').catch(() => undefined);
    }
  }

  private async join(sender: string, eventId: bigint): Promise<{ outcome: string; text: string }> {
    const { store, directory, reader } = this.common;
    const event = await store.event(eventId);
    if (!event) return { outcome: 'unknown-event', text: `Event ${eventId} has no chat run by this agent.` };
    if (event.state !== 'managed') return { outcome: 'not-open', text: `Event ${eventId}'s chat is not open yet; try again shortly.` };
    const addresses = (await directory.addressesOf([sender])).get(sender) ?? [];
    const block = await reader.trustedBlock();
    const validity = await reader.validity(eventId, addresses, block);
    const holding = addresses.filter((address) => validity.get(address));
    // The creator and a sectioned event's staff hold no ticket but are members all the same.
    const staff = new Set((await store.sectionLayout(eventId))?.staff.map((address) => address.toLowerCase()));
    const staffAddresses = addresses.filter((address) => staff.has(address));
    const creator = addresses.includes(event.creator.toLowerCase() as Address);
    if (holding.length === 0 && staffAddresses.length === 0 && !creator) {
      return {
        outcome: 'refused',
        text: `No address of your inbox (${addresses.join(', ') || 'none'}) holds a valid ticket for event ${eventId}, so you cannot join its chat.`,
      };
    }
    if (holding.length === 0) {
      // A new device of theirs is let in where the inbox is a member. A staff inbox missing from a
      // section (it registered after the agent last looked for it) is put in by the event's sync,
      // as a holder is; the creator drafted every group and sits in each already.
      let missing = false;
      for (const groupId of await groupsOfInbox(store, event, sender))
        missing = !(await this.refreshInstallations(groupId, sender)) || missing;
      if (!missing || staffAddresses.length === 0) return joined(eventId);
    }
    // Recorded like a log would be (the log may still be on its way), then synced at once.
    await store.record(
      touchedWithoutLog(
        [...holding, ...staffAddresses].map((address) => ({ eventId, address })),
        block ?? 0n,
      ),
    );
    // Another agent holds the event (replicas on Postgres): the record above woke it.
    if (!this.common.ownership.holds(eventId)) {
      const checked = holding.length > 0 ? 'Your ticket checks out' : 'You are on the staff';
      return { outcome: 'forwarded', text: `${checked}: you will be in event ${eventId}'s chat within seconds.` };
    }
    const outcome = await this.scheduler.syncNow(eventId);
    if (!outcome) return { outcome: 'failed', text: `Adding you to event ${eventId}'s chat failed; it is retried automatically.` };
    const position = outcome.waiting.indexOf(sender);
    if (position >= 0) {
      return {
        outcome: 'waiting',
        text: `Event ${eventId}'s chat is full; you are number ${position + 1} in line and will be added when room frees up.`,
      };
    }
    for (const groupId of await groupsOfInbox(store, event, sender)) await this.refreshInstallations(groupId, sender);
    return joined(eventId);
  }

  /**
   * A member asking to join is usually a new installation of an inbox already in the group (the
   * same wallet in a new browser): MLS admits it only with a commit, which XMTP otherwise makes
   * when a member next sends. Adding the inbox again commits its current installations, so the
   * new one gets its welcome now; for an inbox whose installations are all in, it changes nothing.
   * Resolves with whether the inbox is a member of the group.
   */
  private async refreshInstallations(groupId: string, sender: string): Promise<boolean> {
    const group = await openGroup(this.common, groupId);
    await group.sync();
    const members = await group.members();
    if (!members.some((member) => member.inboxId === sender)) return false;
    await this.common.limiter.write(() => group.addMembers([sender]), this.common.signal);
    return true;
  }

  private async reply(message: DecodedMessage<unknown>, text: string): Promise<void> {
    const dm = (await this.common.client.conversations.getConversationById(message.conversationId)) as Dm<unknown> | undefined;
    if (dm) await this.common.limiter.write(() => dm.sendText(text), this.common.signal);
  }
}

function joined(eventId: bigint): { outcome: string; text: string } {
  return { outcome: 'joined', text: `You're in: event ${eventId}'s chat is now in your conversations.` };
}
