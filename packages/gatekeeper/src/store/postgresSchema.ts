/**
 * The Postgres tables of `AgentStore` (see agentStore.ts; the SQLite store's tables in Postgres
 * types) and of the replicas' coordination (src/replicas/leases.ts). Everything lives in the
 * `gatekeeper` schema, so the agent can share a database with the XMTP node or anything else.
 * Migrations are applied in order; `schema_version` records how many have run.
 */
export const SCHEMA = 'gatekeeper';

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE events (
    event_id NUMERIC(78) PRIMARY KEY, creator TEXT NOT NULL, group_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('awaiting-group', 'managed')), note TEXT,
    full_sync BOOLEAN NOT NULL DEFAULT TRUE);
  CREATE TABLE holders (
    event_id NUMERIC(78) NOT NULL, address TEXT NOT NULL, first_seen TEXT NOT NULL,
    dirty_seq BIGINT, dirty_block BIGINT,
    PRIMARY KEY (event_id, address));
  CREATE INDEX holders_dirty ON holders (event_id, dirty_seq) WHERE dirty_seq IS NOT NULL;
  CREATE TABLE ledger (group_id TEXT NOT NULL, inbox_id TEXT NOT NULL, added_at BIGINT NOT NULL, PRIMARY KEY (group_id, inbox_id));
  CREATE TABLE intents (
    id BIGSERIAL PRIMARY KEY, event_id NUMERIC(78) NOT NULL, group_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('add', 'remove')), inbox_ids JSONB NOT NULL, created_at BIGINT NOT NULL);
  CREATE TABLE pending (
    event_id NUMERIC(78) NOT NULL, address TEXT NOT NULL, since BIGINT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, address));

  -- Replicas: who is alive, and who holds what ('chain' for the log follower, 'event:<id>' per event).
  CREATE TABLE agents (owner TEXT PRIMARY KEY, inbox_id TEXT NOT NULL, seen_until TIMESTAMPTZ NOT NULL);
  CREATE TABLE leases (
    name TEXT PRIMARY KEY, owner TEXT, inbox_id TEXT, expires_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
    acquisitions BIGINT NOT NULL DEFAULT 0);
  `,
  // Sections (events larger than one group): the layout, each holder inbox's seat, purchases by transaction.
  `
  CREATE TABLE section_layouts (event_id NUMERIC(78) PRIMARY KEY, group_ids JSONB NOT NULL, seats INTEGER NOT NULL, staff JSONB NOT NULL);
  CREATE TABLE seats (
    event_id NUMERIC(78) NOT NULL, inbox_id TEXT NOT NULL, section INTEGER NOT NULL, seated_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, inbox_id));
  CREATE TABLE purchases (event_id NUMERIC(78) NOT NULL, tx_hash TEXT NOT NULL, address TEXT NOT NULL, PRIMARY KEY (event_id, tx_hash, address));
  CREATE INDEX purchases_by_address ON purchases (event_id, address);
  `,
];
