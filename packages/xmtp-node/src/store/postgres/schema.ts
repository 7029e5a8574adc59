/**
 * Schema migrations, applied in order; `schema_version` records how many have run. The tables are
 * the SQLite backend's (../sqlite/schema.ts), in Postgres types. Ids come from sequences, but a
 * writer takes the topic's advisory lock before drawing one and holds it until it commits (see
 * postgresStore.ts), which is what keeps them increasing per topic in commit order.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE group_messages (
    id BIGSERIAL PRIMARY KEY,
    created_ns BIGINT NOT NULL,
    group_id BYTEA NOT NULL,
    data BYTEA NOT NULL,
    sender_hmac BYTEA NOT NULL,
    should_push BOOLEAN NOT NULL,
    is_commit BOOLEAN NOT NULL,
    dedupe_hash BYTEA NOT NULL UNIQUE
  );
  CREATE INDEX group_messages_by_group ON group_messages (group_id, id);

  CREATE TABLE welcome_messages (
    id BIGSERIAL PRIMARY KEY,
    created_ns BIGINT NOT NULL,
    installation_key BYTEA NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('v1', 'pointer')),
    data BYTEA NOT NULL,
    hpke_public_key BYTEA NOT NULL,
    wrapper_algorithm INTEGER NOT NULL,
    welcome_metadata BYTEA NOT NULL,
    dedupe_hash BYTEA NOT NULL UNIQUE
  );
  CREATE INDEX welcome_messages_by_installation ON welcome_messages (installation_key, id);

  CREATE TABLE key_packages (
    installation_key BYTEA PRIMARY KEY,
    inbox_id TEXT NOT NULL,
    key_package BYTEA NOT NULL,
    updated_ns BIGINT NOT NULL
  );

  CREATE TABLE identity_updates (
    sequence_id BIGSERIAL PRIMARY KEY,
    inbox_id TEXT NOT NULL,
    server_timestamp_ns BIGINT NOT NULL,
    update_bytes BYTEA NOT NULL
  );
  CREATE INDEX identity_updates_by_inbox ON identity_updates (inbox_id, sequence_id);

  CREATE TABLE address_log (
    address TEXT NOT NULL,
    inbox_id TEXT NOT NULL,
    association_sequence_id BIGINT NOT NULL,
    revocation_sequence_id BIGINT,
    PRIMARY KEY (address, inbox_id, association_sequence_id)
  );

  CREATE TABLE commit_log (
    id BIGSERIAL PRIMARY KEY,
    group_id BYTEA NOT NULL,
    entry BYTEA NOT NULL,
    signature BYTEA NOT NULL
  );
  CREATE INDEX commit_log_by_group ON commit_log (group_id, id);
  `,
];
