import pg from 'pg';

/** Where every write transaction announces its new rows; delivered at commit, in commit order. */
export const COMMIT_CHANNEL = 'xmtp_node_commits';

/** How the LISTEN connection shows in `pg_stat_activity`, so an operator can tell it apart. */
export const COMMIT_FEED_APPLICATION_NAME = 'xmtp-node commit feed';

export interface CommitFeedEvents {
  /** Called with each notification's payload, one at a time, in the order Postgres delivered them. */
  relay(payload: string): Promise<void>;
  /** The feed broke (connection lost, a relayed row unreadable): what was committed since may not have been relayed. */
  lost(error: unknown): void;
  /** Listening again after `lost`: everything committed from now on is relayed. */
  resumed(): void;
}

export interface CommitFeedOptions {
  url: string;
  /** Extra options for the LISTEN connection (type parsers). */
  clientConfig?: Omit<pg.ClientConfig, 'connectionString'>;
  /** First pause before listening again after a loss; it doubles per failed attempt up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/**
 * One replica's LISTEN connection on the commit channel, reopened by itself whenever it breaks.
 * A notification sent while it was down is gone for good, so a loss is reported (`lost`) before
 * listening again: whoever relies on the feed must treat what it relayed as possibly incomplete.
 */
export class CommitFeed {
  private client: pg.Client | undefined;
  /** Relays run one after another across connections, so an old connection's last rows never overtake a new one's. */
  private relayed: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;
  private failedAttempts = 0;
  private stopped = false;

  private constructor(
    private readonly options: CommitFeedOptions,
    private readonly events: CommitFeedEvents,
  ) {}

  /** Resolves once listening; a first connection that fails is thrown, not retried. */
  static async start(options: CommitFeedOptions, events: CommitFeedEvents): Promise<CommitFeed> {
    const feed = new CommitFeed(options, events);
    feed.client = await feed.listen();
    return feed;
  }

  private async listen(): Promise<pg.Client> {
    const client = new pg.Client({
      ...this.options.clientConfig,
      connectionString: this.options.url,
      application_name: COMMIT_FEED_APPLICATION_NAME,
    });
    let broken = false;
    const breakFeed = (error: unknown) => {
      if (broken || this.stopped) return;
      broken = true;
      void client.end().catch(() => {});
      this.events.lost(error);
      this.scheduleRetry();
    };
    client.on('error', breakFeed);
    client.on('end', () => breakFeed(new Error('the LISTEN connection closed')));
    client.on('notification', ({ payload }) => {
      this.relayed = this.relayed.then(() => this.events.relay(payload ?? '')).catch(breakFeed);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${COMMIT_CHANNEL}`);
    } catch (error) {
      broken = true;
      await client.end().catch(() => {});
      throw error;
    }
    return client;
  }

  private scheduleRetry(): void {
    const { retryDelayMs = 100, maxRetryDelayMs = 5_000 } = this.options;
    const delay = Math.min(retryDelayMs * 2 ** this.failedAttempts, maxRetryDelayMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.listen().then(
        (client) => {
          if (this.stopped) return void client.end().catch(() => {});
          this.client = client;
          this.failedAttempts = 0;
          this.events.resumed();
        },
        () => {
          this.failedAttempts++;
          if (!this.stopped) this.scheduleRetry();
        },
      );
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => {});
    await this.relayed;
  }
}
