import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '@ticketchat/contracts';
import type { Address } from 'viem';

/**
 * The agent's durable state. Each schema version is applied once, in order.
 * - `events`: every event the registry announced, its group and whether the agent manages it yet;
 * - `holders`: every address the kiosk's logs named for an event (a candidate, confirmed on chain
 *   before any action), with a dirty mark: the sequence number of the last log that touched it;
 * - `ledger`: the inboxes the agent itself added to a group and that are still in: the agent only
 *   ever removes these, so guests the creator added are never touched;
 * - `intents`: each membership commit, written before it is sent and closed after, so a crash
 *   between the two is resolved against the group's actual members on restart;
 * - `pending`: valid holders whose address has no XMTP inbox yet.
 */
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
];

export interface StoredEvent {
  eventId: bigint;
  creator: Address;
  groupId: string;
  state: 'awaiting-group' | 'managed';
  note: string | null;
  fullSync: boolean;
}

export interface DirtyHolder {
  address: Address;
  seq: number;
  block: bigint;
}

export interface Intent {
  id: number;
  eventId: bigint;
  groupId: string;
  action: 'add' | 'remove';
  inboxIds: string[];
}

type Row = Record<string, unknown>;

export class StateStore {
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

  close(): void {
    this.db.close();
  }

  /** Runs `work` atomically: all of it is stored, or none. */
  transaction<T>(work: () => T): T {
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

  checkpoint(): Checkpoint | undefined {
    const row = this.sql(`SELECT value FROM meta WHERE key = 'checkpoint'`).get() as Row | undefined;
    return row ? decodeCheckpoint(String(row.value)) : undefined;
  }

  saveCheckpoint(checkpoint: Checkpoint): void {
    this.sql(`INSERT INTO meta (key, value) VALUES ('checkpoint', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(
      encodeCheckpoint(checkpoint),
    );
  }

  /** A number that grows with every change a log or a request makes, so marks set during processing are not cleared by it. */
  private nextSeq(): number {
    const row = this.sql(`SELECT value FROM meta WHERE key = 'seq'`).get() as Row | undefined;
    const next = (row ? Number(row.value) : 0) + 1;
    this.sql(`INSERT INTO meta (key, value) VALUES ('seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(next));
    return next;
  }

  // Events

  /** EventCreated: the event is known; its group is managed once it reaches the agent and verifies. */
  addEvent(eventId: bigint, creator: Address, groupId: string): void {
    this.sql(`INSERT OR IGNORE INTO events (event_id, creator, group_id, state) VALUES (?, ?, ?, 'awaiting-group')`).run(
      eventId.toString(),
      creator.toLowerCase(),
      groupId,
    );
  }

  /** ChatGroupIdUpdated: the new group must be verified again before it is managed. */
  changeGroup(eventId: bigint, groupId: string): void {
    this.sql(
      `UPDATE events SET group_id = ?, state = 'awaiting-group', note = NULL, full_sync = 1 WHERE event_id = ? AND group_id <> ?`,
    ).run(groupId, eventId.toString(), groupId);
  }

  events(): StoredEvent[] {
    return (this.sql(`SELECT * FROM events ORDER BY CAST(event_id AS INTEGER)`).all() as Row[]).map(toEvent);
  }

  event(eventId: bigint): StoredEvent | undefined {
    const row = this.sql(`SELECT * FROM events WHERE event_id = ?`).get(eventId.toString()) as Row | undefined;
    return row ? toEvent(row) : undefined;
  }

  setEventState(eventId: bigint, groupId: string, state: StoredEvent['state'], note: string | null): void {
    this.sql(`UPDATE events SET state = ?, note = ? WHERE event_id = ? AND group_id = ?`).run(state, note, eventId.toString(), groupId);
  }

  requestFullSync(eventId: bigint): void {
    this.sql(`UPDATE events SET full_sync = 1 WHERE event_id = ?`).run(eventId.toString());
  }

  clearFullSync(eventId: bigint): void {
    this.sql(`UPDATE events SET full_sync = 0 WHERE event_id = ?`).run(eventId.toString());
  }

  // Holders

  /** Records that a log (at `checkpoint`) touched `address`'s tickets for the event. */
  touchHolder(eventId: bigint, address: Address, block: bigint, firstSeen: string): void {
    this.sql(
      `INSERT INTO holders (event_id, address, first_seen, dirty_seq, dirty_block) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (event_id, address) DO UPDATE SET dirty_seq = excluded.dirty_seq, dirty_block = excluded.dirty_block`,
    ).run(eventId.toString(), address.toLowerCase(), firstSeen, this.nextSeq(), block);
  }

  /** Asks for `address` to be checked again (its owner registered on XMTP), without a new log. */
  markDirty(eventId: bigint, address: Address): void {
    this.sql(`UPDATE holders SET dirty_seq = ?, dirty_block = 0 WHERE event_id = ? AND address = ?`).run(
      this.nextSeq(),
      eventId.toString(),
      address,
    );
  }

  holderAddresses(eventId: bigint): Address[] {
    return (this.sql(`SELECT address FROM holders WHERE event_id = ? ORDER BY first_seen, address`).all(eventId.toString()) as Row[]).map(
      (row) => row.address as Address,
    );
  }

  /** Arrival order of each address (its first log), for fair queueing under the cap. */
  firstSeen(eventId: bigint): Map<Address, string> {
    const rows = this.sql(`SELECT address, first_seen FROM holders WHERE event_id = ?`).all(eventId.toString()) as Row[];
    return new Map(rows.map((row) => [row.address as Address, String(row.first_seen)]));
  }

  dirtyHolders(eventId: bigint): DirtyHolder[] {
    return (
      this.sql(`SELECT address, dirty_seq, dirty_block FROM holders WHERE event_id = ? AND dirty_seq IS NOT NULL ORDER BY dirty_seq`).all(
        eventId.toString(),
      ) as Row[]
    ).map((row) => ({ address: row.address as Address, seq: Number(row.dirty_seq), block: BigInt(row.dirty_block as number) }));
  }

  dirtyEventIds(): bigint[] {
    return (this.sql(`SELECT DISTINCT event_id FROM holders WHERE dirty_seq IS NOT NULL`).all() as Row[]).map((row) =>
      BigInt(String(row.event_id)),
    );
  }

  /** Clears marks up to `seq`; a log that touched the address again meanwhile keeps it dirty. */
  clearDirty(eventId: bigint, addresses: Address[], seq: number): void {
    const statement = this.sql(
      `UPDATE holders SET dirty_seq = NULL, dirty_block = NULL WHERE event_id = ? AND address = ? AND dirty_seq <= ?`,
    );
    this.transaction(() => {
      for (const address of addresses) statement.run(eventId.toString(), address, seq);
    });
  }

  // Ledger and intents

  ledger(groupId: string): Set<string> {
    return new Set((this.sql(`SELECT inbox_id FROM ledger WHERE group_id = ?`).all(groupId) as Row[]).map((row) => String(row.inbox_id)));
  }

  /** Written before the commit is sent. */
  openIntent(eventId: bigint, groupId: string, action: Intent['action'], inboxIds: string[]): number {
    const result = this.sql(`INSERT INTO intents (event_id, group_id, action, inbox_ids, created_at) VALUES (?, ?, ?, ?, ?)`).run(
      eventId.toString(),
      groupId,
      action,
      JSON.stringify(inboxIds),
      Date.now(),
    );
    return Number(result.lastInsertRowid);
  }

  /** The commit landed for `applied` (all of the intent, or what a recovery found in the group): the ledger follows, the intent closes. */
  closeIntent(intentId: number, groupId: string, action: Intent['action'], applied: string[]): void {
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

  openIntents(): Intent[] {
    return (this.sql(`SELECT * FROM intents ORDER BY id`).all() as Row[]).map((row) => ({
      id: Number(row.id),
      eventId: BigInt(String(row.event_id)),
      groupId: String(row.group_id),
      action: row.action as Intent['action'],
      inboxIds: JSON.parse(String(row.inbox_ids)) as string[],
    }));
  }

  /** Drops ledger entries of inboxes that left the group without the agent (the creator removed them, or they left). */
  forgetMembers(groupId: string, inboxIds: string[]): void {
    const statement = this.sql(`DELETE FROM ledger WHERE group_id = ? AND inbox_id = ?`);
    this.transaction(() => {
      for (const inboxId of inboxIds) statement.run(groupId, inboxId);
    });
  }

  // Pending queue

  setPending(eventId: bigint, address: Address, pending: boolean): void {
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

  pending(): { eventId: bigint; address: Address; since: number; attempts: number }[] {
    return (this.sql(`SELECT * FROM pending ORDER BY since`).all() as Row[]).map((row) => ({
      eventId: BigInt(String(row.event_id)),
      address: row.address as Address,
      since: Number(row.since),
      attempts: Number(row.attempts),
    }));
  }
}

function toEvent(row: Row): StoredEvent {
  return {
    eventId: BigInt(String(row.event_id)),
    creator: row.creator as Address,
    groupId: String(row.group_id),
    state: row.state as StoredEvent['state'],
    note: row.note === null ? null : String(row.note),
    fullSync: Number(row.full_sync) === 1,
  };
}
