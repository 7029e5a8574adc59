import pg from 'pg';
import { createNanoClock } from '../clock.ts';
import { dedupeHash } from '../dedupeHash.ts';
import { toCommitLogEntry, toGroupMessage, toIdentityUpdate, toKeyPackage, toWelcome, type Row } from '../rows.ts';
import type {
  AddressChanges,
  CommitLogInput,
  GroupMessageInput,
  NodeStore,
  PageRequest,
  StoredCommitLogEntry,
  StoredGroupMessage,
  StoredIdentityUpdate,
  StoredWelcome,
  WelcomeInput,
} from '../types.ts';
import { COMMIT_CHANNEL, CommitFeed } from './commitFeed.ts';
import { MIGRATIONS } from './schema.ts';
import { storeError } from './unavailable.ts';

export interface PostgresStoreOptions {
  /** A postgres:// or postgresql:// connection URL. */
  url: string;
  /** Connections for reads; one of them at a time also runs the write batches. */
  maxConnections?: number;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

interface QueuedWrite {
  /** Advisory locks the write needs, taken (sorted) for the whole batch before any write runs. */
  lockKeys: string[];
  work: (tx: Queryable) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** BIGINT columns come back as bigint, not pg's default string; BYTEA already comes back as Buffer. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => BigInt(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** What a commit notification announces: new group messages or welcomes. */
type CommitKind = 'group' | 'welcome';

/** Receives what every replica commits: see `PostgresStore.followCommits`. */
export interface CommitListener {
  groupMessage(message: StoredGroupMessage): void;
  welcome(welcome: StoredWelcome): void;
  /** The feed broke (connection lost): streams may have missed rows since. It reconnects by itself. */
  lost(error: unknown): void;
  /** The feed is back after `lost`: every row committed from now on is relayed again. */
  resumed(): void;
}

/** A connection attempt that hangs (a host that drops packets) fails after this, as unavailable. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Serialises schema migrations between replicas starting at the same time. */
const MIGRATION_LOCK = 7_400_113_001;

/**
 * The backend for several node replicas sharing one Postgres.
 *
 * Ids. A sequence value alone would break the contract: a transaction that draws id 7 may commit
 * before one that drew id 6, and a reader paging by cursor past 7 would never see 6. So every write
 * first takes a transaction-scoped advisory lock per topic it writes (group, installation, inbox),
 * and only then draws ids: the next writer of that topic waits for the commit, so ids in a topic
 * are drawn, and become visible, in commit order, across every replica. Writes to different topics
 * do not wait for each other. A batch takes all its locks at once in one sorted order, so two
 * replicas' batches can never deadlock. The same lock makes `appendIdentityUpdate`'s validation see
 * the inbox's whole log, and keeps each topic's `created_ns` increasing even across replicas whose
 * clocks disagree.
 *
 * Streams on every replica hear every replica's writes: each write transaction sends the new rows'
 * ids with NOTIFY, which Postgres delivers at commit and in commit order (`followCommits`).
 *
 * Group commit, as in the SQLite backend: writes requested while a batch commits are queued and run
 * together in the next transaction, each in a savepoint (one failing write does not undo the
 * others), and are acknowledged once it commits: read-your-writes holds, because reads run on other
 * connections of the pool only after that.
 */
export class PostgresStore implements NodeStore {
  private readonly pool: pg.Pool;
  private readonly now = createNanoClock();
  private writeQueue: QueuedWrite[] = [];
  private committing: Promise<void> | undefined;
  private closed = false;

  private constructor(
    pool: pg.Pool,
    private readonly url: string,
  ) {
    this.pool = pool;
  }

  /** Connects and brings the schema up to date. */
  static async open({ url, maxConnections = 10 }: PostgresStoreOptions): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: maxConnections, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // An idle connection that breaks (server restart) must not crash the process; the pool drops it.
    pool.on('error', () => {});
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool, url);
  }

  private async query(text: string, params: unknown[], db: Queryable = this.pool): Promise<Row[]> {
    try {
      return (await db.query(text, params)).rows as Row[];
    } catch (error) {
      throw storeError(error);
    }
  }

