import { once } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { LiveFeedInterruptedError } from './errors.ts';
import { IdentityLogs } from './api/identityLogs.ts';
import { identityService } from './api/identityService.ts';
import type { MethodTable } from './api/method.ts';
import { mlsService } from './api/mlsService.ts';
import { createHistorySyncServer } from './history/historySyncServer.ts';
import { SmartWalletVerifier } from './identity/smartWallets.ts';
import { databaseForLogs, isPostgresUrl, openStore } from './store/openStore.ts';
import { PostgresStore } from './store/postgres/postgresStore.ts';
import type { NodeStore, StoredGroupMessage, StoredWelcome } from './store/types.ts';
import { CommitFeedDispatcher } from './subscriptions/commitFeedDispatcher.ts';
import { Dispatcher } from './subscriptions/dispatcher.ts';
import { groupTopic, welcomeTopic } from './subscriptions/topics.ts';
import { resolveLimits, type NodeLimits } from './limits/limits.ts';
import { RateLimiter } from './limits/rateLimiter.ts';
import type { CallEnvironment } from './transport/callRunner.ts';
import { corsPolicy, DEFAULT_CORS_ORIGINS } from './transport/cors.ts';
import { createGrpcHttp2Server } from './transport/grpcHttp2.ts';
import { createGrpcWebServer, type PlainRoute } from './transport/grpcWeb.ts';
import { createDualProtocolListener, type DualProtocolListener } from './transport/listener.ts';
import { ShutdownSignal } from './transport/shutdown.ts';

export interface XmtpNodeOptions {
  /** Interface to listen on. Default 127.0.0.1: nothing is reachable from other machines unless asked. */
  host?: string;
  /** Native gRPC (HTTP/2) port; XMTP's `local` default is 5556. 0 picks a free port. */
  grpcPort?: number;
  /** gRPC-web port for browsers; XMTP's `local` default is 5557. 0 picks a free port; the same number as grpcPort serves both on one port. */
  webPort?: number;
  /** History-sync port; XMTP's `local` default is 5558. 0 picks a free port; null disables it. */
  historyPort?: number | null;
  /** SQLite database file, ':memory:' (the default, for tests), or a postgres:// URL (src/store/postgres). */
  database?: string;
  /** Where device-sync archives are kept; defaults next to the database (or a temp dir in memory). */
  historyDirectory?: string;
  /**
   * JSON-RPC endpoints by chain id, for checking smart-contract-wallet signatures (ERC-1271/6492).
   * Without one, signatures from wallets on that chain are refused.
   */
  chainRpcUrls?: Record<number, string>;
  /** Bounds on the work one client can make the node do; each omitted one keeps its default (src/limits/limits.ts). */
  limits?: Partial<NodeLimits>;
  /** Origins whose web pages may call the node: exact origins, `http://host:*` for any port, or `*`. Default: localhost's. */
  corsOrigins?: readonly string[];
  logger?: Logger;
}

export interface RunningXmtpNode {
  /** For @xmtp/node-sdk: `apiUrl`. */
  grpcUrl: string;
  /** For @xmtp/browser-sdk: `apiUrl`. */
  webUrl: string;
  /** For `historySyncUrl` / `sendSyncArchive`; undefined when disabled. */
  historySyncUrl: string | undefined;
  store: NodeStore;
  /** Ends every stream with UNAVAILABLE, closes the listeners, then the database. */
  stop(): Promise<void>;
}

