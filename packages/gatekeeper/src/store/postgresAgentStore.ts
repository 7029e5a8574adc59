import { decodeCheckpoint, encodeCheckpoint } from '@ticketchat/contracts';
import pg from 'pg';
import type { Address, Hash } from 'viem';
import type {
  AgentStore,
  AnchoredCheckpoint,
  DirtyHolder,
  Intent,
  PendingHolder,
  Purchase,
  SectionLayout,
  StoreChange,
  StoredEvent,
} from './agentStore.ts';
import { sameSeating, toEvent, toIntent, toPending, toSectionLayout, type Row } from './rows.ts';
import { MIGRATIONS, SCHEMA } from './postgresSchema.ts';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** Where every write that gives an event's owner work announces it; delivered at commit. */
export const WAKE_CHANNEL = 'gatekeeper_wake';
/** Serialises schema migrations between agents starting at the same time. */
const MIGRATION_LOCK = 7_400_113_101;
/** Event ids per notification: a payload must stay under Postgres's 8000 bytes. */
const IDS_PER_NOTIFICATION = 100;

/** Receives the ids of events some agent (this one included) just gave work: see `followWakes`. */
export interface WakeListener {
  wake(eventIds: bigint[]): void;
  /** The feed broke (connection lost): wakes may have been missed since. */
  lost(error: unknown): void;
}

/**
 * The agent's state in Postgres, shared by several agent processes (replicas). Each method is a
 * statement or a transaction of its own, as in the SQLite store. Two things differ:
 * - the dirty sequence is one counter row, drawn with UPDATE … RETURNING: the row lock is held to
 *   commit, so marks become visible in the order they were numbered on every replica (a sequence
 *   object would let mark 8 commit after a sync read up to 9 and cleared it unseen);
 * - every write that gives an event work (a log, a mark, adoption, a full sync) sends the event id
 *   with NOTIFY, delivered at commit, so the agent holding that event wakes at once wherever the
 *   write came from (`followWakes`).
 */
export class PostgresAgentStore implements AgentStore {
  private closed = false;

  private constructor(
    /** Shared with the replicas' lease keeping (src/replicas/leases.ts). */
    readonly pool: pg.Pool,
    private readonly url: string,
  ) {}

