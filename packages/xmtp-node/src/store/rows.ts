import type { StoredCommitLogEntry, StoredGroupMessage, StoredIdentityUpdate, StoredWelcome } from './types.ts';

/** A database row as both backends return it: integers as bigint, blobs as bytes. */
export type Row = Record<string, unknown>;

function bytes(value: unknown): Uint8Array {
  return value as Uint8Array;
}

/** SQLite stores flags as 0/1 integers, Postgres as booleans. */
function flag(value: unknown): boolean {
  return value === true || value === 1n;
}

export function toGroupMessage(row: Row): StoredGroupMessage {
  return {
    id: row.id as bigint,
    createdNs: row.created_ns as bigint,
    groupId: bytes(row.group_id),
    data: bytes(row.data),
    senderHmac: bytes(row.sender_hmac),
    shouldPush: flag(row.should_push),
    isCommit: flag(row.is_commit),
  };
}

export function toWelcome(row: Row): StoredWelcome {
  return {
    id: row.id as bigint,
    createdNs: row.created_ns as bigint,
    kind: row.kind as StoredWelcome['kind'],
    installationKey: bytes(row.installation_key),
    data: bytes(row.data),
    hpkePublicKey: bytes(row.hpke_public_key),
    wrapperAlgorithm: Number(row.wrapper_algorithm),
    welcomeMetadata: bytes(row.welcome_metadata),
  };
}

export function toIdentityUpdate(row: Row): StoredIdentityUpdate {
  return {
    sequenceId: row.sequence_id as bigint,
    inboxId: row.inbox_id as string,
    serverTimestampNs: row.server_timestamp_ns as bigint,
    update: bytes(row.update_bytes),
  };
}

export function toCommitLogEntry(row: Row): StoredCommitLogEntry {
  return { sequenceId: row.id as bigint, groupId: bytes(row.group_id), entry: bytes(row.entry), signature: bytes(row.signature) };
}

export function toKeyPackage(row: Row): Uint8Array {
  return bytes(row.key_package);
}
