import type pg from 'pg';
import type { Logger } from 'pino';
import type { Ownership, ReplicaStatus } from './ownership.ts';

/** The log follower's lease: one agent records the chain's logs at a time. */
const CHAIN_LEASE = 'chain';
const EVENT_LEASE_PREFIX = 'event:';
/**
 * Share of the lease's time to live this agent trusts its own leases for, counted on its own
 * monotonic clock from the moment it sent the renewal: Postgres counts the same lease from a later
 * moment, so this agent stops acting before anyone else may start, even with clocks running a few
 * percent apart.
 */
const TRUSTED_SHARE = 0.8;
/** Renewals per time to live: one lost renewal (a slow query, a reconnect) does not lose the leases. */
const RENEWALS_PER_TTL = 5;

export interface LeaseKeeperOptions {
  pool: pg.Pool;
  /** This process (not this inbox: two processes of one agent must never share leases). */
  owner: string;
  /** Shown beside the lease, so /status and operators see which agent holds what. */
  inboxId: string;
  ttlMs: number;
  logger: Logger;
  /**
   * Settles the events' interrupted commits before this agent acts on them (their open intents);
   * a failure hands the leases back.
   */
  recover(eventIds: bigint[]): Promise<void>;
  /** The events are this agent's now: their work starts (a full sync each). */
  acquired(eventIds: bigint[]): void;
  /** The chain follower's lease was taken (true) or lost (false). */
  ingesting(holds: boolean): void;
  /** Whether a sync of the event is running now: a lease is handed back only after it ends. */
  busy(eventId: bigint): boolean;
}

/**
 * Shares the work of several agent processes on one Postgres by event, with leases in a table:
 * each lease names its holder and expires unless renewed (every ttl/5). An agent holds a fair share
 * of the events (ceil(events / live agents)): it claims free or expired leases up to it and hands
 * back what it holds past it once idle, so a restarted agent gets events back without anyone
 * doing the same work twice. One more lease, `chain`, picks the agent that follows the chain.
 *
 * Why leases with expiry rather than session advisory locks: an advisory lock lives as long as its
 * connection, and a paused process (SIGSTOP, a long GC, a frozen VM) keeps its connection open, so
 * its events would stall for as long as it is paused, and when it resumes nothing tells it that it
 * should not act. A lease expires on Postgres's clock whatever the holder does, another agent then
 * takes it, and the holder itself stops trusting it on its own clock first (`TRUSTED_SHARE`): a
 * resumed process finds its leases past their local deadline and acts on nothing until a renewal
 * succeeds, and a renewal of a lease someone else took fails. A killed agent's leases are free after
 * at most one ttl. A dropped connection or a Postgres restart is the same as a pause: renewals fail,
 * the deadline passes, the agent stops; once Postgres answers again it holds what it renews or
 * claims, and settles those events' open intents before acting.
 */
