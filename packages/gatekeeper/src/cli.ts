import { readDeployment } from '@ticketchat/contracts/node';
import { Command, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import type { Address, Hex } from 'viem';
import { startGatekeeper } from './gatekeeper.ts';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

const integer = (min: number) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
  return parsed;
};

interface CliOptions {
  env: 'local' | 'dev' | 'production';
  walletKey?: string;
  dbEncryptionKey?: string;
  apiUrl?: string;
  historySyncUrl?: string;
  dataDir: string;
  database?: string;
  leaseTtlMs: number;
  rpcUrl: string;
  wsUrl?: string;
  ipfsGateway?: string;
  deployment?: string;
  chainId?: number;
  registry?: string;
  kiosk?: string;
  fromBlock?: number;
  host: string;
  port: number;
  confirmations: number;
  batchSize: number;
  batchWaitMs: number;
  logLevel: string;
  json: boolean;
}

/**
 * `ticketchat-gatekeeper`: flags win over environment variables (XMTP's agent conventions for the
 * identity, ours for the chain), which win over defaults. The wallet key is best given by
 * environment: flags show up in process lists.
 */
export function gatekeeperCommand(): Command {
  return new Command('ticketchat-gatekeeper')
    .description("Run the membership agent: event group members follow the chain's ticket holders")
    .addOption(new Option('--env <env>', 'XMTP environment').env('XMTP_ENV').choices(['local', 'dev', 'production']).default('local'))
    .addOption(new Option('--wallet-key <hex>', "the agent's private key (its XMTP identity)").env('XMTP_WALLET_KEY'))
    .addOption(
      new Option('--db-encryption-key <hex>', 'XMTP database key (32 bytes hex); default: a key file beside the database').env(
        'XMTP_DB_ENCRYPTION_KEY',
      ),
    )
    .addOption(new Option('--api-url <url>', 'XMTP node gRPC URL (our node: http://127.0.0.1:5556)').env('XMTP_API_URL'))
    .addOption(new Option('--history-sync-url <url>', 'XMTP history sync URL').env('XMTP_HISTORY_SYNC_URL'))
    .addOption(
      new Option('--data-dir <dir>', 'state and XMTP database directory').env('GATEKEEPER_DATA_DIR').default('.ticketchat/gatekeeper'),
    )
    .addOption(
      new Option('--database <url>', 'postgres:// URL for the state (agents on one URL share the work); default: SQLite in --data-dir').env(
        'GATEKEEPER_DATABASE_URL',
      ),
    )
    .addOption(
      new Option('--lease-ttl-ms <ms>', 'on Postgres: how long an event stays with an agent that stopped renewing')
        .env('GATEKEEPER_LEASE_TTL_MS')
        .argParser(integer(500))
        .default(5_000),
    )
    .addOption(new Option('--rpc-url <url>', 'chain JSON-RPC over HTTP').env('CHAIN_RPC_URL').default('http://127.0.0.1:8545'))
    .addOption(new Option('--ws-url <url>', 'chain JSON-RPC over WebSocket (new blocks pushed)').env('CHAIN_WS_URL'))
    .addOption(
      new Option(
        '--ipfs-gateway <url>',
        "trustless IPFS gateway for events' metadata (their sections); without it every event is one group",
      ).env('IPFS_GATEWAY_URL'),
    )
    .addOption(
      new Option('--deployment <file>', 'deployment file (chain id, registry, kiosk, deployment block)').env('TICKETCHAT_DEPLOYMENT'),
    )
    .addOption(new Option('--chain-id <id>', 'chain id').env('CHAIN_ID').argParser(integer(1)))
    .addOption(new Option('--registry <address>', 'EventRegistry address').env('TICKETCHAT_REGISTRY'))
    .addOption(new Option('--kiosk <address>', 'TicketKiosk address').env('TICKETCHAT_KIOSK'))
    .addOption(new Option('--from-block <n>', 'first block to read on a fresh start').env('TICKETCHAT_FROM_BLOCK').argParser(integer(0)))
    .addOption(new Option('--host <address>', 'ops server interface').env('GATEKEEPER_HOST').default('127.0.0.1'))
    .addOption(
      new Option('--port <port>', 'ops server port (0 = any free port)').env('GATEKEEPER_PORT').argParser(integer(0)).default(7070),
    )
    .addOption(
      new Option('--confirmations <n>', 'blocks before acting on a log').env('GATEKEEPER_CONFIRMATIONS').argParser(integer(0)).default(0),
    )
    .addOption(
      new Option('--batch-size <n>', 'inboxes per membership commit').env('GATEKEEPER_BATCH_SIZE').argParser(integer(1)).default(50),
    )
    .addOption(
      new Option('--batch-wait-ms <ms>', 'longest wait to gather a batch')
        .env('GATEKEEPER_BATCH_WAIT_MS')
        .argParser(integer(0))
        .default(20),
    )
    .addOption(new Option('--log-level <level>', 'log level').env('GATEKEEPER_LOG_LEVEL').choices(LOG_LEVELS).default('info'))
    .option('--json', 'print the started agent (inbox id, address, URL) as one JSON line', false)
    .action(async (options: CliOptions) => {
      const logger = pino({ level: options.logLevel, base: { service: 'gatekeeper' } });
      const deployment = options.deployment ? await readDeployment(options.deployment) : undefined;
      const chainId = options.chainId ?? deployment?.chainId;
      const registry = options.registry ?? deployment?.registry;
      const kiosk = options.kiosk ?? deployment?.kiosk;
      const missing = [
        ...(options.walletKey ? [] : ['--wallet-key (XMTP_WALLET_KEY)']),
        ...(chainId ? [] : ['--chain-id or --deployment']),
        ...(registry ? [] : ['--registry or --deployment']),
        ...(kiosk ? [] : ['--kiosk or --deployment']),
      ];
      if (missing.length > 0) throw new InvalidArgumentError(`missing ${missing.join(', ')}`);
      const gatekeeper = await startGatekeeper({
        walletKey: options.walletKey as Hex,
        ...(options.dbEncryptionKey ? { dbEncryptionKey: options.dbEncryptionKey as Hex } : {}),
        xmtp: { env: options.env, ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}), historySyncUrl: options.historySyncUrl ?? null },
        dataDir: options.dataDir,
        ...(options.database ? { database: options.database } : {}),
        leaseTtlMs: options.leaseTtlMs,
        chain: {
          rpcUrl: options.rpcUrl,
          ...(options.wsUrl ? { wsUrl: options.wsUrl } : {}),
          chainId: chainId!,
          registry: registry as Address,
          kiosk: kiosk as Address,
          fromBlock: options.fromBlock !== undefined ? BigInt(options.fromBlock) : (deployment?.deployedAtBlock ?? 0n),
        },
        ...(options.ipfsGateway ? { ipfsGatewayUrl: options.ipfsGateway } : {}),
        http: { host: options.host, port: options.port },
        confirmations: options.confirmations,
        batch: { maxSize: options.batchSize, maxWaitMs: options.batchWaitMs },
        logger,
      });
      if (options.json)
        process.stdout.write(`${JSON.stringify({ inboxId: gatekeeper.inboxId, address: gatekeeper.address, url: gatekeeper.url })}\n`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        gatekeeper.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