  /** Connects and brings the schema up to date. */
  static async open(url: string, options: { maxConnections?: number } = {}): Promise<PostgresAgentStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 5,
      options: `-c search_path=${SCHEMA}`,
      // An unreachable server fails a renewal in time for the agent to notice its leases lapsing.
      connectionTimeoutMillis: 3_000,
    });
    // A broken idle connection (Postgres restarted, the agent cut off) is dropped by the pool; the
    // next query reconnects or fails, and the lease keeper reacts to that, not to a crash.
    pool.on('error', () => {});
    await migrate(pool).catch(async (error: unknown) => {
      await pool.end();
      throw error;
    });
    return new PostgresAgentStore(pool, url);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async query(text: string, params: unknown[] = [], db: Queryable = this.pool): Promise<Row[]> {
    return (await db.query(text, params)).rows as Row[];
  }

  /** Runs `work` in one transaction: all of it is stored, or none. */
  private async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const tx = await this.pool.connect();
    try {
      await tx.query('BEGIN');
      const result = await work(tx);
      await tx.query('COMMIT');
      return result;
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      tx.release();
    }
  }

  // Checkpoint and dirty sequence

  async checkpoint(): Promise<AnchoredCheckpoint | undefined> {
    const rows = await this.query(`SELECT key, value FROM meta WHERE key IN ('checkpoint', 'checkpoint_hash')`);
    const value = (key: string) => rows.find((row) => row.key === key)?.value;
    const checkpoint = value('checkpoint');
    if (checkpoint === undefined) return undefined;
    const hash = value('checkpoint_hash');
    return { ...decodeCheckpoint(String(checkpoint)), ...(hash === undefined ? {} : { blockHash: String(hash) as Hash }) };
  }

  async record(changes: readonly StoreChange[], checkpoint?: AnchoredCheckpoint): Promise<void> {
    await this.transaction(async (tx) => {
      for (const change of changes) await this.apply(change, tx);
      if (checkpoint) {
        const upsert = `INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
        await tx.query(upsert, ['checkpoint', encodeCheckpoint(checkpoint)]);
        // A checkpoint without its hash must not keep the hash of another block.
        if (checkpoint.blockHash) await tx.query(upsert, ['checkpoint_hash', checkpoint.blockHash]);
        else await tx.query(`DELETE FROM meta WHERE key = 'checkpoint_hash'`);
      }
      await notifyWake(
        tx,
        changes.map((change) => change.eventId),
      );
    });
  }

  private async apply(change: StoreChange, tx: Queryable): Promise<void> {
    const eventId = change.eventId.toString();
    switch (change.kind) {
      case 'event-created':
        await tx.query(
          `INSERT INTO events (event_id, creator, group_id, state) VALUES ($1, $2, $3, 'awaiting-group') ON CONFLICT DO NOTHING`,
          [eventId, change.creator.toLowerCase(), change.groupId],
        );
        break;
      case 'group-changed':
        await tx.query(
          `UPDATE events SET group_id = $1, state = 'awaiting-group', note = NULL, full_sync = TRUE WHERE event_id = $2 AND group_id <> $1`,
          [change.groupId, eventId],
        );
        break;
      case 'full-sync':
        await tx.query(`UPDATE events SET full_sync = TRUE WHERE event_id = $1`, [eventId]);
        break;
      case 'holder-touched':
        await tx.query(
          `INSERT INTO holders (event_id, address, first_seen, dirty_seq, dirty_block) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (event_id, address) DO UPDATE SET dirty_seq = excluded.dirty_seq, dirty_block = excluded.dirty_block`,
          [eventId, change.address.toLowerCase(), change.firstSeen, await nextSeq(tx), change.block.toString()],
        );
        break;
      case 'purchase':
        await tx.query(`INSERT INTO purchases (event_id, tx_hash, address) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
          eventId,
          change.transactionHash.toLowerCase(),
          change.address.toLowerCase(),
        ]);
        break;
    }
  }

  // Events

  async events(): Promise<StoredEvent[]> {
    return (await this.query(`SELECT * FROM events ORDER BY event_id`)).map(toEvent);
  }

  async event(eventId: bigint): Promise<StoredEvent | undefined> {
    const [row] = await this.query(`SELECT * FROM events WHERE event_id = $1`, [eventId.toString()]);
    return row ? toEvent(row) : undefined;
  }

  async setEventState(eventId: bigint, groupId: string, state: StoredEvent['state'], note: string | null): Promise<void> {
    await this.transaction(async (tx) => {
      const { rowCount } = await tx.query(
        `UPDATE events SET state = $1, note = $2 WHERE event_id = $3 AND group_id = $4 AND (state, note) IS DISTINCT FROM ($1, $2)`,
        [state, note, eventId.toString(), groupId],
      );
      // Adoption may happen on any agent; the one holding the event starts managing it.
      if (rowCount && state === 'managed') await notifyWake(tx, [eventId]);
    });
  }

  async requestFullSync(eventId: bigint): Promise<void> {
    await this.query(`UPDATE events SET full_sync = TRUE WHERE event_id = $1`, [eventId.toString()]);
  }

  async clearFullSync(eventId: bigint): Promise<void> {
    await this.query(`UPDATE events SET full_sync = FALSE WHERE event_id = $1`, [eventId.toString()]);
  }

  // Holders

  async holderAddresses(eventId: bigint): Promise<Address[]> {
    const rows = await this.query(`SELECT address FROM holders WHERE event_id = $1 ORDER BY first_seen, address`, [eventId.toString()]);
    return rows.map((row) => row.address as Address);
  }

  async firstSeen(eventId: bigint): Promise<Map<Address, string>> {
    const rows = await this.query(`SELECT address, first_seen FROM holders WHERE event_id = $1`, [eventId.toString()]);
    return new Map(rows.map((row) => [row.address as Address, String(row.first_seen)]));
  }

  async dirtyHolders(eventId: bigint): Promise<DirtyHolder[]> {
    const rows = await this.query(
      `SELECT address, dirty_seq, dirty_block FROM holders WHERE event_id = $1 AND dirty_seq IS NOT NULL ORDER BY dirty_seq`,
      [eventId.toString()],
    );
    return rows.map((row) => ({ address: row.address as Address, seq: Number(row.dirty_seq), block: BigInt(String(row.dirty_block)) }));
  }

  async dirtyEventIds(): Promise<bigint[]> {
    const rows = await this.query(`SELECT DISTINCT event_id FROM holders WHERE dirty_seq IS NOT NULL`);
    return rows.map((row) => BigInt(String(row.event_id)));
  }

  async clearDirty(eventId: bigint, addresses: readonly Address[], seq: number): Promise<void> {
    await this.query(
      `UPDATE holders SET dirty_seq = NULL, dirty_block = NULL WHERE event_id = $1 AND address = ANY($2::text[]) AND dirty_seq <= $3`,
      [eventId.toString(), addresses, seq],
    );
  }

  // Ledger and intents

  async ledger(groupId: string): Promise<Set<string>> {
    return new Set((await this.query(`SELECT inbox_id FROM ledger WHERE group_id = $1`, [groupId])).map((row) => String(row.inbox_id)));
  }

  async openIntent(eventId: bigint, groupId: string, action: Intent['action'], inboxIds: readonly string[]): Promise<number> {
    const [row] = await this.query(
      `INSERT INTO intents (event_id, group_id, action, inbox_ids, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [eventId.toString(), groupId, action, JSON.stringify(inboxIds), Date.now()],
    );
    return Number(row!.id);
  }

  async closeIntent(intentId: number, groupId: string, action: Intent['action'], applied: readonly string[]): Promise<void> {
    await this.transaction(async (tx) => {
      if (action === 'add') {
        await tx.query(
          `INSERT INTO ledger (group_id, inbox_id, added_at) SELECT $1, inbox, $3 FROM unnest($2::text[]) AS inbox ON CONFLICT DO NOTHING`,
          [groupId, applied, Date.now()],
        );
      } else {
        await tx.query(`DELETE FROM ledger WHERE group_id = $1 AND inbox_id = ANY($2::text[])`, [groupId, applied]);
      }
      await tx.query(`DELETE FROM intents WHERE id = $1`, [intentId]);
    });
  }

  async openIntents(): Promise<Intent[]> {
    return (await this.query(`SELECT * FROM intents ORDER BY id`)).map(toIntent);
  }

  async forgetMembers(groupId: string, inboxIds: readonly string[]): Promise<void> {
    await this.query(`DELETE FROM ledger WHERE group_id = $1 AND inbox_id = ANY($2::text[])`, [groupId, inboxIds]);
  }

  // Pending queue

  async setPending(eventId: bigint, address: Address, pending: boolean): Promise<void> {
    if (pending) {
      await this.query(
        `INSERT INTO pending (event_id, address, since) VALUES ($1, $2, $3) ON CONFLICT (event_id, address) DO UPDATE SET attempts = pending.attempts + 1`,
        [eventId.toString(), address, Date.now()],
      );
    } else {
      await this.query(`DELETE FROM pending WHERE event_id = $1 AND address = $2`, [eventId.toString(), address]);
    }
  }

  async pending(): Promise<PendingHolder[]> {
    return (await this.query(`SELECT * FROM pending ORDER BY since`)).map(toPending);
  }

  // Sections

  async sectionLayout(eventId: bigint): Promise<SectionLayout | undefined> {
    const [row] = await this.query(`SELECT * FROM section_layouts WHERE event_id = $1`, [eventId.toString()]);
    return row ? toSectionLayout(row) : undefined;
  }

  async setSectionLayout(eventId: bigint, layout: SectionLayout | undefined): Promise<void> {
    const id = eventId.toString();
    await this.transaction(async (tx) => {
      const [before] = await this.query(`SELECT group_ids, seats FROM section_layouts WHERE event_id = $1 FOR UPDATE`, [id], tx);
      // Seats name sections of one layout: another layout (or none) seats everyone afresh.
      if (!sameSeating(before, layout)) await tx.query(`DELETE FROM seats WHERE event_id = $1`, [id]);
      if (!layout) await tx.query(`DELETE FROM section_layouts WHERE event_id = $1`, [id]);
      else
        await tx.query(
          `INSERT INTO section_layouts (event_id, group_ids, seats, staff) VALUES ($1, $2, $3, $4)
           ON CONFLICT (event_id) DO UPDATE SET group_ids = excluded.group_ids, seats = excluded.seats, staff = excluded.staff`,
          [id, JSON.stringify(layout.groupIds), layout.seats, JSON.stringify(layout.staff)],
        );
    });
  }

  async seats(eventId: bigint): Promise<Map<string, number>> {
    const rows = await this.query(`SELECT inbox_id, section FROM seats WHERE event_id = $1`, [eventId.toString()]);
    return new Map(rows.map((row) => [String(row.inbox_id), Number(row.section)]));
  }

  async updateSeats(eventId: bigint, placed: ReadonlyMap<string, number>, freed: readonly string[]): Promise<void> {
    const id = eventId.toString();
    await this.transaction(async (tx) => {
      await tx.query(`DELETE FROM seats WHERE event_id = $1 AND inbox_id = ANY($2::text[])`, [id, freed]);
      await tx.query(
        `INSERT INTO seats (event_id, inbox_id, section, seated_at) SELECT $1, inbox, section, $4 FROM unnest($2::text[], $3::int[]) AS s(inbox, section)
         ON CONFLICT (event_id, inbox_id) DO UPDATE SET section = excluded.section, seated_at = excluded.seated_at`,
        [id, [...placed.keys()], [...placed.values()], Date.now()],
      );
    });
  }

  async purchasesTogether(eventId: bigint, addresses: readonly Address[]): Promise<Purchase[]> {
    if (addresses.length === 0) return [];
    const rows = await this.query(
      `SELECT DISTINCT tx_hash, address FROM purchases WHERE event_id = $1 AND tx_hash IN
         (SELECT tx_hash FROM purchases WHERE event_id = $1 AND address = ANY($2::text[]))
       ORDER BY tx_hash, address`,
      [eventId.toString(), addresses.map((address) => address.toLowerCase())],
    );
    return rows.map((row) => ({ transactionHash: row.tx_hash as Hash, address: row.address as Address }));
  }

  // Wakes between replicas

  /**
   * Calls the listener with the events any agent's writes gave work to from now on (this one's
   * included), on a connection of its own. Resolves once listening; the returned function stops.
   */
  async followWakes(listener: WakeListener): Promise<() => Promise<void>> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 3_000 });
    // Until connected, a failure rejects `connect` (the caller's to handle), not `lost`.
    client.on('error', () => {});
    client.on('notification', ({ payload }) => {
      const ids = (payload ?? '').split(',').filter((id) => /^\d+$/.test(id));
      if (ids.length > 0) listener.wake(ids.map((id) => BigInt(id)));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${WAKE_CHANNEL}`);
      client.on('error', (error) => listener.lost(error));
      client.on('end', () => listener.lost(new Error('the notification connection closed')));
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    return async () => {
      client.removeAllListeners('end');
      client.removeAllListeners('error');
      client.on('error', () => {});
      await client.end().catch(() => {});
    };
  }
}