export async function startXmtpNode(options: XmtpNodeOptions = {}): Promise<RunningXmtpNode> {
  const host = options.host ?? '127.0.0.1';
  const log = options.logger ?? pino({ level: 'silent' });
  const database = options.database ?? ':memory:';
  const store = await openStore(database);
  const startedAt = Date.now();
  const feed = store instanceof PostgresStore ? await followReplicas(store, log) : undefined;
  const groupMessages = feed?.groupMessages ?? new Dispatcher<StoredGroupMessage>();
  const welcomes = feed?.welcomes ?? new Dispatcher<StoredWelcome>();
  const smartWallets = new SmartWalletVerifier(options.chainRpcUrls);
  const limits = resolveLimits(options.limits);
  const cors = corsPolicy(options.corsOrigins ?? DEFAULT_CORS_ORIGINS);
  const identities = new IdentityLogs(store, smartWallets);
  const methods: MethodTable = new Map([
    ...mlsService({ reads: store, writes: store, groupMessages, welcomes, identities, limits }),
    ...identityService({ reads: store, identities, smartWallets, maxResponseBytes: limits.maxResponseBytes }),
  ]);
  const shutdown = new ShutdownSignal();
  const environment: CallEnvironment = { methods, log, shutdown, limits, rateLimiter: new RateLimiter(limits) };

  const health: PlainRoute = (request, response) => {
    if (request.method !== 'GET' || request.url !== '/health') return false;
    const body = {
      status: shutdown.isShuttingDown ? 'stopping' : 'ok',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      liveSubscriptions: groupMessages.subscriberCount + welcomes.subscriberCount,
    };
    response.writeHead(shutdown.isShuttingDown ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    return true;
  };
  const grpc = createGrpcHttp2Server(environment);
  const web = createGrpcWebServer(environment, cors, [health]);

  const grpcPort = options.grpcPort ?? 5556;
  const webPort = options.webPort ?? 5557;
  const listeners: Server[] = [];
  const cleanups: (() => void)[] = [];
  const connections: DualProtocolListener[] = [];
  const listenDual = (port: number) => {
    const listener = createDualProtocolListener(grpc, web, limits.headerTimeoutMs);
    connections.push(listener);
    return listen(listener.server, port);
  };
  const listen = async (server: Server, port: number) => {
    server.listen(port, host);
    await once(server, 'listening');
    listeners.push(server);
    return (server.address() as AddressInfo).port;
  };
  try {
    const grpcBound = await listenDual(grpcPort);
    const webBound = webPort === grpcPort && grpcPort !== 0 ? grpcBound : await listenDual(webPort);
    let historySyncUrl: string | undefined;
    if (options.historyPort !== null) {
      const historyDirectory = options.historyDirectory ?? defaultHistoryDirectory(database, cleanups);
      const history = createHistorySyncServer({ directory: historyDirectory, log, limits, cors });
      cleanups.push(history.stopExpiring);
      const historyBound = await listen(history.server, options.historyPort ?? 5558);
      historySyncUrl = `http://${urlHost(host)}:${historyBound}`;
    }
    const node: RunningXmtpNode = {
      grpcUrl: `http://${urlHost(host)}:${grpcBound}`,
      webUrl: `http://${urlHost(host)}:${webBound}`,
      historySyncUrl,
      store,
      stop: async () => {
        shutdown.trigger();
        // Let the streams just ended flush their status before connections are cut.
        await new Promise((resolve) => setImmediate(resolve));
        const closed = Promise.all(listeners.map((server) => closeServer(server)));
        for (const listener of connections) listener.destroyConnections();
        // Stops its timeout checks; it has no listening socket of its own to close.
        web.close(() => undefined);
        await closed;
        await feed?.stop();
        await store.close();
        for (const cleanup of cleanups) cleanup();
        log.info('xmtp node stopped');
      },
    };
    log.info(
      {
        grpcUrl: node.grpcUrl,
        webUrl: node.webUrl,
        historySyncUrl,
        database: databaseForLogs(database),
        smartWalletChains: smartWallets.chainIds,
      },
      'xmtp node listening',
    );
    return node;
  } catch (error) {
    await Promise.all(listeners.map((server) => closeServer(server)));
    await feed?.stop();
    await store.close();
    for (const cleanup of cleanups) cleanup();
    throw error;
  }
}

/**
 * On Postgres, other replicas may write too: streams are fed from the store's commit feed, which
 * carries every replica's writes (this one's included) in commit order. While the feed is broken
 * no stream can be trusted to be complete, so every stream is ended with UNAVAILABLE (clients
 * resubscribe from their cursors, here or on another replica) and new ones are refused until the
 * feed listens again.
 */
async function followReplicas(store: PostgresStore, log: Logger) {
  const groupMessages = new CommitFeedDispatcher<StoredGroupMessage>();
  const welcomes = new CommitFeedDispatcher<StoredWelcome>();
  const stop = await store.followCommits({
    groupMessage: (message) => groupMessages.relay(groupTopic(message.groupId), message),
    welcome: (welcome) => welcomes.relay(welcomeTopic(welcome.installationKey), welcome),
    lost: (error) => {
      log.error({ err: error }, 'the commit feed broke: ending live streams (clients resubscribe) and listening again');
      const interruption = new LiveFeedInterruptedError();
      groupMessages.interrupt(interruption);
      welcomes.interrupt(interruption);
    },
    resumed: () => {
      groupMessages.resume();
      welcomes.resume();
      log.info('the commit feed is listening again: streams are accepted');
    },
  });
  return { groupMessages, welcomes, stop };
}

/**
 * Archives live next to a database file; an in-memory or Postgres node keeps them in a temp dir it
 * removes (archives are short-lived uploads; replicas that share them need `historyDirectory`).
 */
function defaultHistoryDirectory(database: string, cleanups: (() => void)[]): string {
  if (database !== ':memory:' && !isPostgresUrl(database)) return `${database}.history`;
  const directory = mkdtempSync(join(tmpdir(), 'xmtp-node-history-'));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // The history server owns its connections; the dual listeners' are destroyed by the caller.
    if ('closeAllConnections' in server) (server as HttpServer).closeAllConnections();
  });
}
