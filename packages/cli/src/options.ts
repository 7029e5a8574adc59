import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { getAddress, isAddress, isHex, type Address, type Hex } from 'viem';
import { CliError, ExitCode } from './errors.ts';
import { readStackFile, type StackFile, type StackFileState } from './stack/stackFile.ts';

/** The options every command shares, as commander parsed them (flag, else environment variable). */
export interface GlobalOptions {
  dataDir: string;
  stackFile?: string;
  json?: boolean;
  privateKey?: string;
  rpcUrl?: string;
  chainId?: number;
  registry?: Address;
  kiosk?: Address;
  xmtpEnv?: XmtpEnv;
  xmtpApiUrl?: string;
  ipfsGateway?: string;
  agentUrl?: string;
  agentInbox?: string;
}

export type XmtpEnv = 'local' | 'dev' | 'production';

export const DEFAULT_DATA_DIR = '.ticketchat';

export function addGlobalOptions(program: Command): Command {
  return program
    .addOption(
      new Option('--data-dir <dir>', 'where the stack and your XMTP databases keep their state')
        .env('TICKETCHAT_DATA_DIR')
        .default(DEFAULT_DATA_DIR),
    )
    .addOption(new Option('--stack-file <path>', 'the running stack to use (default: <data-dir>/stack.json)').env('TICKETCHAT_STACK_FILE'))
    .addOption(new Option('--json', 'machine-readable output: one JSON document (one per line for streams)'))
    .addOption(new Option('--private-key <hex>', 'the account that signs (never printed)').env('TICKETCHAT_PRIVATE_KEY'))
    .addOption(new Option('--rpc-url <url>', 'chain JSON-RPC endpoint, instead of the local stack').env('TICKETCHAT_RPC_URL'))
    .addOption(new Option('--chain-id <id>', 'chain id (read from the RPC when not given)').env('TICKETCHAT_CHAIN_ID').argParser(integer))
    .addOption(new Option('--registry <address>', 'EventRegistry contract').env('TICKETCHAT_REGISTRY').argParser(address))
    .addOption(new Option('--kiosk <address>', 'TicketKiosk contract').env('TICKETCHAT_KIOSK').argParser(address))
    .addOption(new Option('--xmtp-env <env>', 'XMTP network').env('TICKETCHAT_XMTP_ENV').choices(['local', 'dev', 'production']))
    .addOption(new Option('--xmtp-api-url <url>', 'XMTP node gRPC URL (for env local)').env('TICKETCHAT_XMTP_API_URL'))
    .addOption(new Option('--ipfs-gateway <url>', 'IPFS gateway for event metadata').env('TICKETCHAT_IPFS_GATEWAY'))
    .addOption(new Option('--agent-url <url>', "membership agent's HTTP URL").env('TICKETCHAT_AGENT_URL'))
    .addOption(
      new Option('--agent-inbox <inboxId>', "membership agent's XMTP inbox id, made admin of new events").env('TICKETCHAT_AGENT_INBOX'),
    );
}

export interface ChainSettings {
  rpcUrl: string;
  chainId: number | undefined;
  registry: Address;
  kiosk: Address;
}

export interface XmtpSettings {
  env: XmtpEnv;
  apiUrl: string | undefined;
  historySyncUrl: string | undefined;
}

/**
 * Every setting resolved in one order: the flag, then the environment variable (both through
 * commander), then the running stack's file, then a default. A setting nobody provides fails only
 * when a command needs it, with a message naming the flag.
 */
export class Settings {
  private constructor(
    readonly options: GlobalOptions,
    readonly dataDir: string,
    readonly stackFilePath: string,
    private readonly stackState: StackFileState,
  ) {}

  static async load(options: GlobalOptions): Promise<Settings> {
    const dataDir = resolve(options.dataDir);
    const stackFilePath = resolve(options.stackFile ?? `${dataDir}/stack.json`);
    return new Settings(options, dataDir, stackFilePath, await readStackFile(stackFilePath));
  }

  get json(): boolean {
    return this.options.json === true;
  }

