import { BaseError } from '@ticketchat/errors';

/**
 * What the app needs to know about the stack it runs against. The stack writes it as `/config.json`
 * beside the built app (see `serveWebApp`), so one build serves any chain, node and gateway.
 */
export interface AppConfig {
  chainId: number;
  /** JSON-RPC over HTTP; the browser reads the chain through it. */
  rpcUrl: string;
  registry: `0x${string}`;
  kiosk: `0x${string}`;
  /** The block the contracts were deployed at: log queries start there. */
  deployedAtBlock: string;
  /** Our XMTP node's gRPC-web URL (`@xmtp/browser-sdk` talks gRPC-web). */
  xmtpApiUrl: string;
  /**
   * The node's history service (XMTP device sync): a wallet's new installation in this browser asks
   * the wallet's other installations for the conversations so far through it. Null: off (a config
   * without the field, written before it existed, reads as null).
   */
  historySyncUrl: string | null;
  /** A trustless IPFS gateway (`GET /ipfs/<cid>?format=raw`); `PUT /ipfs/<cid>` stores a block. */
  ipfsGatewayUrl: string;
  /** The membership agent's inbox, made admin of each new event's group; null when none runs. */
  agentInboxId: string | null;
  /** Development only: funded local accounts offered as one-click wallets. Never set in production. */
  demoAccounts: DemoAccount[];
}

export interface DemoAccount {
  name: string;
  privateKey: `0x${string}`;
}

export class AppConfigError extends BaseError {
  override name = 'AppConfigError' as const;
}

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const PRIVATE_KEY = /^0x[0-9a-fA-F]{64}$/;

/** Checks a parsed config.json; every problem is named, as "Validation failed: <key> ...". */
export function parseAppConfig(value: unknown): AppConfig {
  const problems: string[] = [];
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const need = (key: string, ok: (v: unknown) => boolean, what: string) => {
    if (!ok(record[key])) problems.push(`${key} must be ${what}`);
  };
  const isUrl = (v: unknown) => typeof v === 'string' && URL.canParse(v) && /^https?:$/.test(new URL(v).protocol);
  need('chainId', (v) => Number.isInteger(v) && (v as number) > 0, 'a positive integer');
  need('rpcUrl', isUrl, 'an http(s) URL');
  need('registry', (v) => typeof v === 'string' && HEX_ADDRESS.test(v), 'a 0x address');
  need('kiosk', (v) => typeof v === 'string' && HEX_ADDRESS.test(v), 'a 0x address');
  need('deployedAtBlock', (v) => typeof v === 'string' && /^\d+$/.test(v), 'a block number as a decimal string');
  need('xmtpApiUrl', isUrl, 'an http(s) URL');
  need('ipfsGatewayUrl', isUrl, 'an http(s) URL');
  need('historySyncUrl', (v) => v === undefined || v === null || isUrl(v), 'absent, null or an http(s) URL');
  need('agentInboxId', (v) => v === null || (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)), 'null or a 64-hex-digit inbox id');
  need(
    'demoAccounts',
    (v) =>
      Array.isArray(v) &&
      v.every((a: unknown) => {
        const account = a as Partial<DemoAccount> | null;
        return typeof account?.name === 'string' && typeof account.privateKey === 'string' && PRIVATE_KEY.test(account.privateKey);
      }),
    'a list of { name, privateKey }',
  );
  if (problems.length > 0) throw new AppConfigError(`Validation failed: ${problems.join('; ')}.`);
  // Every field was checked above; the object is rebuilt so nothing unchecked rides along.
  const checked = <K extends keyof AppConfig>(key: K) => record[key] as AppConfig[K];
  return {
    chainId: checked('chainId'),
    rpcUrl: checked('rpcUrl'),
    registry: checked('registry'),
    kiosk: checked('kiosk'),
    deployedAtBlock: checked('deployedAtBlock'),
    xmtpApiUrl: checked('xmtpApiUrl'),
    ipfsGatewayUrl: checked('ipfsGatewayUrl'),
    historySyncUrl: checked('historySyncUrl') ?? null,
    agentInboxId: checked('agentInboxId'),
    demoAccounts: checked('demoAccounts').map(({ name, privateKey }) => ({ name, privateKey })),
  };
}
