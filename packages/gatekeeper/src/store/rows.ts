import type { Address } from 'viem';
import type { Intent, PendingHolder, StoredEvent } from './agentStore.ts';

/** A row as either backend returns it (SQLite: integers for booleans, JSON as text; Postgres: booleans, parsed JSONB, numerics as text). */
export type Row = Record<string, unknown>;

export function toEvent(row: Row): StoredEvent {
  return {
    eventId: BigInt(String(row.event_id)),
    creator: row.creator as Address,
    groupId: String(row.group_id),
    state: row.state as StoredEvent['state'],
    note: row.note === null ? null : String(row.note),
    fullSync: row.full_sync === true || Number(row.full_sync) === 1,
  };
}

export function toIntent(row: Row): Intent {
  return {
    id: Number(row.id),
    eventId: BigInt(String(row.event_id)),
    groupId: String(row.group_id),
    action: row.action as Intent['action'],
    inboxIds: (typeof row.inbox_ids === 'string' ? JSON.parse(row.inbox_ids) : row.inbox_ids) as string[],
  };
}

export function toPending(row: Row): PendingHolder {
  return {
    eventId: BigInt(String(row.event_id)),
    address: row.address as Address,
    since: Number(row.since),
    attempts: Number(row.attempts),
  };
}
