/**
 * Every bound on the work one client can make the node do, with its default and why. The node
 * reads them once at start (`startXmtpNode({ limits })`, or the CLI's flags and environment); the
 * defaults never refuse or throttle what the real SDKs do, and stop a hostile client from making
 * the node hold memory or time without limit.
 */
export interface NodeLimits {
  /** Ids in one lookup (GetNewestGroupMessage group_ids). Each distinct id is looked up once. */
  maxIdsPerRequest: number;
  /** A response message's size, counted from what it will hold before it is built. The SDKs refuse larger ones (libxmtp GRPC_PAYLOAD_LIMIT). */
  maxResponseBytes: number;
  /** Filters (topics) in one Subscribe* call, after duplicates are dropped. */
  maxFiltersPerSubscription: number;
  /** Open Subscribe* calls on one connection. */
  maxSubscriptionsPerConnection: number;
  /** Concurrent HTTP/2 streams (calls of any kind) on one connection (SETTINGS_MAX_CONCURRENT_STREAMS). */
  maxStreamsPerConnection: number;
  /** Messages written to one call but not yet taken by its client; a live stream past it ends with ABORTED, as xmtp-node-go's does. */
  maxQueuedMessages: number;
  /** Bytes written to one call but not yet taken by its client, as above. */
  maxQueuedBytes: number;
  /** How long a call may have unsent messages without any being taken before it ends (ABORTED), then is cut. */
  sendStallTimeoutMs: number;
  /** How long a new connection may take to send its first request's headers (or, HTTP/2, its first stream). */
  headerTimeoutMs: number;
  /** How long a request's body may take to arrive, from its headers; past it the call ends with DEADLINE_EXCEEDED. */
  bodyTimeoutMs: number;
  /** Read calls per client address per window (xmtp.network: 20,000 per 5 minutes, refilled evenly). */
  readsPerWindow: number;
  /** Write calls (publishes, uploads; a batch counts each message) per client address per window (xmtp.network: 3,000). */
  writesPerWindow: number;
  rateWindowMs: number;
  /** Client addresses never rate limited: exact IPs, or `loopback` (127.0.0.0/8 and ::1), the local stack's own agent, tests and benchmarks. */
  rateLimitAllowList: string[];
  /** Bytes of device-sync archives kept at once; an upload past it is refused (507). */
  historyQuotaBytes: number;
  /** How long a device-sync archive is kept; clients fetch theirs within minutes. */
  historyExpiryMs: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<NodeLimits> = Object.freeze({
  // The SDK asks for the newest message of at most 1000 groups per call (syncAll).
  maxIdsPerRequest: 10_000,
  maxResponseBytes: 25 * MiB,
  // A client subscribes to every group it is in, in one call.
  maxFiltersPerSubscription: 10_000,
  maxSubscriptionsPerConnection: 256,
  maxStreamsPerConnection: 1024,
  // xmtp-node-go's subscription buffer (minBacklogBufferLength).
  maxQueuedMessages: 1024,
  // Each subscriber holds its own copy of what it has not taken; one message larger than this still fits.
  maxQueuedBytes: 8 * MiB,
  sendStallTimeoutMs: 60_000,
  headerTimeoutMs: 20_000,
  // libxmtp gives a call 120 s; a 25 MiB message at 1 MB/s takes about 26 s.
  bodyTimeoutMs: 60_000,
  readsPerWindow: 20_000,
  writesPerWindow: 3_000,
  rateWindowMs: 5 * 60_000,
  rateLimitAllowList: ['loopback'],
  historyQuotaBytes: 1024 * MiB,
  historyExpiryMs: 24 * 60 * 60_000,
});

export function resolveLimits(overrides: Partial<NodeLimits> = {}): NodeLimits {
  const limits = {
    ...DEFAULT_LIMITS,
    ...overrides,
    rateLimitAllowList: [...(overrides.rateLimitAllowList ?? DEFAULT_LIMITS.rateLimitAllowList)],
  };
  for (const [key, value] of Object.entries(limits)) {
    if (typeof value === 'number' && !(Number.isInteger(value) && value > 0)) {
      throw new Error(`Validation failed: limit ${key} must be a positive integer, got ${value}`);
    }
  }
  return limits;
}

/** The numeric limits as the CLI exposes them: one flag and one environment variable each. */
export const NUMERIC_LIMIT_SETTINGS: readonly {
  key: Exclude<keyof NodeLimits, 'rateLimitAllowList'>;
  flag: string;
  env: string;
  help: string;
}[] = [
  { key: 'maxIdsPerRequest', flag: '--max-ids-per-request', env: 'XMTP_NODE_MAX_IDS_PER_REQUEST', help: 'ids in one lookup request' },
  {
    key: 'maxResponseBytes',
    flag: '--max-response-bytes',
    env: 'XMTP_NODE_MAX_RESPONSE_BYTES',
    help: 'bytes in one response message, counted before it is built',
  },
  {
    key: 'maxFiltersPerSubscription',
    flag: '--max-filters-per-subscription',
    env: 'XMTP_NODE_MAX_FILTERS_PER_SUBSCRIPTION',
    help: 'distinct filters in one subscription',
  },
  {
    key: 'maxSubscriptionsPerConnection',
    flag: '--max-subscriptions-per-connection',
    env: 'XMTP_NODE_MAX_SUBSCRIPTIONS_PER_CONNECTION',
    help: 'open subscriptions on one connection',
  },
  {
    key: 'maxStreamsPerConnection',
    flag: '--max-streams-per-connection',
    env: 'XMTP_NODE_MAX_STREAMS_PER_CONNECTION',
    help: 'concurrent HTTP/2 streams on one connection',
  },
  {
    key: 'maxQueuedMessages',
    flag: '--max-queued-messages',
    env: 'XMTP_NODE_MAX_QUEUED_MESSAGES',
    help: 'messages queued for a client that is not reading before its stream ends (ABORTED)',
  },
  {
    key: 'maxQueuedBytes',
    flag: '--max-queued-bytes',
    env: 'XMTP_NODE_MAX_QUEUED_BYTES',
    help: 'bytes queued for a client that is not reading before its stream ends (ABORTED)',
  },
  {
    key: 'sendStallTimeoutMs',
    flag: '--send-stall-timeout-ms',
    env: 'XMTP_NODE_SEND_STALL_TIMEOUT_MS',
    help: 'ms a call may have queued messages with none taken before it ends, then is cut',
  },
  {
    key: 'headerTimeoutMs',
    flag: '--header-timeout-ms',
    env: 'XMTP_NODE_HEADER_TIMEOUT_MS',
    help: "ms a connection may take to send a request's headers",
  },
  { key: 'bodyTimeoutMs', flag: '--body-timeout-ms', env: 'XMTP_NODE_BODY_TIMEOUT_MS', help: "ms a request's body may take to arrive" },
  {
    key: 'readsPerWindow',
    flag: '--reads-per-window',
    env: 'XMTP_NODE_READS_PER_WINDOW',
    help: 'read calls per client IP per rate window',
  },
  {
    key: 'writesPerWindow',
    flag: '--writes-per-window',
    env: 'XMTP_NODE_WRITES_PER_WINDOW',
    help: 'written messages per client IP per rate window',
  },
  { key: 'rateWindowMs', flag: '--rate-window-ms', env: 'XMTP_NODE_RATE_WINDOW_MS', help: 'ms in which a rate budget refills' },
  {
    key: 'historyQuotaBytes',
    flag: '--history-quota-bytes',
    env: 'XMTP_NODE_HISTORY_QUOTA_BYTES',
    help: 'bytes of device-sync archives kept at once',
  },
  { key: 'historyExpiryMs', flag: '--history-expiry-ms', env: 'XMTP_NODE_HISTORY_EXPIRY_MS', help: 'ms a device-sync archive is kept' },
];
