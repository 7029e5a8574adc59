import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
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
import { MIGRATIONS } from './schema.ts';

export interface SqliteStoreOptions {
  /** A database file, created if missing; ':memory:' keeps everything in memory (tests). */
  path: string;
}

interface QueuedWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The embedded default backend on node:sqlite. WAL with synchronous=FULL: an acknowledged write
 * survives a crash of the process or the machine. That costs an fsync per commit, so writes are
 * group-committed: every write requested during one turn of the event loop runs, in order, inside
 * one transaction (each in its own savepoint, so one failing write does not undo the others), and
 * all are acknowledged once it commits. Ids are assigned and become visible in request order.
 */
export class SqliteStore implements NodeStore {
  private readonly db: DatabaseSync;
  private readonly now = createNanoClock();
  private readonly statements = new Map<string, StatementSync>();
  private writeQueue: QueuedWrite[] = [];

  constructor({ path }: SqliteStoreOptions) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    this.migrate();
  }

  private migrate(): void {
    const { user_version: applied } = this.db.prepare('PRAGMA user_version').get() as { user_version: number };
    for (let version = applied; version < MIGRATIONS.length; version++) {
      this.transaction(() => {
        this.db.exec(MIGRATIONS[version]!);
        this.db.exec(`PRAGMA user_version = ${version + 1}`);
      });
    }
  }

  /** Statements are prepared once and reused: preparing dominates the cost of small queries. */
  private sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      statement.setReadBigInts(true);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Queues `work` for the next group commit; resolves once it is durable. */
  private write<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.writeQueue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.writeQueue.length === 1) setImmediate(() => this.commitQueuedWrites());
    });
  }

  private commitQueuedWrites(): void {
    const batch = this.writeQueue;
    this.writeQueue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.transaction(() => {
        for (const { work } of batch) {
          this.db.exec('SAVEPOINT queued_write');
          try {
            outcomes.push({ ok: true, value: work() });
            this.db.exec('RELEASE queued_write');
          } catch (error) {
            this.db.exec('ROLLBACK TO queued_write; RELEASE queued_write');
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    batch.forEach(({ resolve, reject }, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    });
  }

  async queryGroupMessages(groupId: Uint8Array, page: PageRequest): Promise<StoredGroupMessage[]> {
    return this.paged('group_messages', 'group_id', groupId, page, 'data').map(toGroupMessage);
  }

  async newestGroupMessage(groupId: Uint8Array): Promise<StoredGroupMessage | undefined> {
    const row = this.sql('SELECT * FROM group_messages WHERE group_id = ? ORDER BY id DESC LIMIT 1').get(groupId) as Row | undefined;
    return row && toGroupMessage(row);
  }

  async queryWelcomes(installationKey: Uint8Array, page: PageRequest): Promise<StoredWelcome[]> {
    return this.paged('welcome_messages', 'installation_key', installationKey, page, 'data').map(toWelcome);
  }

  async queryCommitLog(groupId: Uint8Array, page: PageRequest): Promise<StoredCommitLogEntry[]> {
    return this.paged('commit_log', 'group_id', groupId, page, 'entry').map(toCommitLogEntry);
  }

  private paged(table: string, topicColumn: string, topic: Uint8Array, page: PageRequest, payloadColumn: string): Row[] {
    const ascending = page.direction === 'ascending';
    const bound = page.cursor === 0n ? '' : ascending ? 'AND id > ?' : 'AND id < ?';
    const order = ascending ? 'ASC' : 'DESC';
    const statement = this.sql(`SELECT * FROM ${table} WHERE ${topicColumn} = ? ${bound} ORDER BY id ${order} LIMIT ?`);
    const params = page.cursor === 0n ? [topic, page.limit] : [topic, page.cursor, page.limit];
    if (page.maxBytes === undefined) return statement.all(...params) as Row[];
    // Row by row, so rows past the byte limit are never read from the database.
    const rows: Row[] = [];
    let bytes = 0;
    for (const row of statement.iterate(...params) as Iterable<Row>) {
      rows.push(row);
      bytes += (row[payloadColumn] as Uint8Array).length;
      if (bytes > page.maxBytes) break;
    }
    return rows;
  }

  async fetchKeyPackages(installationKeys: Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    const statement = this.sql('SELECT key_package FROM key_packages WHERE installation_key = ?');
    return installationKeys.map((key) => {
      const row = statement.get(key) as Row | undefined;
      return row && toKeyPackage(row);
    });
  }

  async identityUpdates(inboxId: string, afterSequenceId: bigint): Promise<StoredIdentityUpdate[]> {
    const rows = this.sql('SELECT * FROM identity_updates WHERE inbox_id = ? AND sequence_id > ? ORDER BY sequence_id ASC').all(
      inboxId,
      afterSequenceId,
    ) as Row[];
    return rows.map(toIdentityUpdate);
  }

  async inboxIdForAddress(address: string): Promise<string | undefined> {
    const row = this.sql(
      `SELECT inbox_id FROM address_log WHERE address = ? AND revocation_sequence_id IS NULL
       ORDER BY association_sequence_id DESC LIMIT 1`,
    ).get(address) as Row | undefined;
    return row?.inbox_id as string | undefined;
  }

  async insertGroupMessages(messages: GroupMessageInput[]): Promise<StoredGroupMessage[]> {
    const insert = this.sql(
      `INSERT INTO group_messages (created_ns, group_id, data, sender_hmac, should_push, is_commit, dedupe_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_hash) DO NOTHING RETURNING id, created_ns`,
    );
    return this.write(() =>
      messages.flatMap((message) => {
        const row = insert.get(
          this.now(),
          message.groupId,
          message.data,
          message.senderHmac,
          message.shouldPush ? 1 : 0,
          message.isCommit ? 1 : 0,
          dedupeHash(message.groupId, message.data),
        ) as Row | undefined;
        return row ? [{ ...message, id: row.id as bigint, createdNs: row.created_ns as bigint }] : [];
      }),
    );
  }

  async insertWelcomes(welcomes: WelcomeInput[]): Promise<StoredWelcome[]> {
    const insert = this.sql(
      `INSERT INTO welcome_messages
         (created_ns, installation_key, kind, data, hpke_public_key, wrapper_algorithm, welcome_metadata, dedupe_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_hash) DO NOTHING RETURNING id, created_ns`,
    );
    return this.write(() =>
      welcomes.flatMap((welcome) => {
        const row = insert.get(
          this.now(),
          welcome.installationKey,
          welcome.kind,
          welcome.data,
          welcome.hpkePublicKey,
          welcome.wrapperAlgorithm,
          welcome.welcomeMetadata,
          dedupeHash(welcome.installationKey, welcome.data),
        ) as Row | undefined;
        return row ? [{ ...welcome, id: row.id as bigint, createdNs: row.created_ns as bigint }] : [];
      }),
    );
  }

  async saveKeyPackage(installationKey: Uint8Array, inboxId: string, keyPackage: Uint8Array): Promise<void> {
    await this.write(() =>
      this.sql(
        `INSERT INTO key_packages (installation_key, inbox_id, key_package, updated_ns) VALUES (?, ?, ?, ?)
       ON CONFLICT (installation_key) DO UPDATE SET inbox_id = excluded.inbox_id,
         key_package = excluded.key_package, updated_ns = excluded.updated_ns`,
      ).run(installationKey, inboxId, keyPackage, this.now()),
    );
  }

  async appendIdentityUpdate(
    inboxId: string,
    update: Uint8Array,
    validate: (priorUpdates: StoredIdentityUpdate[]) => AddressChanges,
  ): Promise<StoredIdentityUpdate> {
    return this.write(() => {
      const prior = (this.sql('SELECT * FROM identity_updates WHERE inbox_id = ? ORDER BY sequence_id ASC').all(inboxId) as Row[]).map(
        toIdentityUpdate,
      );
      const changes = validate(prior);
      const serverTimestampNs = this.now();
      const row = this.sql(
        'INSERT INTO identity_updates (inbox_id, server_timestamp_ns, update_bytes) VALUES (?, ?, ?) RETURNING sequence_id',
      ).get(inboxId, serverTimestampNs, update) as Row;
      const sequenceId = row.sequence_id as bigint;
      for (const address of changes.linked) {
        this.sql('INSERT INTO address_log (address, inbox_id, association_sequence_id) VALUES (?, ?, ?)').run(address, inboxId, sequenceId);
      }
      for (const address of changes.unlinked) {
        this.sql(
          `UPDATE address_log SET revocation_sequence_id = ? WHERE rowid = (
             SELECT rowid FROM address_log WHERE address = ? AND inbox_id = ? AND revocation_sequence_id IS NULL
             ORDER BY association_sequence_id DESC LIMIT 1)`,
        ).run(sequenceId, address, inboxId);
      }
      return { sequenceId, inboxId, serverTimestampNs, update };
    });
  }

  async insertCommitLogEntries(entries: CommitLogInput[]): Promise<void> {
    const insert = this.sql('INSERT INTO commit_log (group_id, entry, signature) VALUES (?, ?, ?)');
    await this.write(() => {
      for (const entry of entries) insert.run(entry.groupId, entry.entry, entry.signature);
    });
  }

  async close(): Promise<void> {
    // Writes already acknowledged are committed; ones still queued are committed before closing.
    if (this.writeQueue.length > 0) this.commitQueuedWrites();
    if (this.db.isOpen) this.db.close();
  }
}
