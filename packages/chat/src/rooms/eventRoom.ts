import { BaseError } from '@ticketchat/errors';
import {
  RoomError,
  RoomReadOnlyError,
  type NoSuchSectionErrorType,
  type NotInvitedErrorType,
  type RoomErrorType,
  type SpoofedGroupErrorType,
} from '../errors.ts';
import type { Address } from 'viem';
import type { XmtpClient, XmtpGroup, XmtpMessage, XmtpRuntime } from '../sdk/types.ts';
import { Announcers } from './announcers.ts';
import type { ChatMessage } from './chatMessage.ts';
import { eventPhase, type EventPhase } from './eventPhase.ts';
import { findVerifiedEventSection } from './findEventSection.ts';
import { Listeners } from './listeners.ts';
import { MessageFeed, type FeedState, type MessageFeedOptions } from './messageFeed.ts';
import { RecentIds } from './recentIds.ts';
import type { EventChatRef } from './verifyEventGroup.ts';

export interface EventRoomRef extends EventChatRef {
  startsAt: bigint;
  endsAt: bigint;
  /** Staff the creator named (chain-named metadata): with the creator, the only ones whose announcements are shown. */
  staff?: readonly Address[];
}

export type RoomState = FeedState;

export type OpenEventRoomErrorType = NotInvitedErrorType | NoSuchSectionErrorType | SpoofedGroupErrorType | RoomErrorType;

export interface OpenEventRoomOptions<Client extends XmtpClient, Group extends XmtpGroup = XmtpGroup> {
  runtime: XmtpRuntime<Client, Group>;
  client: Client;
  event: EventRoomRef;
  /** Tuning for reconnection, the watchdog and polling (tests shorten them). */
  feed?: Pick<MessageFeedOptions, 'reconnect' | 'watchdogMs' | 'failuresBeforePolling' | 'pollMs'>;
  now?: () => Date;
  /** Reads the event's total attendance (the kiosk's `ticketsSold`); `discoverEventRoom` supplies it. */
  attendance?: () => Promise<bigint>;
}

export interface HistoryPage {
  /** Newest first. */
  messages: ChatMessage[];
  /** Pass back as `before` for the next (older) page; undefined when this was the last. */
  before: bigint | undefined;
}

/** The callbacks a room hands out, filled by its feed. */
class RoomListeners {
  readonly message = new Listeners<[message: ChatMessage]>();
  readonly state = new Listeners<[state: RoomState, reason?: string]>();
  readonly replay = new Listeners<[replay: { delivered: number; ms: number }]>();
}

/**
 * Opens an event's chat room: finds the group among the wallet's welcomes (for a sectioned event,
 * the member's own section: see `findVerifiedEventSection`), proves it is the event's, consents to
 * it, resolves who may announce, and starts a live feed from its newest message.
 * Discovers nothing itself: `event` comes from the chain (see `discoverEventRoom`).
 */
export async function openEventRoom<Client extends XmtpClient, Group extends XmtpGroup>(
  options: OpenEventRoomOptions<Client, Group>,
): Promise<EventRoom<Client, Group>> {
  const { runtime, client } = options;
  try {
    const { group, section } = await findVerifiedEventSection(runtime, client, options.event);
    const event = { ...options.event, section };
    // Explicit consent, only once the group is proven to be the event's.
    await runtime.setConsent(group, 'allowed');
    await runtime.syncAllowedGroups(client);
    const announcers = await Announcers.resolve({
      findInboxId: (address) => runtime.findInboxId(client, address),
      creator: event.creator,
      ...(event.staff ? { staff: event.staff } : {}),
    });
    const listeners = new RoomListeners();
    const deliver = liveDelivery(announcers, (message) => listeners.message.emit(message));
    const feed = new MessageFeed({
      ...options.feed,
      group,
      listSince: (sentAfterNs) => runtime.listMessages(group, { order: 'ascending', sentAfterNs }),
      openStream: (handlers) => runtime.streamAllowedMessages(client, handlers),
      onMessage: (raw) => {
        const message = runtime.toChatMessage(raw);
        if (message) deliver(message);
      },
      onState: (state, reason) => listeners.state.emit(state, reason),
      onReplay: (replay) => listeners.replay.emit(replay),
    });
    const room = new EventRoom(runtime, event, group, feed, listeners, {
      now: options.now ?? (() => new Date()),
      announcers,
      ...(options.attendance ? { attendance: options.attendance } : {}),
    });
    const [newest] = await runtime.listMessages(group, { order: 'descending', limit: 1 });
    await feed.start(newest?.sentAtNs ?? 0n);
    return room;
  } catch (error) {
    // Refusals (not invited, spoofed) are already sentences; SDK failures get one.
    throw error instanceof BaseError ? error : new RoomError(options.event.eventId, 'open the room', error);
  }
}

/**
 * Live messages as a room shows them: an announcement only from an announcer, and each announcement
 * id once (the same id reaches a section again when a retried send had in fact arrived). A known
 * announcer's message is delivered in order; only an unknown sender waits for a lookup.
 */
