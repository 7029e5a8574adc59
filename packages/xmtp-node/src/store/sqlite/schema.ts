/**
 * Schema migrations, applied in order; PRAGMA user_version records how many have run. Tables
 * mirror xmtp-node-go's so that a Postgres backend can follow the same shape.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE group_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_ns INTEGER NOT NULL,
    group_id BLOB NOT NULL,
    data BLOB NOT NULL,
    sender_hmac BLOB NOT NULL,
    should_push INTEGER NOT NULL,
    is_commit INTEGER NOT NULL,
    dedupe_hash BLOB NOT NULL UNIQUE
  );
  CREATE INDEX group_messages_by_group ON group_messages (group_id, id);

  CREATE TABLE welcome_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_ns INTEGER NOT NULL,
    installation_key BLOB NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('v1', 'pointer')),
    data BLOB NOT NULL,
    hpke_public_key BLOB NOT NULL,
    wrapper_algorithm INTEGER NOT NULL,
    welcome_metadata BLOB NOT NULL,
    dedupe_hash BLOB NOT NULL UNIQUE
  );
  CREATE INDEX welcome_messages_by_installation ON welcome_messages (installation_key, id);

  CREATE TABLE key_packages (
    installation_key BLOB PRIMARY KEY,
    inbox_id TEXT NOT NULL,
    key_package BLOB NOT NULL,
    updated_ns INTEGER NOT NULL
  );

  CREATE TABLE identity_updates (
    sequence_id INTEGER PRIMARY KEY AUTOINCREMENT,
    inbox_id TEXT NOT NULL,
    server_timestamp_ns INTEGER NOT NULL,
    update_bytes BLOB NOT NULL
  );
  CREATE INDEX identity_updates_by_inbox ON identity_updates (inbox_id, sequence_id);

  CREATE TABLE address_log (
    address TEXT NOT NULL,
    inbox_id TEXT NOT NULL,
    association_sequence_id INTEGER NOT NULL,
    revocation_sequence_id INTEGER,
    PRIMARY KEY (address, inbox_id, association_sequence_id)
  );

  CREATE TABLE commit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BLOB NOT NULL,
    entry BLOB NOT NULL,
    signature BLOB NOT NULL
  );
  CREATE INDEX commit_log_by_group ON commit_log (group_id, id);
  `,
];