export class LeaseKeeper implements Ownership {
  private readonly held = new Set<string>();
  /** Held events being handed back: no longer acted on, released once their sync ends. */
  private readonly releasing = new Set<string>();
  /** Events claimed whose open intents are being settled: held once that is done. */
  private readonly recovering = new Set<string>();
  private chain = false;
  /** Every event some agent holds or may claim, as of the last renewal. */
  private known = new Set<string>();
  /** performance.now() past which no lease is trusted, until a renewal succeeds. */
  private deadline = 0;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: LeaseKeeperOptions) {}

  holds(eventId: bigint): boolean {
    return this.held.has(eventId.toString()) && performance.now() < this.deadline;
  }

  /** Whether the event had a lease at the last renewal (else it is new: renew and claim now). */
  knows(eventId: bigint): boolean {
    return this.known.has(eventId.toString());
  }

  ingests(): boolean {
    return this.chain && performance.now() < this.deadline;
  }

  describe(): ReplicaStatus {
    const trusted = performance.now() < this.deadline;
    return {
      agent: this.options.owner,
      chain: trusted && this.chain,
      events: trusted ? [...this.held].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)) : [],
    };
  }

  /** Takes this agent's first share, then keeps renewing. */
  async start(): Promise<void> {
    await this.poke();
    this.timer = setInterval(() => {
      // A renewal stuck on a dead connection must not keep this agent believing in its leases.
      this.expireIfPastDeadline();
      void this.poke();
    }, this.options.ttlMs / RENEWALS_PER_TTL);
  }

  /** Renews and claims now (a new event was announced); resolves when this round is done. */
  poke(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    this.ticking = this.tick()
      .catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'renewing the leases failed');
        this.expireIfPastDeadline();
      })
      .finally(() => {
        this.ticking = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.poke();
        }
      });
    return this.ticking;
  }

  /** Stops renewing and hands every lease back, so the other agents take over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    const { pool, owner } = this.options;
    await pool
      .query(`UPDATE leases SET owner = NULL, inbox_id = NULL, expires_at = '-infinity' WHERE owner = $1`, [owner])
      .then(() => pool.query(`DELETE FROM agents WHERE owner = $1`, [owner]))
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'handing the leases back failed; they expire instead'));
    this.dropAll();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const { pool, owner, inboxId, ttlMs } = this.options;
    const ttl = `${ttlMs} milliseconds`;
    const lapsed = performance.now() >= this.deadline;
    if (lapsed) this.dropAll();
    const sentAt = performance.now();
    await pool.query(
      `INSERT INTO agents (owner, inbox_id, seen_until) VALUES ($1, $2, now() + $3::interval)
       ON CONFLICT (owner) DO UPDATE SET seen_until = excluded.seen_until`,
      [owner, inboxId, ttl],
    );
    const renewed = await pool.query<{ name: string }>(
      `UPDATE leases SET expires_at = now() + $2::interval WHERE owner = $1 RETURNING name`,
      [owner, ttl],
    );
    this.deadline = sentAt + ttlMs * TRUSTED_SHARE;
    const renewedNames = new Set(renewed.rows.map((row) => row.name));
    // Leases another agent took while this one could not renew (paused, cut off).
    const taken = [...this.held].filter((id) => !renewedNames.has(EVENT_LEASE_PREFIX + id));
    if (taken.length > 0) this.drop(taken);
    if (this.chain && !renewedNames.has(CHAIN_LEASE)) this.setChain(false);
    // Leases still ours after a lapse: nobody acted meanwhile, but this agent re-checks its intents.
    const regained = lapsed ? [...renewedNames].filter((name) => name.startsWith(EVENT_LEASE_PREFIX)) : [];

    await pool.query(`INSERT INTO leases (name) SELECT $1 || event_id::text FROM events UNION SELECT $2 ON CONFLICT (name) DO NOTHING`, [
      EVENT_LEASE_PREFIX,
      CHAIN_LEASE,
    ]);
    const live = Number((await pool.query(`SELECT count(*) AS live FROM agents WHERE seen_until > now()`)).rows[0].live);
    const names = await pool.query<{ name: string }>(`SELECT name FROM leases WHERE name LIKE 'event:%'`);
    this.known = new Set(names.rows.map((row) => row.name.slice(EVENT_LEASE_PREFIX.length)));
    const share = Math.ceil(this.known.size / Math.max(1, live));
    const owned = this.held.size + this.recovering.size + regained.length;
    const claimed =
      owned < share
        ? (
            await pool.query<{ name: string }>(
              `UPDATE leases SET owner = $1, inbox_id = $2, expires_at = now() + $3::interval, acquisitions = acquisitions + 1
               WHERE name IN (SELECT name FROM leases WHERE name LIKE 'event:%' AND expires_at < now()
                              ORDER BY name LIMIT $4 FOR UPDATE SKIP LOCKED)
               RETURNING name`,
              [owner, inboxId, ttl, share - owned],
            )
          ).rows.map((row) => row.name)
        : [];
    if (!this.chain || lapsed) {
      const chain = await pool.query(
        `UPDATE leases SET owner = $1, inbox_id = $2, expires_at = now() + $3::interval, acquisitions = acquisitions + 1
         WHERE name = $4 AND (expires_at < now() OR owner = $1) RETURNING name`,
        [owner, inboxId, ttl, CHAIN_LEASE],
      );
      if (chain.rowCount) this.setChain(true);
    }

    const gained = [...regained, ...claimed]
      .map((name) => name.slice(EVENT_LEASE_PREFIX.length))
      .filter((id) => !this.held.has(id) && !this.recovering.has(id));
    // Not awaited: settling may take longer than a renewal period, and renewals must go on.
    if (gained.length > 0) void this.takeOver(gained);
    await this.handBack(Math.max(0, this.held.size - share), live);
  }

  /** Settles the events' open intents first, then acts on them; on failure the leases go back. */
  private async takeOver(ids: string[]): Promise<void> {
    const eventIds = ids.map((id) => BigInt(id));
    for (const id of ids) this.recovering.add(id);
    try {
      await this.options.recover(eventIds);
    } catch (error) {
      this.options.logger.warn(
        { err: error, events: ids },
        'settling the interrupted commits of taken-over events failed; handing them back',
      );
      await this.release(ids).catch(() => undefined);
      return;
    } finally {
      for (const id of ids) this.recovering.delete(id);
    }
    // The leases lapsed meanwhile: the next renewal regains them (and settles them again) or not.
    if (this.stopped || performance.now() >= this.deadline) return;
    for (const id of ids) this.held.add(id);
    this.options.logger.info({ events: ids }, 'holding events');
    this.options.acquired(eventIds);
  }

  /** Hands back `extra` events once idle, when other agents are alive to take them. */
  private async handBack(extra: number, live: number): Promise<void> {
    if (live > 1) {
      const candidates = [...this.held].slice(0, extra);
      for (const id of candidates) this.releasing.add(id);
      if (candidates.length > 0) this.drop(candidates, false);
    }
    const idle = [...this.releasing].filter((id) => !this.options.busy(BigInt(id)));
    if (idle.length > 0) {
      await this.release(idle);
      for (const id of idle) this.releasing.delete(id);
      this.options.logger.info({ events: idle }, 'handed events back to share the work');
    }
  }

  private async release(ids: string[]): Promise<void> {
    await this.options.pool.query(
      `UPDATE leases SET owner = NULL, inbox_id = NULL, expires_at = '-infinity' WHERE owner = $1 AND name = ANY($2::text[])`,
      [this.options.owner, ids.map((id) => EVENT_LEASE_PREFIX + id)],
    );
  }

  private setChain(holds: boolean): void {
    if (this.chain === holds) return;
    this.chain = holds;
    this.options.logger.info({ chain: holds }, holds ? 'following the chain for every agent' : 'no longer following the chain');
    this.options.ingesting(holds);
  }

  /** Stops acting on the events (`releasing` keeps them listed until their lease is handed back). */
  private drop(ids: string[], forget = true): void {
    for (const id of ids) this.held.delete(id);
    if (forget) for (const id of ids) this.releasing.delete(id);
    // Nothing to cancel: every action asks `holds` first, and a lease-less event's timers do nothing.
    this.options.logger.info({ events: ids, handingBack: !forget }, 'no longer holding events');
  }

  private dropAll(): void {
    this.releasing.clear();
    if (this.held.size > 0) this.drop([...this.held]);
    this.setChain(false);
  }

  private expireIfPastDeadline(): void {
    if (performance.now() >= this.deadline) this.dropAll();
  }
}