function liveDelivery(announcers: Announcers, emit: (message: ChatMessage) => void): (message: ChatMessage) => void {
  const shown = new RecentIds(1_000);
  const show = (message: Extract<ChatMessage, { kind: 'announcement' }>) => {
    if (shown.add(message.announcementId)) emit(message);
  };
  return (message) => {
    if (message.kind !== 'announcement') emit(message);
    else if (announcers.knows(message.senderInboxId)) show(message);
    else void announcers.mayAnnounce(message.senderInboxId).then((allowed) => allowed && show(message));
  };
}

/**
 * An event's chat room: a verified group the wallet consented to, its history from the local
 * database, sending, and a live feed that survives disconnects. The package exports it as a type
 * only: rooms come from `openEventRoom` (or `discoverEventRoom`), which verify the group first.
 */
export class EventRoom<Client extends XmtpClient, Group extends XmtpGroup = XmtpGroup> {
  constructor(
    private readonly runtime: XmtpRuntime<Client, Group>,
    /** The event, with `section` set to the section this room is. */
    readonly event: EventRoomRef & { section: number },
    private readonly group: Group,
    private readonly feed: MessageFeed,
    private readonly listeners: RoomListeners,
    private readonly context: { now: () => Date; announcers: Announcers; attendance?: () => Promise<bigint> },
  ) {}

  get groupId(): string {
    return this.group.id;
  }

  /** Which section of a sectioned event this room is (0-based `index` of `count`); undefined for an event of one group. */
  get section(): { index: number; count: number } | undefined {
    const count = this.event.sectionGroupIds?.length;
    return count === undefined ? undefined : { index: this.event.section, count };
  }

  get state(): RoomState {
    return this.feed.currentState;
  }

  phase(): EventPhase {
    return eventPhase(this.event, this.context.now());
  }

  /** Calls `listener` for each new message, exactly once, from now on. Returns an unsubscribe. */
  onMessage(listener: (message: ChatMessage) => void): () => void {
    return this.listeners.message.add(listener);
  }

  onStateChange(listener: (state: RoomState, reason?: string) => void): () => void {
    return this.listeners.state.add(listener);
  }

  /** Told whenever a reconnection replayed missed messages from the local database (for logs and metrics). */
  onReplay(listener: (replay: { delivered: number; ms: number }) => void): () => void {
    return this.listeners.replay.add(listener);
  }

  /** A page of history from the local database, newest first. */
  async history(options: { limit?: number; before?: bigint } = {}): Promise<HistoryPage> {
    const limit = options.limit ?? 50;
    const raw = await this.attempt('read the history', () =>
      this.runtime.listMessages(this.group, {
        order: 'descending',
        limit,
        applicationOnly: true,
        ...(options.before !== undefined ? { sentBeforeNs: options.before } : {}),
      }),
    );
    const messages = await this.shown(raw);
    return { messages, before: raw.length === limit ? raw.at(-1)?.sentAtNs : undefined };
  }

  /** The members of this room's group (for a sectioned event: this section's, beside `attendance()`). */
  async memberCount(): Promise<number> {
    return (await this.attempt('count the members', () => this.group.members())).length;
  }

  /** The event's total attendance (tickets currently valid, all sections); undefined when the room was opened without a way to read it. */
  async attendance(): Promise<number | undefined> {
    const read = this.context.attendance;
    return read && Number(await this.attempt('read the attendance', read));
  }

  async send(text: string): Promise<string> {
    this.assertWritable();
    return this.attempt('send', () => this.group.sendText(text));
  }

  async reply(to: ChatMessage, text: string): Promise<string> {
    this.assertWritable();
    return this.attempt('send', () => this.runtime.sendReply(this.group, to, text));
  }

  async react(to: ChatMessage, emoji: string, options: { remove?: boolean } = {}): Promise<string> {
    this.assertWritable();
    return this.attempt('send', () => this.runtime.sendReaction(this.group, to, { emoji, removed: options.remove ?? false }));
  }

  async close(): Promise<void> {
    this.listeners.message.clear();
    await this.feed.close();
    this.listeners.state.clear();
    this.listeners.replay.clear();
  }

  /** A history page as a room shows it: announcements only from those who may announce, each id once in the page. */
  private async shown(raw: XmtpMessage[]): Promise<ChatMessage[]> {
    const announcementIds = new Set<string>();
    const shown: ChatMessage[] = [];
    // Oldest first, so the copy kept is the first one sent, as in the live feed.
    for (const message of raw.flatMap((entry) => this.runtime.toChatMessage(entry) ?? []).reverse()) {
      if (message.kind === 'announcement') {
        if (announcementIds.has(message.announcementId) || !(await this.context.announcers.mayAnnounce(message.senderInboxId))) continue;
        announcementIds.add(message.announcementId);
      }
      shown.push(message);
    }
    return shown.reverse();
  }

  /** Runs an SDK call, giving its failure a sentence: "Could not <doing> in event N's chat: …". */
  private async attempt<T>(doing: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new RoomError(this.event.eventId, doing, error);
    }
  }

  private assertWritable(): void {
    if (this.phase().phase === 'ended') throw new RoomReadOnlyError(this.event.eventId);
  }
}
