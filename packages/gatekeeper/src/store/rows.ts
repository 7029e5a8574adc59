import type { Address } from 'viem';
import type { Intent, PendingHolder, SectionLayout, StoredEvent } from './agentStore.ts';

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
    inboxIds: json<string[]>(row.inbox_ids),
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

/** JSON columns: text in SQLite, parsed JSONB in Postgres. */
const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export function toSectionLayout(row: Row): SectionLayout {
  return { groupIds: json<string[]>(row.group_ids), seats: Number(row.seats), staff: json<Address[]>(row.staff) };
}

/** Whether a stored layout row seats holders in the same sections as `layout` (seats stay valid). */
export function sameSeating(row: Row | undefined, layout: SectionLayout | undefined): boolean {
  if (!row || !layout) return false;
  const stored = toSectionLayout({ ...row, staff: '[]' });
  return stored.seats === layout.seats && JSON.stringify(stored.groupIds) === JSON.stringify(layout.groupIds);
}
