import { BaseError } from '@ticketchat/errors';
import type { MetadataStore } from '@ticketchat/metadata';
import type { Logger } from 'pino';
import { isAddress, isHex, type Address, type Hex } from 'viem';

/** Everything the membership agent needs; only the wallet, XMTP, data directory and chain are required. */
export interface GatekeeperConfig {
  /** The agent's own wallet key: its XMTP identity (XMTP_WALLET_KEY). */
  walletKey: Hex;
  /** 32 bytes encrypting the agent's XMTP database (XMTP_DB_ENCRYPTION_KEY); by default a key file beside it. */
  dbEncryptionKey?: Hex;
  xmtp: {
    env: 'local' | 'dev' | 'production';
    /** Our own node's gRPC URL (XMTP_API_URL); the env's endpoint otherwise. */
    apiUrl?: string;
    historySyncUrl?: string | null;
  };
  /** The agent's SQLite state (`gatekeeper.db`, unless `database` is given) and its XMTP database (`xmtp/`). */
  dataDir: string;
  /**
   * A `postgres://` URL: the agent's state lives there instead of in `dataDir`, and every agent
   * given the same URL (each with its own wallet key and data directory) shares the work by event.
   */
  database?: string;
  /** Agents on Postgres: how long a lease on an event outlives its holder's last renewal. @default 5_000 */
  leaseTtlMs?: number;
  chain: {
    rpcUrl: string;
    /** WebSocket endpoint: new blocks are pushed, so latency is not a polling interval. */
    wsUrl?: string;
    chainId: number;
    registry: Address;
    kiosk: Address;
    /** Where a fresh agent starts reading logs (the deployment block); a saved checkpoint wins. */
    fromBlock: bigint;
  };
  /**
   * A trustless IPFS gateway (IPFS_GATEWAY_URL; the local stack runs one) from which the agent reads
   * each event's metadata, by the CID the chain names, to learn its sections. Without it (and
   * without `metadataStore`) every event is managed as one group.
   */
  ipfsGatewayUrl?: string;
  /** Instead of `ipfsGatewayUrl`: any verifying metadata store (a Helia node's block store). */
  metadataStore?: MetadataStore;
  /** The ops server (/health, /status, /metrics); `false` runs none. @default { host: '127.0.0.1', port: 0 } */
  http?: { host?: string; port?: number } | false;
  /** Blocks a log must be buried under before the agent acts on it. @default 0 */
  confirmations?: number;
  /** Changes to one group that arrive together go out as one commit of at most `maxSize` inboxes, after at most `maxWaitMs`. @default DEFAULT_BATCH */
  batch?: { maxSize?: number; maxWaitMs?: number };
  /**
   * How many of one sync's new holders may sit in one section of a sectioned event before the next
   * section takes its turn (1: strictly evenly). @default a twentieth of a section (`seatingStripe`)
   */
  seatingStripe?: number;
  /** XMTP's group size limit; holders past it wait. Lowered only by tests. @default 250 */
  groupCap?: number;
  /** Full reconciliation of every managed group against the chain. @default 60_000 */
  reconcileIntervalMs?: number;
  /** How often buyers without an XMTP identity are looked up again. @default 5_000 */
  pendingRetryMs?: number;
  /** Join requests by DM per inbox. @default { requests: 5, perMs: 60_000 } */
  joinRateLimit?: { requests: number; perMs: number };
  /** XMTP's write limit per client. @default { writes: 3_000, perMs: 300_000 } */
  writeLimit?: { writes: number; perMs: number };
  /** Blocks of kiosk logs re-read at each reconciliation, to pick up holders a reorganisation moved. @default 64 */
  reorgDepth?: number;
  logger?: Logger;
  /** Test and benchmark seams: called as a membership commit is sent, and after it reached the network (before the ledger records it). */
  hooks?: {
    beforeCommit?: (commit: { eventId: bigint; action: 'add' | 'remove'; inboxIds: string[] }) => void;
    afterCommit?: (commit: { eventId: bigint; action: 'add' | 'remove'; inboxIds: string[] }) => void;
  };
}

/**
 * Commits of at most 125 inboxes: a burst of 250 purchases is 2 commits, and a refund that arrives
 * meanwhile waits behind at most one of them (adds yield to newer changes between commits), about
 * half as long as behind one commit of 250. Measured in the README's benchmark section.
 */
export const DEFAULT_BATCH = { maxSize: 125, maxWaitMs: 20 };

/** The config with every default filled in. */
export type ResolvedConfig = Required<
  Omit<
    GatekeeperConfig,
    'dbEncryptionKey' | 'logger' | 'hooks' | 'http' | 'batch' | 'database' | 'ipfsGatewayUrl' | 'metadataStore' | 'seatingStripe'
  >
> &
  Pick<GatekeeperConfig, 'dbEncryptionKey' | 'hooks' | 'database' | 'ipfsGatewayUrl' | 'seatingStripe'> & {
    http: { host: string; port: number } | false;
    batch: { maxSize: number; maxWaitMs: number };
  };

