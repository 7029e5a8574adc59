import { once } from 'node:events';
import { createServer } from 'node:net';
import { CliError, ExitCode } from '../errors.ts';

/** Every port the stack listens on, with the flag that moves it. 0 means "any free port". */
export interface PortPlan {
  chain: number;
  xmtpGrpc: number;
  xmtpWeb: number;
  xmtpHistory: number;
  ipfs: number;
  agent: number;
  web: number;
}

/** XMTP's `local` ports for the node (what the SDKs expect), the rest next to them; the web app on Vite's usual port. */
export const DEFAULT_PORTS: PortPlan = {
  chain: 8545,
  xmtpGrpc: 5556,
  xmtpWeb: 5557,
  xmtpHistory: 5558,
  ipfs: 5559,
  agent: 5560,
  web: 5173,
};

export const PORT_FLAGS: Record<keyof PortPlan, { flag: string; service: string }> = {
  chain: { flag: '--chain-port', service: 'chain JSON-RPC (anvil)' },
  xmtpGrpc: { flag: '--xmtp-port', service: 'XMTP node gRPC' },
  xmtpWeb: { flag: '--xmtp-web-port', service: 'XMTP node gRPC-web' },
  xmtpHistory: { flag: '--xmtp-history-port', service: 'XMTP history sync' },
  ipfs: { flag: '--ipfs-port', service: 'IPFS gateway' },
  agent: { flag: '--agent-port', service: 'membership agent' },
  web: { flag: '--web-port', service: 'web app' },
};

/**
 * Fails before anything starts if a fixed port is taken, naming the port, what wanted it and the
 * flag that changes it. (Something could still take a port in the instant between this check and
 * the bind; each service turns that into the same message.)
 */
export async function checkPortsFree(plan: PortPlan, host: string): Promise<void> {
  for (const [name, port] of Object.entries(plan) as [keyof PortPlan, number][]) {
    if (port === 0) continue;
    const server = createServer();
    server.listen(port, host);
    try {
      await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
    } catch (error) {
      throw listenError(error, { port, ...PORT_FLAGS[name] });
    } finally {
      server.close();
    }
  }
}

/** A failed bind as a sentence: which port, for what, and how to move it. */
export function listenError(error: unknown, where: { port: number; service: string; flag: string }): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new CliError(`Port ${where.port} (${where.service}) is already in use.`, ExitCode.unavailable, {
      details: `Stop whatever uses it, or pick another port with ${where.flag} <port> (or --ports auto for free ports).`,
    });
  }
  if (code === 'EACCES') {
    return new CliError(`Not allowed to listen on port ${where.port} (${where.service}).`, ExitCode.unavailable, {
      details: `Pick a port above 1023 with ${where.flag} <port>.`,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