/** Draws the next dirty sequence number; its row stays locked until the transaction ends (see the class). */
async function nextSeq(tx: Queryable): Promise<number> {
  const { rows } = await tx.query(
    `INSERT INTO meta (key, value) VALUES ('seq', '1') ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text RETURNING value`,
  );
  return Number((rows[0] as Row).value);
}

/** Queued in the transaction: sent at commit, dropped if it rolls back. */
async function notifyWake(tx: Queryable, eventIds: readonly bigint[]): Promise<void> {
  const ids = [...new Set(eventIds.map(String))];
  for (let start = 0; start < ids.length; start += IDS_PER_NOTIFICATION) {
    await tx.query('SELECT pg_notify($1, $2)', [WAKE_CHANNEL, ids.slice(start, start + IDS_PER_NOTIFICATION).join(',')]);
  }
}

/**
 * Brings the schema up to date in ONE transaction, under a transaction-scoped advisory lock: agents
 * starting together wait for the first, then find nothing left to do; a crash mid-way leaves the
 * schema as it was (Postgres DDL is transactional) and the lock released.
 */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.schema_version (version INTEGER NOT NULL)`);
    const { rows } = await client.query<{ version: number }>(`SELECT coalesce(max(version), 0) AS version FROM ${SCHEMA}.schema_version`);
    const applied = rows[0]!.version;
    for (const migration of MIGRATIONS.slice(applied)) await client.query(migration);
    if (applied < MIGRATIONS.length) {
      await client.query(`DELETE FROM ${SCHEMA}.schema_version`);
      await client.query(`INSERT INTO ${SCHEMA}.schema_version (version) VALUES ($1)`, [MIGRATIONS.length]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