  /** Queues `work` for the next group commit; resolves once it is committed. */
  private write<T>(lockKeys: string[], work: (tx: Queryable) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.writeQueue.push({ lockKeys, work, resolve: resolve as (value: unknown) => void, reject });
      // Batches run one after another; the first waits a turn so writes requested together join it.
      this.committing ??= new Promise<void>((started) => setImmediate(started)).then(() => this.commitQueuedWrites());
    });
  }

  private async commitQueuedWrites(): Promise<void> {
    while (this.writeQueue.length > 0) {
      const batch = this.writeQueue;
      this.writeQueue = [];
      await this.commitBatch(batch);
    }
    this.committing = undefined;
  }

  private async commitBatch(batch: QueuedWrite[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    let tx: pg.PoolClient | undefined;
    try {
      tx = await this.pool.connect();
      await tx.query('BEGIN');
      const lockKeys = [...new Set(batch.flatMap((write) => write.lockKeys))];
      // Sorted by the lock's own number, so every replica takes any two locks in the same order.
      await tx.query(
        `SELECT count(pg_advisory_xact_lock(lock)) FROM
           (SELECT DISTINCT hashtextextended(key, 0) AS lock FROM unnest($1::text[]) AS key ORDER BY lock) AS sorted`,
        [lockKeys],
      );
      // A write alone in its batch needs no savepoint (two round trips): if it fails, the whole
      // transaction is rolled back instead.
      const alone = batch.length === 1;
      for (const { work } of batch) {
        if (!alone) await tx.query('SAVEPOINT queued_write');
        try {
          outcomes.push({ ok: true, value: await work(tx) });
          if (!alone) await tx.query('RELEASE queued_write');
        } catch (error) {
          if (!alone) await tx.query('ROLLBACK TO queued_write; RELEASE queued_write');
          outcomes.push({ ok: false, error });
        }
      }
      await tx.query(alone && !outcomes[0]!.ok ? 'ROLLBACK' : 'COMMIT');
      tx.release();
    } catch (error) {
      // The transaction did not commit: nothing in it happened. A broken connection is discarded.
      if (tx) {
        await tx.query('ROLLBACK').catch(() => {});
        tx.release(true);
      }
      const failure = storeError(error);
      for (const { reject } of batch) reject(failure);
      return;
    }
    batch.forEach(({ resolve, reject }, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    });
  }

  async queryGroupMessages(groupId: Uint8Array, page: PageRequest): Promise<StoredGroupMessage[]> {
    return (await this.paged('group_messages', 'group_id', groupId, page, 'data')).map(toGroupMessage);
  }

  async newestGroupMessage(groupId: Uint8Array): Promise<StoredGroupMessage | undefined> {
    const [row] = await this.query('SELECT * FROM group_messages WHERE group_id = $1 ORDER BY id DESC LIMIT 1', [groupId]);
    return row && toGroupMessage(row);
  }

  async queryWelcomes(installationKey: Uint8Array, page: PageRequest): Promise<StoredWelcome[]> {
    return (await this.paged('welcome_messages', 'installation_key', installationKey, page, 'data')).map(toWelcome);
  }

  async queryCommitLog(groupId: Uint8Array, page: PageRequest): Promise<StoredCommitLogEntry[]> {
    return (await this.paged('commit_log', 'group_id', groupId, page, 'entry')).map(toCommitLogEntry);
  }

  private async paged(table: string, topicColumn: string, topic: Uint8Array, page: PageRequest, payloadColumn: string): Promise<Row[]> {
    const ascending = page.direction === 'ascending';
    const bound = page.cursor === 0n ? '' : ascending ? 'AND id > $3' : 'AND id < $3';
    const order = ascending ? 'ASC' : 'DESC';
    const params = page.cursor === 0n ? [topic, page.limit] : [topic, page.limit, page.cursor];
    const where = `WHERE ${topicColumn} = $1 ${bound} ORDER BY id ${order} LIMIT $2`;
    if (page.maxBytes === undefined) return this.query(`SELECT * FROM ${table} ${where}`, params);
    // Sizes first, then only the rows that fit, so rows past the byte limit are never read.
    const sizes = await this.query(`SELECT id, octet_length(${payloadColumn}) AS size FROM ${table} ${where}`, params);
    const ids: bigint[] = [];
    let total = 0;
    for (const { id, size } of sizes) {
      ids.push(id as bigint);
      total += Number(size);
      if (total > page.maxBytes) break;
    }
    if (ids.length === 0) return [];
    return this.query(`SELECT * FROM ${table} WHERE id = ANY($1::bigint[]) ORDER BY id ${order}`, [ids]);
  }

  async fetchKeyPackages(installationKeys: Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    const rows = await this.query('SELECT installation_key, key_package FROM key_packages WHERE installation_key = ANY($1::bytea[])', [
      installationKeys.map(buffer),
    ]);
    const byKey = new Map(rows.map((row) => [hex(row.installation_key as Uint8Array), toKeyPackage(row)]));
    return installationKeys.map((key) => byKey.get(hex(key)));
  }

  async identityUpdates(inboxId: string, afterSequenceId: bigint): Promise<StoredIdentityUpdate[]> {
    const rows = await this.query('SELECT * FROM identity_updates WHERE inbox_id = $1 AND sequence_id > $2 ORDER BY sequence_id ASC', [
      inboxId,
      afterSequenceId,
    ]);
    return rows.map(toIdentityUpdate);
  }

  async inboxIdForAddress(address: string): Promise<string | undefined> {
    const [row] = await this.query(
      `SELECT inbox_id FROM address_log WHERE address = $1 AND revocation_sequence_id IS NULL
       ORDER BY association_sequence_id DESC LIMIT 1`,
      [address],
    );
    return row?.inbox_id as string | undefined;
  }

  async insertGroupMessages(messages: GroupMessageInput[]): Promise<StoredGroupMessage[]> {
    return this.insertTopicItems(
      'group',
      messages,
      (message) => message.groupId,
      `INSERT INTO group_messages (created_ns, group_id, data, sender_hmac, should_push, is_commit, dedupe_hash)
       VALUES (${NEXT_CREATED_NS('group_messages', 'group_id')}, $2, $3, $4, $5, $6, $7)`,
      (message) => [message.senderHmac, message.shouldPush, message.isCommit],
    );
  }

  async insertWelcomes(welcomes: WelcomeInput[]): Promise<StoredWelcome[]> {
    return this.insertTopicItems(
      'welcome',
      welcomes,
      (welcome) => welcome.installationKey,
      `INSERT INTO welcome_messages
         (created_ns, installation_key, data, kind, hpke_public_key, wrapper_algorithm, welcome_metadata, dedupe_hash)
       VALUES (${NEXT_CREATED_NS('welcome_messages', 'installation_key')}, $2, $3, $4, $5, $6, $7, $8)`,
      (welcome) => [welcome.kind, welcome.hpkePublicKey, welcome.wrapperAlgorithm, welcome.welcomeMetadata],
    );
  }

  /**
   * Inserts each item under its topic's lock, skipping ones already stored, and announces the new
   * rows at commit. `insert` takes (created_ns, topic, data, ...columns(item), dedupe_hash).
   */
  private insertTopicItems<T extends { data: Uint8Array }>(
    kind: CommitKind,
    items: T[],
    topicOf: (item: T) => Uint8Array,
    insert: string,
    columns: (item: T) => unknown[],
  ): Promise<(T & { id: bigint; createdNs: bigint })[]> {
    return this.write(
      items.map((item) => `${kind}:${hex(topicOf(item))}`),
      async (tx) => {
        const stored: (T & { id: bigint; createdNs: bigint })[] = [];
        for (const item of items) {
          const topic = topicOf(item);
          const [row] = await this.query(
            `${insert} ON CONFLICT (dedupe_hash) DO NOTHING RETURNING id, created_ns`,
            [this.now(), topic, item.data, ...columns(item), dedupeHash(topic, item.data)],
            tx,
          );
          if (row) stored.push({ ...item, id: row.id as bigint, createdNs: row.created_ns as bigint });
        }
        await notifyCommit(tx, kind, stored);
        return stored;
      },
    );
  }

  async saveKeyPackage(installationKey: Uint8Array, inboxId: string, keyPackage: Uint8Array): Promise<void> {
    await this.write([`key-package:${hex(installationKey)}`], (tx) =>
      this.query(
        `INSERT INTO key_packages (installation_key, inbox_id, key_package, updated_ns) VALUES ($1, $2, $3, $4)
         ON CONFLICT (installation_key) DO UPDATE SET inbox_id = excluded.inbox_id,
           key_package = excluded.key_package, updated_ns = excluded.updated_ns`,
        [installationKey, inboxId, keyPackage, this.now()],
        tx,
      ),
    );
  }

  async appendIdentityUpdate(
    inboxId: string,
    update: Uint8Array,
    validate: (priorUpdates: StoredIdentityUpdate[]) => AddressChanges,
  ): Promise<StoredIdentityUpdate> {
    return this.write([`inbox:${inboxId}`], async (tx) => {
      const prior = (await this.query('SELECT * FROM identity_updates WHERE inbox_id = $1 ORDER BY sequence_id ASC', [inboxId], tx)).map(
        toIdentityUpdate,
      );
      const changes = validate(prior);
      const [row] = await this.query(
        `INSERT INTO identity_updates (inbox_id, server_timestamp_ns, update_bytes)
         VALUES ($1, GREATEST($2::bigint, (SELECT max(server_timestamp_ns) + 1 FROM identity_updates WHERE inbox_id = $1)), $3)
         RETURNING sequence_id, server_timestamp_ns`,
        [inboxId, this.now(), update],
        tx,
      );
      const sequenceId = row!.sequence_id as bigint;
      for (const address of changes.linked) {
        await this.query(
          'INSERT INTO address_log (address, inbox_id, association_sequence_id) VALUES ($1, $2, $3)',
          [address, inboxId, sequenceId],
          tx,
        );
      }
      for (const address of changes.unlinked) {
        await this.query(
          `UPDATE address_log SET revocation_sequence_id = $1
           WHERE (address, inbox_id, association_sequence_id) = (
             SELECT address, inbox_id, association_sequence_id FROM address_log
             WHERE address = $2 AND inbox_id = $3 AND revocation_sequence_id IS NULL
             ORDER BY association_sequence_id DESC LIMIT 1)`,
          [sequenceId, address, inboxId],
          tx,
        );
      }
      return { sequenceId, inboxId, serverTimestampNs: row!.server_timestamp_ns as bigint, update };
    });
  }

  async insertCommitLogEntries(entries: CommitLogInput[]): Promise<void> {
    await this.write(
      entries.map((entry) => `commit-log:${hex(entry.groupId)}`),
      async (tx) => {
        for (const entry of entries) {
          await this.query(
            'INSERT INTO commit_log (group_id, entry, signature) VALUES ($1, $2, $3)',
            [entry.groupId, entry.entry, entry.signature],
            tx,
          );
        }
      },
    );
  }

  /**
   * Calls the listener with every group message and welcome any replica commits from now on, this
   * one included, in commit order (so in id order within a topic). Resolves once listening. When the
   * feed breaks the listener hears `lost`, then `resumed` once it listens again (`CommitFeed`).
   */
  async followCommits(listener: CommitListener): Promise<() => Promise<void>> {
    const feed = await CommitFeed.start(
      { url: this.url, clientConfig: { types } },
      { relay: (payload) => this.relayCommit(payload, listener), lost: listener.lost, resumed: listener.resumed },
    );
    return () => feed.stop();
  }

  private async relayCommit(payload: string, listener: CommitListener): Promise<void> {
    const [kind, list] = payload.split(':');
    const ids = (list ?? '').split(',').map((id) => BigInt(id));
    if (kind === 'group') {
      const rows = await this.query('SELECT * FROM group_messages WHERE id = ANY($1::bigint[]) ORDER BY id', [ids]);
      for (const row of rows) listener.groupMessage(toGroupMessage(row));
    } else if (kind === 'welcome') {
      const rows = await this.query('SELECT * FROM welcome_messages WHERE id = ANY($1::bigint[]) ORDER BY id', [ids]);
      for (const row of rows) listener.welcome(toWelcome(row));
    }
  }

  async close(): Promise<void> {
    // Writes already requested are committed before the connections close.
    while (this.committing) await this.committing;
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/**
 * The clock's reading ($1), or just after the topic's newest row if that is later: another
 * replica's clock may run ahead of ours, and clients order a topic by `created_ns`.
 */
const NEXT_CREATED_NS = (table: string, topicColumn: string) =>
  `GREATEST($1::bigint, (SELECT created_ns + 1 FROM ${table} WHERE ${topicColumn} = $2 ORDER BY id DESC LIMIT 1))`;

/** Ids per notification: a payload must stay under Postgres's 8000 bytes (an id is at most 19 digits). */
const IDS_PER_NOTIFICATION = 300;

/** Queued inside the write's savepoint: sent at commit, dropped if the write is rolled back. */
async function notifyCommit(tx: Queryable, kind: CommitKind, rows: { id: bigint }[]): Promise<void> {
  for (let start = 0; start < rows.length; start += IDS_PER_NOTIFICATION) {
    const ids = rows.slice(start, start + IDS_PER_NOTIFICATION).map((row) => row.id);
    await tx.query('SELECT pg_notify($1, $2)', [COMMIT_CHANNEL, `${kind}:${ids.join(',')}`]);
  }
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
    let applied = rows[0]?.version ?? 0;
    if (rows.length === 0) await client.query('INSERT INTO schema_version (version) VALUES (0)');
    for (; applied < MIGRATIONS.length; applied++) {
      await client.query('BEGIN');
      await client.query(MIGRATIONS[applied]!);
      await client.query('UPDATE schema_version SET version = $1', [applied + 1]);
      await client.query('COMMIT');
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

function hex(value: Uint8Array): string {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
}

function buffer(value: Uint8Array): Buffer {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
