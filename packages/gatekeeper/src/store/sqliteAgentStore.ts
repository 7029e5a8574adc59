import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { decodeCheckpoint, encodeCheckpoint } from '@ticketchat/contracts';
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

/** The tables of `AgentStore` (see there). Each schema version is applied once, in order. */
const MIGRATIONS = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE events (
     event_id TEXT PRIMARY KEY, creator TEXT NOT NULL, group_id TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('awaiting-group', 'managed')), note TEXT,
     full_sync INTEGER NOT NULL DEFAULT 1);
   CREATE TABLE holders (
     event_id TEXT NOT NULL, address TEXT NOT NULL, first_seen TEXT NOT NULL,
     dirty_seq INTEGER, dirty_block INTEGER,
     PRIMARY KEY (event_id, address));
   CREATE INDEX holders_dirty ON holders (event_id, dirty_seq) WHERE dirty_seq IS NOT NULL;
   CREATE TABLE ledger (group_id TEXT NOT NULL, inbox_id TEXT NOT NULL, added_at INTEGER NOT NULL, PRIMARY KEY (group_id, inbox_id));
   CREATE TABLE intents (
     id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, group_id TEXT NOT NULL,
     action TEXT NOT NULL CHECK (action IN ('add', 'remove')), inbox_ids TEXT NOT NULL, created_at INTEGER NOT NULL);
   CREATE TABLE pending (
     event_id TEXT NOT NULL, address TEXT NOT NULL, since INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (event_id, address));`,
  // Sections (events larger than one group): the layout, each holder inbox's seat, purchases by transaction.
  `CREATE TABLE section_layouts (event_id TEXT PRIMARY KEY, group_ids TEXT NOT NULL, seats INTEGER NOT NULL, staff TEXT NOT NULL);
   CREATE TABLE seats (event_id TEXT NOT NULL, inbox_id TEXT NOT NULL, section INTEGER NOT NULL, seated_at INTEGER NOT NULL,
     PRIMARY KEY (event_id, inbox_id));
   CREATE TABLE purchases (event_id TEXT NOT NULL, tx_hash TEXT NOT NULL, address TEXT NOT NULL, PRIMARY KEY (event_id, tx_hash, address));
   CREATE INDEX purchases_by_address ON purchases (event_id, address);`,
];

/** The agent's state in embedded SQLite (the default): one file, one agent process. */
export class SqliteAgentStore implements AgentStore {
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    // synchronous=FULL: a checkpoint or ledger row the agent acted on survives a crash of the machine.
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;');
    const { user_version: applied } = this.db.prepare('PRAGMA user_version').get() as { user_version: number };
    for (let version = applied; version < MIGRATIONS.length; version++) {
      this.transaction(() => {
        this.db.exec(MIGRATIONS[version]!);
        this.db.exec(`PRAGMA user_version = ${version + 1}`);
      });
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** Runs `work` atomically: all of it is stored, or none. */
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

  private sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  // Checkpoint and dirty sequence

  async checkpoint(): Promise<AnchoredCheckpoint | undefined> {
    const row = this.sql(`SELECT value FROM meta WHERE key = 'checkpoint'`).get() as Row | undefined;
    if (!row) return undefined;
    const hash = this.sql(`SELECT value FROM meta WHERE key = 'checkpoint_hash'`).get() as Row | undefined;
    return { ...decodeCheckpoint(String(row.value)), ...(hash ? { blockHash: String(hash.value) as Hash } : {}) };
  }

  async record(changes: readonly StoreChange[], checkpoint?: AnchoredCheckpoint): Promise<void> {
    const upsert = this.sql(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    this.transaction(() => {
      for (const change of changes) this.apply(change);
      if (checkpoint) {
        upsert.run('checkpoint', encodeCheckpoint(checkpoint));
        // A checkpoint without its hash must not keep the hash of another block.
        if (checkpoint.blockHash) upsert.run('checkpoint_hash', checkpoint.blockHash);
        else this.sql(`DELETE FROM meta WHERE key = 'checkpoint_hash'`).run();
      }
    });
  }

  private apply(change: StoreChange): void {
    const eventId = change.eventId.toString();
    switch (change.kind) {
      case 'event-created':
        this.sql(`INSERT OR IGNORE INTO events (event_id, creator, group_id, state) VALUES (?, ?, ?, 'awaiting-group')`).run(
          eventId,
          change.creator.toLowerCase(),
          change.groupId,
        );
        break;
      case 'group-changed':
        this.sql(
          `UPDATE events SET group_id = ?, state = 'awaiting-group', note = NULL, full_sync = 1 WHERE event_id = ? AND group_id <> ?`,
        ).run(change.groupId, eventId, change.groupId);
        break;
      case 'full-sync':
        this.sql(`UPDATE events SET full_sync = 1 WHERE event_id = ?`).run(eventId);
        break;
      case 'holder-touched':
        this.sql(
          `INSERT INTO holders (event_id, address, first_seen, dirty_seq, dirty_block) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (event_id, address) DO UPDATE SET dirty_seq = excluded.dirty_seq, dirty_block = excluded.dirty_block`,
        ).run(eventId, change.address.toLowerCase(), change.firstSeen, this.nextSeq(), change.block);
        break;
      case 'purchase':
        this.sql(`INSERT OR IGNORE INTO purchases (event_id, tx_hash, address) VALUES (?, ?, ?)`).run(
          eventId,
          change.transactionHash.toLowerCase(),
          change.address.toLowerCase(),
        );
        break;
    }
  }

  /** A number that grows with every change a log or a request makes, so marks set during processing are not cleared by it. */
  private nextSeq(): number {
    const row = this.sql(`SELECT value FROM meta WHERE key = 'seq'`).get() as Row | undefined;
    const next = (row ? Number(row.value) : 0) + 1;
    this.sql(`INSERT INTO meta (key, value) VALUES ('seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(next));
    return next;
  }

  // Events

  async events(): Promise<StoredEvent[]> {
    return (this.sql(`SELECT * FROM events ORDER BY CAST(event_id AS INTEGER)`).all() as Row[]).map(toEvent);
  }

  async event(eventId: bigint): Promise<StoredEvent | undefined> {
    const row = this.sql(`SELECT * FROM events WHERE event_id = ?`).get(eventId.toString()) as Row | undefined;
    return row ? toEvent(row) : undefined;
  }

  async setEventState(eventId: bigint, groupId: string, state: StoredEvent['state'], note: string | null): Promise<void> {
    this.sql(`UPDATE events SET state = ?, note = ? WHERE event_id = ? AND group_id = ?`).run(state, note, eventId.toString(), groupId);
  }

  async requestFullSync(eventId: bigint): Promise<void> {
    this.sql(`UPDATE events SET full_sync = 1 WHERE event_id = ?`).run(eventId.toString());
  }

  async clearFullSync(eventId: bigint): Promise<void> {
    this.sql(`UPDATE events SET full_sync = 0 WHERE event_id = ?`).run(eventId.toString());
  }

  // Holders

  async holderAddresses(eventId: bigint): Promise<Address[]> {
    return (this.sql(`SELECT address FROM holders WHERE event_id = ? ORDER BY first_seen, address`).all(eventId.toString()) as Row[]).map(
      (row) => row.address as Address,
    );
  }

  async firstSeen(eventId: bigint): Promise<Map<Address, string>> {
    const rows = this.sql(`SELECT address, first_seen FROM holders WHERE event_id = ?`).all(eventId.toString()) as Row[];
    return new Map(rows.map((row) => [row.address as Address, String(row.first_seen)]));
  }

  async dirtyHolders(eventId: bigint): Promise<DirtyHolder[]> {
    return (
      this.sql(`SELECT address, dirty_seq, dirty_block FROM holders WHERE event_id = ? AND dirty_seq IS NOT NULL ORDER BY dirty_seq`).all(
        eventId.toString(),
      ) as Row[]
    ).map((row) => ({ address: row.address as Address, seq: Number(row.dirty_seq), block: BigInt(row.dirty_block as number) }));
  }

  async dirtyEventIds(): Promise<bigint[]> {
    return (this.sql(`SELECT DISTINCT event_id FROM holders WHERE dirty_seq IS NOT NULL`).all() as Row[]).map((row) =>
      BigInt(String(row.event_id)),
    );
  }

  async clearDirty(eventId: bigint, addresses: readonly Address[], seq: number): Promise<void> {
    const statement = this.sql(
      `UPDATE holders SET dirty_seq = NULL, dirty_block = NULL WHERE event_id = ? AND address = ? AND dirty_seq <= ?`,
    );
    this.transaction(() => {
      for (const address of addresses) statement.run(eventId.toString(), address, seq);
    });
  }

  // Ledger and intents

  async ledger(groupId: string): Promise<Set<string>> {
    return new Set((this.sql(`SELECT inbox_id FROM ledger WHERE group_id = ?`).all(groupId) as Row[]).map((row) => String(row.inbox_id)));
  }

  async openIntent(eventId: bigint, groupId: string, action: Intent['action'], inboxIds: readonly string[]): Promise<number> {
    const result = this.sql(`INSERT INTO intents (event_id, group_id, action, inbox_ids, created_at) VALUES (?, ?, ?, ?, ?)`).run(
      eventId.toString(),
      groupId,
      action,
      JSON.stringify(inboxIds),
      Date.now(),
    );
    return Number(result.lastInsertRowid);
  }

  async closeIntent(intentId: number, groupId: string, action: Intent['action'], applied: readonly string[]): Promise<void> {
    this.transaction(() => {
      if (action === 'add') {
        const insert = this.sql(`INSERT OR IGNORE INTO ledger (group_id, inbox_id, added_at) VALUES (?, ?, ?)`);
        for (const inboxId of applied) insert.run(groupId, inboxId, Date.now());
      } else {
        const remove = this.sql(`DELETE FROM ledger WHERE group_id = ? AND inbox_id = ?`);
        for (const inboxId of applied) remove.run(groupId, inboxId);
      }
      this.sql(`DELETE FROM intents WHERE id = ?`).run(intentId);
    });
  }

  async openIntents(): Promise<Intent[]> {
    return (this.sql(`SELECT * FROM intents ORDER BY id`).all() as Row[]).map(toIntent);
  }

  async forgetMembers(groupId: string, inboxIds: readonly string[]): Promise<void> {
    const statement = this.sql(`DELETE FROM ledger WHERE group_id = ? AND inbox_id = ?`);
    this.transaction(() => {
      for (const inboxId of inboxIds) statement.run(groupId, inboxId);
    });
  }

  // Pending queue

  async setPending(eventId: bigint, address: Address, pending: boolean): Promise<void> {
    if (pending) {
      this.sql(`INSERT INTO pending (event_id, address, since) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET attempts = attempts + 1`).run(
        eventId.toString(),
        address,
        Date.now(),
      );
    } else {
      this.sql(`DELETE FROM pending WHERE event_id = ? AND address = ?`).run(eventId.toString(), address);
    }
  }

  async pending(): Promise<PendingHolder[]> {
    return (this.sql(`SELECT * FROM pending ORDER BY since`).all() as Row[]).map(toPending);
  }

  // Sections

  async sectionLayout(eventId: bigint): Promise<SectionLayout | undefined> {
    const row = this.sql(`SELECT * FROM section_layouts WHERE event_id = ?`).get(eventId.toString()) as Row | undefined;
    return row ? toSectionLayout(row) : undefined;
  }

  async setSectionLayout(eventId: bigint, layout: SectionLayout | undefined): Promise<void> {
    const id = eventId.toString();
    this.transaction(() => {
      const before = this.sql(`SELECT group_ids, seats FROM section_layouts WHERE event_id = ?`).get(id) as Row | undefined;
      // Seats name sections of one layout: another layout (or none) seats everyone afresh.
      if (!sameSeating(before, layout)) this.sql(`DELETE FROM seats WHERE event_id = ?`).run(id);
      if (!layout) this.sql(`DELETE FROM section_layouts WHERE event_id = ?`).run(id);
      else
        this.sql(
          `INSERT INTO section_layouts (event_id, group_ids, seats, staff) VALUES (?, ?, ?, ?)
           ON CONFLICT (event_id) DO UPDATE SET group_ids = excluded.group_ids, seats = excluded.seats, staff = excluded.staff`,
        ).run(id, JSON.stringify(layout.groupIds), layout.seats, JSON.stringify(layout.staff));
    });
  }

  async seats(eventId: bigint): Promise<Map<string, number>> {
    const rows = this.sql(`SELECT inbox_id, section FROM seats WHERE event_id = ?`).all(eventId.toString()) as Row[];
    return new Map(rows.map((row) => [String(row.inbox_id), Number(row.section)]));
  }

  async updateSeats(eventId: bigint, placed: ReadonlyMap<string, number>, freed: readonly string[]): Promise<void> {
    const id = eventId.toString();
    this.transaction(() => {
      const free = this.sql(`DELETE FROM seats WHERE event_id = ? AND inbox_id = ?`);
      for (const inboxId of freed) free.run(id, inboxId);
      const seat = this.sql(
        `INSERT INTO seats (event_id, inbox_id, section, seated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (event_id, inbox_id) DO UPDATE SET section = excluded.section, seated_at = excluded.seated_at`,
      );
      for (const [inboxId, section] of placed) seat.run(id, inboxId, section, Date.now());
    });
  }

  async purchasesTogether(eventId: bigint, addresses: readonly Address[]): Promise<Purchase[]> {
    if (addresses.length === 0) return [];
    const rows = this.sql(
      `SELECT DISTINCT tx_hash, address FROM purchases WHERE event_id = ?1 AND tx_hash IN
         (SELECT tx_hash FROM purchases WHERE event_id = ?1 AND address IN (SELECT value FROM json_each(?2)))
       ORDER BY tx_hash, address`,
    ).all(eventId.toString(), JSON.stringify(addresses.map((address) => address.toLowerCase()))) as Row[];
    return rows.map((row) => ({ transactionHash: row.tx_hash as Hash, address: row.address as Address }));
  }
}
