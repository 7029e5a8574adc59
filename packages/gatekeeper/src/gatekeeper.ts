import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ClientPool, FileKeyStore, nodeRuntime, type KeyStore } from '@ticketchat/chat/node';
import { followTicketchatLogs, type TicketchatPublicClient } from '@ticketchat/contracts';
import { gatewayMetadataStore } from '@ticketchat/metadata';
import { pino } from 'pino';
import { createPublicClient, hexToBytes, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { openHeadsClient } from './chain/headsClient.ts';
import { ingestLogs } from './chain/logIngest.ts';
import { TicketReader } from './chain/ticketReader.ts';
import { resolveConfig, type GatekeeperConfig } from './config.ts';
import { JoinRequests } from './dm/joinRequests.ts';
import { createGatekeeperMetrics, type AgentClient, type Common } from './internal/common.ts';
import { GroupAdoption } from './membership/groupAdoption.ts';
import { retryPending } from './membership/pendingQueue.ts';
import { reconcileAll } from './membership/reconcile.ts';
import { recoverIntents } from './membership/recoverIntents.ts';
import { MembershipScheduler } from './membership/scheduler.ts';
import { WriteLimiter } from './membership/writeLimiter.ts';
import { startOpsServer } from './ops/server.ts';
import { readSectionLayout } from './sections/sectionLayout.ts';
import { buildStatus } from './statusReport.ts';
import type { GatekeeperStatus } from './status.ts';
import { LeaseKeeper } from './replicas/leaseKeeper.ts';
import { soleOwnership } from './replicas/ownership.ts';
import { followWakes } from './replicas/wakeFeed.ts';
import type { AgentStore } from './store/agentStore.ts';
import { PostgresAgentStore } from './store/postgresAgentStore.ts';
import { SqliteAgentStore } from './store/sqliteAgentStore.ts';
import { InboxDirectory } from './xmtp/inboxDirectory.ts';

export interface Gatekeeper {
  /** The agent's XMTP inbox: creators make it an admin of their event groups. */
  inboxId: string;
  /** The agent's wallet address. */
  address: string;
  /** Base URL of /health, /status and /metrics (empty when `http: false`). */
  url: string;
  status(): Promise<GatekeeperStatus>;
  /** Looks up queued buyers without an XMTP identity now; resolves with how many were found. */
  retryPending(): Promise<number>;
  /** Diffs every managed group against the chain now and repairs it; resolves when done. */
  reconcile(): Promise<void>;
  /** Resolves once no membership work is armed or running (for tests and tools). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** How often events whose group has not reached the agent are looked for again. */
const ADOPTION_POLL_MS = 500;
const STOP_GRACE_MS = 3_000;

/**
 * Starts the membership agent: opens its state and XMTP client, finishes any commit a crash
 * interrupted, reconciles every managed group, then follows the chain live (WebSocket push when
 * `chain.wsUrl` is set) and serves join requests by DM and the ops endpoints.
 */
export async function startGatekeeper(input: GatekeeperConfig): Promise<Gatekeeper> {
  const config = resolveConfig(input);
  const logger = input.logger ?? pino({ level: 'info', base: { service: 'gatekeeper' } });
  const controller = new AbortController();
  const store: AgentStore = config.database
    ? await PostgresAgentStore.open(config.database)
    : new SqliteAgentStore(join(config.dataDir, 'gatekeeper.db'));
  const account = privateKeyToAccount(config.walletKey);
  const fixedKey = config.dbEncryptionKey ? hexToBytes(config.dbEncryptionKey) : undefined;
  const keyStore: KeyStore = fixedKey ? { getOrCreate: async () => fixedKey } : new FileKeyStore();
  const pool = new ClientPool<AgentClient>({
    runtime: nodeRuntime,
    env: config.xmtp.env,
    ...(config.xmtp.apiUrl ? { apiUrl: config.xmtp.apiUrl } : {}),
    historySyncUrl: config.xmtp.historySyncUrl ?? null,
    directory: join(config.dataDir, 'xmtp'),
    keyStore,
    // The agent is one installation; it needs no history from other devices.
    deviceSync: false,
  });
  const client = await pool.get({ account }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  // Concurrent reads (a whole group's validity) travel as one JSON-RPC batch.
  const publicClient = createPublicClient({
    transport: http(config.chain.rpcUrl, { batch: { wait: 0 } }),
    pollingInterval: 250,
  }) as TicketchatPublicClient;
  const heads = config.chain.wsUrl ? openHeadsClient(config.chain.wsUrl) : undefined;

  const metrics = createGatekeeperMetrics();
  const chainState = { live: false, followerFailing: false, lastHealthyHead: undefined as bigint | undefined };
  // The follower runs for as long as this agent follows the chain: always alone, while it holds the chain lease among replicas.
  let following: { controller: AbortController; done: Promise<unknown> } | undefined;
  const follow = (ingesting: boolean) => {
    following?.controller.abort();
    following = undefined;
    if (!ingesting || controller.signal.aborted) return;
    const tenure = new AbortController();
    controller.signal.addEventListener('abort', () => tenure.abort(), { once: true });
    chainState.live = false;
    following = { controller: tenure, done: followChain(tenure.signal) };
  };
  const keeper =
    store instanceof PostgresAgentStore
      ? new LeaseKeeper({
          pool: store.pool,
          owner: `${client.inboxId.slice(0, 12)}-${randomUUID()}`,
          inboxId: client.inboxId,
          ttlMs: config.leaseTtlMs,
          logger: logger.child({ agent: client.inboxId.slice(0, 12) }),
          recover: (eventIds) => recoverIntents(common, eventIds),
          acquired: (eventIds) =>
            void takeOver(eventIds).catch((error: unknown) => logger.warn({ err: error }, 'starting work on taken-over events failed')),
          ingesting: follow,
          busy: (eventId) => scheduler.running(eventId),
        })
      : undefined;
  const common: Common = {
    config,
    store,
    client,
    reader: new TicketReader(publicClient, config.chain.kiosk, config.confirmations),
    directory: new InboxDirectory(client),
    limiter: new WriteLimiter(config.writeLimit, (info) => logger.warn(info, 'waiting for the XMTP write limit')),
    logger,
    metrics,
    signal: controller.signal,
    ownership: keeper ?? soleOwnership,
  };
  const scheduler = new MembershipScheduler(common);
  const metadataStore = input.metadataStore ?? (config.ipfsGatewayUrl ? gatewayMetadataStore(config.ipfsGatewayUrl) : undefined);
  if (!metadataStore) logger.warn('no IPFS gateway or metadata store: events are managed as one group each, sections unknown');
  const adoption = new GroupAdoption(
    common,
    scheduler,
    config.chain,
    metadataStore &&
      ((eventId, groupId) => readSectionLayout({ publicClient, registry: config.chain.registry, metadataStore }, eventId, groupId)),
  );
  const joins = new JoinRequests(common, scheduler);
  /** Events this agent just took over (replicas): their intents are settled; a full sync picks up where their holder stopped. */
  const takeOver = async (eventIds: bigint[]) => {
    for (const eventId of eventIds) {
      await store.requestFullSync(eventId);
      scheduler.wake(eventId, 0);
    }
    void adoption.poke();
  };

  async function followChain(signal: AbortSignal): Promise<unknown> {
    const checkpoint = await store.checkpoint();
    return followTicketchatLogs({
      publicClient: (heads?.client as TicketchatPublicClient | undefined) ?? publicClient,
      addresses: { registry: config.chain.registry, kiosk: config.chain.kiosk },
      ...(heads ? { transport: 'ws' as const } : { transport: 'poll' as const, pollingInterval: 250 }),
      ...(checkpoint ? { checkpoint } : { fromBlock: config.chain.fromBlock }),
      onLogs: async (batch) => {
        // A follower that lost its lease records nothing more; the agent holding it reads on from the checkpoint.
        if (!common.ownership.ingests()) throw new Error('this agent no longer follows the chain');
        const { touched, adoptable } = await ingestLogs(store, batch);
        chainState.followerFailing = false;
        metrics.logs({}, batch.logs.length);
        for (const eventId of touched) scheduler.wake(eventId);
        if (adoptable) void adoption.poke();
      },
      onLive: (head) => {
        chainState.live = true;
        chainState.lastHealthyHead = head;
        logger.info({ head: head.toString() }, 'following the chain live');
      },
      onError: (error) => {
        chainState.followerFailing = true;
        logger.warn({ err: error }, 'reading the chain failed; retrying');
      },
      signal,
    }).catch((error: unknown) => logger.fatal({ err: error }, 'the chain follower stopped'));
  }

  let wakes: { stop(): Promise<void> } | undefined;
  if (keeper && store instanceof PostgresAgentStore) {
    // Work another agent's write gave an event this agent holds; an event nobody holds yet (just created) is claimed now.
    wakes = await followWakes(store, {
      wake: (eventIds) => {
        for (const eventId of eventIds) scheduler.wake(eventId);
        if (eventIds.some((eventId) => !keeper.knows(eventId))) void keeper.poke();
      },
      resumed: () => {
        for (const eventId of keeper.describe().events) scheduler.wake(BigInt(eventId), 0);
      },
      logger,
    });
    await keeper.start();
  } else {
    await recoverIntents(common);
    await adoption.poke();
    await reconcileAll(common, scheduler, { publicClient, ...config.chain });
    for (const eventId of await store.dirtyEventIds()) scheduler.wake(eventId);
    follow(true);
  }

  await joins.start();
  const groupStream = await client.conversations.streamGroups({
    onValue: () => void adoption.poke(),
    onError: (error) => logger.warn({ err: error }, 'group stream error'),
  });
  const timers = [
    setInterval(() => void adoption.poke(), ADOPTION_POLL_MS),
    setInterval(
      () =>
        void reconcileAll(common, scheduler, { publicClient, ...config.chain }).catch((error: unknown) =>
          logger.warn({ err: error }, 'reconcile failed'),
        ),
      config.reconcileIntervalMs,
    ),
    setInterval(
      () => void retryPending(common, scheduler).catch((error: unknown) => logger.warn({ err: error }, 'pending retry failed')),
      config.pendingRetryMs,
    ),
  ];

  const status = () => buildStatus(common, scheduler, publicClient, chainState);
  const ops = config.http
    ? await startOpsServer(config.http.host, config.http.port, {
        health: () => {
          const reasons = [
            ...(controller.signal.aborted ? ['stopping'] : []),
            ...(chainState.followerFailing ? ['the chain cannot be read'] : []),
            // Among replicas, only the agent following the chain reads its history.
            ...(chainState.live || !common.ownership.ingests() ? [] : ['still reading the chain history']),
          ];
          return { ok: reasons.length === 0, reasons };
        },
        status,
        metrics: () => metrics.registry.render(),
      })
    : undefined;
  metrics.registry.onCollect(async () => {
    const events = await store.events();
    metrics.managedEvents(events.filter((event) => event.state === 'managed').length, { state: 'managed' });
    metrics.managedEvents(events.filter((event) => event.state === 'awaiting-group').length, { state: 'awaiting-group' });
    metrics.pending((await store.pending()).length);
    metrics.waiting([...scheduler.outcomes.values()].reduce((sum, outcome) => sum + outcome.waiting.length, 0));
    metrics.writes(common.limiter.writesInWindow());
  });
  logger.info({ inboxId: client.inboxId, address: account.address, url: ops?.url }, 'gatekeeper started');

  let stopped: Promise<void> | undefined;
  return {
    inboxId: client.inboxId,
    address: account.address.toLowerCase(),
    url: ops?.url ?? '',
    status,
    retryPending: () => retryPending(common, scheduler),
    reconcile: async () => {
      await reconcileAll(common, scheduler, { publicClient, ...config.chain });
      await scheduler.idle();
    },
    idle: () => scheduler.idle(),
    stop: () =>
      (stopped ??= (async () => {
        controller.abort();
        for (const timer of timers) clearInterval(timer);
        // A dead socket can leave the follower's unsubscribe unanswered: stopping does not wait forever.
        await Promise.race([following?.done, new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS))]);
        await scheduler.stop();
        // Handed back only once no sync runs, so the agents taking over find every commit settled.
        await keeper?.stop();
        await wakes?.stop();
        await Promise.allSettled([joins.stop(), groupStream.end(), ops?.stop()]);
        await heads?.release();
        await store.close();
        logger.info('gatekeeper stopped');
      })()),
  };
}