  /** The running local stack, if any. */
  get stack(): StackFile | undefined {
    return this.stackState.state === 'running' ? this.stackState.stack : undefined;
  }

  /** Checked here rather than by commander, whose message would repeat the value: it is a secret. */
  privateKey(): Hex {
    const given = this.options.privateKey;
    if (!given) throw new CliError('No account: pass --private-key or set TICKETCHAT_PRIVATE_KEY.', ExitCode.usage);
    const key = given.startsWith('0x') ? given : `0x${given}`;
    if (!isHex(key) || key.length !== 66) {
      throw new CliError('The private key (--private-key or TICKETCHAT_PRIVATE_KEY) is not 32 bytes of hex.', ExitCode.usage);
    }
    return key;
  }

  chain(): ChainSettings {
    const { rpcUrl, chainId, registry, kiosk } = this.options;
    const stack = this.stack?.chain;
    const resolved = {
      rpcUrl: rpcUrl ?? stack?.rpcUrl,
      registry: registry ?? stack?.registry,
      kiosk: kiosk ?? stack?.kiosk,
    };
    const missing = Object.entries({ '--rpc-url': resolved.rpcUrl, '--registry': resolved.registry, '--kiosk': resolved.kiosk })
      .filter(([, value]) => value === undefined)
      .map(([flag]) => flag);
    if (missing.length > 0) throw this.noStack(`No chain configured (${missing.join(', ')})`);
    return {
      rpcUrl: resolved.rpcUrl!,
      registry: resolved.registry!,
      kiosk: resolved.kiosk!,
      chainId: chainId ?? stack?.chainId,
    };
  }

  xmtp(): XmtpSettings {
    const stack = this.stack?.xmtp;
    const env = this.options.xmtpEnv ?? (stack ? 'local' : undefined);
    if (!env) throw this.noStack('No XMTP network configured (--xmtp-env)');
    // The stack's node only stands in for `local`; another env uses XMTP's own endpoints.
    const apiUrl = this.options.xmtpApiUrl ?? (env === 'local' ? stack?.apiUrl : undefined);
    if (env === 'local' && !apiUrl) throw this.noStack('No XMTP node configured (--xmtp-api-url)');
    return { env, apiUrl, historySyncUrl: env === 'local' ? (stack?.historySyncUrl ?? undefined) : undefined };
  }

  ipfsGateway(): string {
    const url = this.options.ipfsGateway ?? this.stack?.ipfs.gatewayUrl;
    if (!url) throw this.noStack('No IPFS gateway configured (--ipfs-gateway)');
    return url;
  }

  agentUrl(): string {
    const url = this.options.agentUrl ?? this.stack?.agent?.url;
    if (!url) {
      if (this.stack) throw new CliError('The local stack runs no membership agent.', ExitCode.unavailable);
      throw this.noStack('No membership agent configured (--agent-url)');
    }
    return url;
  }

  /** Agents to make admins of a new event's chat; none is allowed (the creator adds members then). */
  agentInboxIds(): string[] {
    const inbox = this.options.agentInbox ?? this.stack?.agent?.inboxId;
    return inbox ? [inbox] : [];
  }

  /** Where this machine keeps the XMTP databases of the accounts the CLI signs for. */
  get clientsDirectory(): string {
    return `${this.dataDir}/clients`;
  }

  private noStack(what: string): CliError {
    const why =
      this.stackState.state === 'stale'
        ? `the stack file ${this.stackFilePath} was left by a stack that is no longer running`
        : `no local stack is running (no ${this.stackFilePath})`;
    return new CliError(`${what}: ${why}.`, ExitCode.unavailable, {
      details: 'Start the local stack with `npm start` (or `ticketchat dev`), or pass the flags to use another network.',
    });
  }
}

function address(value: string): Address {
  if (!isAddress(value)) throw new InvalidArgumentError('expected a 0x address');
  return getAddress(value);
}

export function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number');
  return parsed;
}

/** An event or ticket id argument. */
export function id(value: string): bigint {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('expected a positive whole number');
  return BigInt(value);
}
