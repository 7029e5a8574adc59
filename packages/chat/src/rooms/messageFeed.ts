import type { MessageStreamHandlers, XmtpGroup, XmtpMessage, XmtpStream } from '../sdk/types.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import { RecentIds } from './recentIds.ts';

/** connecting: (re)opening the stream; live: streaming; degraded: polling because streaming keeps failing; offline: the node is unreachable. */
export type FeedState = 'connecting' | 'live' | 'degraded' | 'offline' | 'closed';

export interface MessageFeedOptions {
  /** The group whose messages are delivered; it is synced before every replay. */
  group: Pick<XmtpGroup, 'id' | 'sync'>;
  /** The group's stored messages sent after `sentAfterNs`, oldest first. */
  listSince: (sentAfterNs: bigint) => Promise<XmtpMessage[]>;
  /** Opens a stream of every allowed group's messages (the feed keeps this group's) that does not retry by itself. */
  openStream: (handlers: MessageStreamHandlers) => Promise<XmtpStream>;
  onMessage: (message: XmtpMessage) => void;
  onState: (state: FeedState, reason?: string) => void;
  /** Told after every catch-up that delivered something: how many messages a gap held, and how long sync + replay took. */
  onReplay?: (replay: { delivered: number; ms: number }) => void;
  reconnect?: BackoffPolicy;
  /** How often a live stream is checked against the local database after a sync. */
  watchdogMs?: number;
  /** Consecutive stream failures before the feed falls back to polling. */
  failuresBeforePolling?: number;
  pollMs?: number;
  /** How far back a gap replay looks, before the newest message seen (clock differences). */
  replayWindowMs?: number;
}

const DEFAULTS = {
  reconnect: { initialMs: 250, maxMs: 15_000 },
  watchdogMs: 15_000,
  failuresBeforePolling: 3,
  pollMs: 2_000,
  replayWindowMs: 60_000,
};

/**
 * Delivers one group's messages exactly once, whatever the connection does. A stream carries new
 * messages; whenever it is (re)opened, and on every watchdog tick, the group is synced and the
 * local database replayed from just before the newest message seen, so messages that arrived
 * while the stream was down (which the SDK stores but does not re-emit) are not lost. Every
 * delivery passes an id filter, so nothing is shown twice. A stream that keeps failing turns the
 * feed into a poller (state `degraded`) until a stream opens again; sync failures mean `offline`.
 */
export class MessageFeed {
  private readonly options: Required<Omit<MessageFeedOptions, 'reconnect' | 'onReplay'>> &
    Pick<MessageFeedOptions, 'onReplay'> & { reconnect: BackoffPolicy };
  private readonly seen = new RecentIds(10_000);
  private readonly replayWindowNs: bigint;
  private newestNs = 0n;
  private stream: XmtpStream | undefined;
  private failures = 0;
  private state: FeedState = 'connecting';
  /** The next watchdog tick or reconnection attempt. */
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The polling loop, only while degraded. */
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  /** Bumped on every (re)connection, so callbacks of an abandoned stream are ignored. */
  private generation = 0;

  constructor(options: MessageFeedOptions) {
    this.options = { ...DEFAULTS, ...options, reconnect: options.reconnect ?? DEFAULTS.reconnect };
    this.replayWindowNs = BigInt(this.options.replayWindowMs) * 1_000_000n;
  }

  get currentState(): FeedState {
    return this.state;
  }

  /** Starts delivering messages newer than `fromNs` (what the caller already showed). */
  async start(fromNs: bigint): Promise<void> {
    this.newestNs = fromNs;
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.generation++;
    clearTimeout(this.timer);
    clearTimeout(this.pollTimer);
    await this.endStream();
    this.setState('closed');
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const generation = ++this.generation;
    clearTimeout(this.timer);
    await this.endStream();
    try {
      await this.catchUp();
    } catch (error) {
      return this.retry(generation, 'offline', error);
    }
    try {
      // Reconnection is this feed's job: it replays gaps, which the SDK's own retry does not.
      this.stream = await this.options.openStream({
        onMessage: (message) => {
          if (generation === this.generation && message.conversationId === this.options.group.id) this.deliver(message);
        },
        onFail: () => {
          if (generation === this.generation) void this.retry(generation, 'connecting', new Error('the message stream failed'));
        },
      });
    } catch (error) {
      return this.retry(generation, 'connecting', error);
    }
    if (generation !== this.generation) return;
    this.failures = 0;
    clearTimeout(this.pollTimer);
    this.setState('live');
    this.schedule(generation, this.options.watchdogMs, () => this.watchdog(generation));
  }

  /** Syncs the group and delivers whatever the local database has that was not delivered yet. */
  private async catchUp(): Promise<number> {
    const started = performance.now();
    await this.options.group.sync();
    const since = this.newestNs > this.replayWindowNs ? this.newestNs - this.replayWindowNs : 0n;
    const stored = await this.options.listSince(since);
    let delivered = 0;
    for (const message of stored) if (this.deliver(message)) delivered++;
    if (delivered > 0) this.options.onReplay?.({ delivered, ms: performance.now() - started });
    return delivered;
  }

  private deliver(message: XmtpMessage): boolean {
    if (message.sentAtNs <= this.newestNs - this.replayWindowNs) return false;
    if (!this.seen.add(message.id)) return false;
    if (message.sentAtNs > this.newestNs) this.newestNs = message.sentAtNs;
    this.options.onMessage(message);
    return true;
  }

  /** A live stream that missed something it should have carried is dead, even if it never said so. */
  private async watchdog(generation: number): Promise<void> {
    let missed: number;
    try {
      missed = await this.catchUp();
    } catch (error) {
      return this.retry(generation, 'offline', error);
    }
    if (generation !== this.generation) return;
    if (missed > 0) return this.retry(generation, 'connecting', new Error(`the stream missed ${missed} message(s)`));
    this.schedule(generation, this.options.watchdogMs, () => this.watchdog(generation));
  }

  private async retry(generation: number, state: 'connecting' | 'offline', error: unknown): Promise<void> {
    if (this.closed || generation !== this.generation) return;
    this.failures++;
    const reason = error instanceof Error ? error.message : String(error);
    const polling = state === 'connecting' && this.failures >= this.options.failuresBeforePolling;
    this.setState(polling ? 'degraded' : state, reason);
    if (polling) this.poll();
    this.schedule(generation, backoffDelay(this.options.reconnect, this.failures - 1), () => this.connect());
  }

  /** While degraded, the database is caught up on a short interval instead of by a stream. */
  private poll(): void {
    const tick = async () => {
      if (this.closed || this.state === 'live') return;
      try {
        await this.catchUp();
      } catch {
        this.setState('offline', 'polling failed');
      }
      this.pollTimer = setTimeout(tick, this.options.pollMs);
    };
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(tick, this.options.pollMs);
  }

  private schedule(generation: number, delayMs: number, task: () => Promise<void>): void {
    if (this.closed || generation !== this.generation) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void task(), delayMs);
  }

  private async endStream(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    await stream?.end().catch(() => undefined);
  }

  private setState(state: FeedState, reason?: string): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onState(state, reason);
  }
}