/** A configuration the agent cannot run with; `shortMessage` starts "Validation failed:" and names the key. */
export class ConfigError extends BaseError {
  override name = 'ConfigError';
}

/** Fills in defaults and rejects bad values with "Validation failed:" naming the key. */
export function resolveConfig(config: GatekeeperConfig): ResolvedConfig {
  const fail = (key: string, expected: string, value: unknown): never => {
    throw new ConfigError(`Validation failed: ${key} must be ${expected}, got ${JSON.stringify(String(value))}.`);
  };
  if (!isHex(config.walletKey) || config.walletKey.length !== 66) fail('walletKey', 'a 32-byte hex private key', '<hidden>');
  if (config.dbEncryptionKey !== undefined && (!isHex(config.dbEncryptionKey) || config.dbEncryptionKey.length !== 66))
    fail('dbEncryptionKey', '32 bytes of hex', '<hidden>');
  if (!['local', 'dev', 'production'].includes(config.xmtp.env)) fail('xmtp.env', 'local, dev or production', config.xmtp.env);
  if (!config.dataDir) fail('dataDir', 'a directory', config.dataDir);
  if (config.database !== undefined && !isPostgresUrl(config.database))
    fail('database', 'a postgres:// or postgresql:// URL', databaseForLogs(config.database));
  const { chain } = config;
  if (!/^https?:\/\//.test(chain.rpcUrl)) fail('chain.rpcUrl', 'an http(s) URL', chain.rpcUrl);
  if (chain.wsUrl !== undefined && !/^wss?:\/\//.test(chain.wsUrl)) fail('chain.wsUrl', 'a ws(s) URL', chain.wsUrl);
  if (!Number.isSafeInteger(chain.chainId) || chain.chainId <= 0) fail('chain.chainId', 'a positive integer', chain.chainId);
  if (!isAddress(chain.registry)) fail('chain.registry', 'an address', chain.registry);
  if (!isAddress(chain.kiosk)) fail('chain.kiosk', 'an address', chain.kiosk);
  if (typeof chain.fromBlock !== 'bigint' || chain.fromBlock < 0n) fail('chain.fromBlock', 'a block number', chain.fromBlock);
  if (config.ipfsGatewayUrl !== undefined && !/^https?:\/\/[^/]/.test(config.ipfsGatewayUrl))
    fail('ipfsGatewayUrl', 'an http(s) URL', config.ipfsGatewayUrl);
  const positive = (key: string, value: number, min = 1) => {
    if (!Number.isSafeInteger(value) || value < min) fail(key, `an integer >= ${min}`, value);
    return value;
  };
  const batch = { maxSize: config.batch?.maxSize ?? DEFAULT_BATCH.maxSize, maxWaitMs: config.batch?.maxWaitMs ?? DEFAULT_BATCH.maxWaitMs };
  const http = config.http === false ? false : { host: config.http?.host ?? '127.0.0.1', port: config.http?.port ?? 0 };
  if (http) positive('http.port', http.port, 0);
  const joinRateLimit = config.joinRateLimit ?? { requests: 5, perMs: 60_000 };
  const writeLimit = config.writeLimit ?? { writes: 3_000, perMs: 300_000 };
  return {
    walletKey: config.walletKey,
    dbEncryptionKey: config.dbEncryptionKey,
    xmtp: config.xmtp,
    dataDir: config.dataDir,
    database: config.database,
    leaseTtlMs: positive('leaseTtlMs', config.leaseTtlMs ?? 5_000, 500),
    chain: config.chain,
    ipfsGatewayUrl: config.ipfsGatewayUrl,
    http,
    confirmations: positive('confirmations', config.confirmations ?? 0, 0),
    batch: { maxSize: positive('batch.maxSize', batch.maxSize), maxWaitMs: positive('batch.maxWaitMs', batch.maxWaitMs, 0) },
    seatingStripe: config.seatingStripe === undefined ? undefined : positive('seatingStripe', config.seatingStripe),
    groupCap: positive('groupCap', config.groupCap ?? 250, 2),
    reconcileIntervalMs: positive('reconcileIntervalMs', config.reconcileIntervalMs ?? 60_000, 100),
    pendingRetryMs: positive('pendingRetryMs', config.pendingRetryMs ?? 5_000, 10),
    joinRateLimit: {
      requests: positive('joinRateLimit.requests', joinRateLimit.requests),
      perMs: positive('joinRateLimit.perMs', joinRateLimit.perMs),
    },
    writeLimit: { writes: positive('writeLimit.writes', writeLimit.writes), perMs: positive('writeLimit.perMs', writeLimit.perMs) },
    reorgDepth: positive('reorgDepth', config.reorgDepth ?? 64, 0),
    hooks: config.hooks,
  };
}

/** A `postgres://` or `postgresql://` URL selects Postgres for the agent's state. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\/\S+$/i.test(database);
}

/** The database as it may be logged or shown: a Postgres URL loses its password. */
export function databaseForLogs(database: string): string {
  try {
    const url = new URL(database);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<not a URL>';
  }
}
