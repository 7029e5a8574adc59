import { Command, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import { DEFAULT_LIMITS, NUMERIC_LIMIT_SETTINGS, type NodeLimits } from './limits/limits.ts';
import { startXmtpNode } from './node.ts';
import { DEFAULT_CORS_ORIGINS } from './transport/cors.ts';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** `--chain-rpc 31337=http://127.0.0.1:8545`, repeatable. */
function chainRpc(value: string, previous: Record<number, string> = {}): Record<number, string> {
  const match = /^(\d+)=(https?:\/\/.+)$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected <chainId>=<http(s) JSON-RPC URL>');
  return { ...previous, [Number(match[1])]: match[2]! };
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return parsed;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

/** A comma-separated list (the environment's form), or one entry per repeated flag; `none` is the empty list. */
function list(value: string, previous: string[] | undefined): string[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.length === 1 && entries[0] === 'none' ? [] : [...(previous ?? []), ...entries];
}

/** Flags win over environment variables, which win over defaults (XMTP's `local` ports). */
export function xmtpNodeCommand(): Command {
  const command = new Command('xmtp-node')
    .description('Run an XMTP-compatible node: gRPC for @xmtp/node-sdk, gRPC-web for @xmtp/browser-sdk, and history sync')
    .addOption(new Option('--host <address>', 'interface to listen on').env('XMTP_NODE_HOST').default('127.0.0.1'))
    .addOption(new Option('--grpc-port <port>', 'native gRPC (HTTP/2) port').env('XMTP_NODE_GRPC_PORT').argParser(port).default(5556))
    .addOption(
      new Option('--web-port <port>', 'gRPC-web port for browsers (the gRPC port number serves both on one port)')
        .env('XMTP_NODE_WEB_PORT')
        .argParser(port)
        .default(5557),
    )
    .addOption(
      new Option('--history-port <port>', 'device-sync history service port').env('XMTP_NODE_HISTORY_PORT').argParser(port).default(5558),
    )
    .addOption(new Option('--no-history', 'do not run the history-sync service'))
    .addOption(
      new Option('--database <path|url>', "SQLite database file (':memory:' keeps nothing), or a postgres:// URL")
        .env('XMTP_NODE_DATABASE')
        .default('.ticketchat/xmtp-node.db'),
    )
    .addOption(
      new Option('--chain-rpc <chainId=url>', 'JSON-RPC endpoint for checking smart-contract-wallet signatures on a chain (repeatable)')
        .env('XMTP_NODE_CHAIN_RPC')
        .argParser(chainRpc),
    )
    .addOption(
      new Option(
        '--cors-origin <origins>',
        "origins whose web pages may call the node (repeatable or comma-separated; 'origin:*' = any port, '*' = all)",
      )
        .env('XMTP_NODE_CORS_ORIGINS')
        .argParser(list),
    )
    .addOption(
      new Option(
        '--rate-limit-allow <addresses>',
        "client IPs never rate limited (repeatable or comma-separated; 'loopback'; 'none' limits everyone)",
      )
        .env('XMTP_NODE_RATE_LIMIT_ALLOW')
        .argParser(list),
    )
    .addOption(new Option('--log-level <level>', 'log level').env('XMTP_NODE_LOG_LEVEL').choices(LOG_LEVELS).default('info'));
  for (const { key, flag, env, help } of NUMERIC_LIMIT_SETTINGS) {
    command.addOption(new Option(`${flag} <n>`, help).env(env).argParser(positiveInteger).default(DEFAULT_LIMITS[key]));
  }
  return command.action(
    async (
      options: {
        host: string;
        grpcPort: number;
        webPort: number;
        historyPort: number;
        history: boolean;
        database: string;
        chainRpc?: Record<number, string>;
        corsOrigin?: string[];
        rateLimitAllow?: string[];
        logLevel: string;
      } & Omit<NodeLimits, 'rateLimitAllowList'>,
    ) => {
      const logger = pino({ level: options.logLevel, base: { service: 'xmtp-node' } });
      const node = await startXmtpNode({
        host: options.host,
        grpcPort: options.grpcPort,
        webPort: options.webPort,
        historyPort: options.history ? options.historyPort : null,
        database: options.database,
        ...(options.chainRpc ? { chainRpcUrls: options.chainRpc } : {}),
        corsOrigins: options.corsOrigin ?? DEFAULT_CORS_ORIGINS,
        limits: {
          ...Object.fromEntries(NUMERIC_LIMIT_SETTINGS.map(({ key }) => [key, options[key]])),
          rateLimitAllowList: options.rateLimitAllow ?? DEFAULT_LIMITS.rateLimitAllowList,
        },
        logger,
      });
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        node.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    },
  );
}

if (import.meta.main) {
  await xmtpNodeCommand().parseAsync(process.argv);
}
