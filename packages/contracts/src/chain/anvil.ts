import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineChain, type Chain } from 'viem';
import { mnemonicToAccount, type HDAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { BaseError } from '@ticketchat/errors';
import { findFreePort } from './freePort.ts';

/** Anvil's default mnemonic; its first accounts are the well-known, pre-funded development keys. */
export const anvilMnemonic = 'test test test test test test test test test test test junk';

export type StartAnvilOptions = {
  /** Seconds between blocks. Default: a block per transaction (anvil's automine). */
  blockTime?: number;
  /** File to load state from at start and save it to at stop (anvil `--state`), for a chain that survives restarts. */
  statePath?: string;
  /** Chain id. @default 31337 */
  chainId?: number;
  /** How many funded accounts to derive from the mnemonic. @default 10 */
  accountCount?: number;
  /** How long to wait for JSON-RPC to answer. @default 15000 */
  startTimeoutMs?: number;
  /** Path to an anvil binary; by default the one shipped by `@foundry-rs/anvil` for this platform. */
  binaryPath?: string;
};

export type AnvilInstance = {
  rpcUrl: string;
  wsUrl: string;
  chain: Chain;
  /** Private-key accounts of the default mnemonic, funded with 10,000 ETH each. */
  accounts: HDAccount[];
  /** Stops anvil (saving `statePath` if one was given) and waits for the process to exit. */
  stop: () => Promise<void>;
};

export class AnvilStartError extends BaseError {
  override name = 'AnvilStartError' as const;
}

export type AnvilStartErrorType = AnvilStartError & { name: 'AnvilStartError' };

const platformArch: Partial<Record<NodeJS.Architecture, string>> = { x64: 'amd64', arm64: 'arm64' };

/** The anvil binary from the platform package that `@foundry-rs/anvil` installs as an optional dependency. */
export function resolveAnvilBinary(): string {
  const arch = platformArch[process.arch];
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${arch ?? process.arch}`;
  const require = createRequire(createRequire(import.meta.url).resolve('@foundry-rs/anvil/package.json'));
  try {
    return join(dirname(require.resolve(`${platformPackage}/package.json`)), 'bin', 'anvil');
  } catch (cause) {
    throw new AnvilStartError(`No anvil binary for ${process.platform}/${process.arch}.`, {
      details: `${platformPackage} is not installed (it is an optional dependency of @foundry-rs/anvil).`,
      cause,
    });
  }
}

/**
 * Starts a local anvil chain on a free 127.0.0.1 port and resolves once it answers JSON-RPC.
 * The process is killed when this Node process exits, even if `stop` is never called.
 *
 * @example
 * const anvil = await startAnvil()
 * const publicClient = createPublicClient({ chain: anvil.chain, transport: http(anvil.rpcUrl) })
 * await anvil.stop()
 */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<AnvilInstance> {
  const port = await findFreePort();
  const chainId = options.chainId ?? foundry.id;
  const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId), '--mnemonic', anvilMnemonic];
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  if (options.statePath !== undefined) args.push('--state', options.statePath);

  const child = spawn(options.binaryPath ?? resolveAnvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureTail(child);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const rpcUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForRpc(rpcUrl, child, exited, output, options.startTimeoutMs ?? 15_000);
  } catch (error) {
    process.off('exit', killOnExit);
    child.kill('SIGKILL');
    await exited;
    throw error;
  }

  const wsUrl = `ws://127.0.0.1:${port}`;
  const chain = defineChain({
    ...foundry,
    id: chainId,
    rpcUrls: { default: { http: [rpcUrl], webSocket: [wsUrl] } },
  });
  const accounts = Array.from({ length: options.accountCount ?? 10 }, (_, addressIndex) =>
    mnemonicToAccount(anvilMnemonic, { addressIndex }),
  );

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    // SIGINT is anvil's graceful shutdown, the one that writes --state; SIGKILL if it hangs.
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { rpcUrl, wsUrl, chain, accounts, stop };
}

/** Keeps the last lines anvil printed, to explain a failed start. */
function captureTail(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-2_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail.trim();
}

async function waitForRpc(
  rpcUrl: string,
  child: ChildProcess,
  exited: Promise<void>,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (spawnError) throw new AnvilStartError('anvil could not be started.', { cause: spawnError });
    if (hasExited) {
      throw new AnvilStartError('anvil exited before answering JSON-RPC.', { details: output() });
    }
    if (await answersChainId(rpcUrl)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new AnvilStartError(`anvil did not answer JSON-RPC within ${timeoutMs} ms.`, { details: output() });
}

async function answersChainId(rpcUrl: string): Promise<boolean> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    });
    return response.ok;
  } catch {
    return false;
  }
}
