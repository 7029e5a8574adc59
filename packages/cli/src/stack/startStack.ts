import { mkdir } from 'node:fs/promises';
import { openMetadataStore } from '@ticketchat/metadata/node';
import { demoAccounts, ensureWebAppBuilt, serveWebApp } from '@ticketchat/web/node';
import { startXmtpNode } from '@ticketchat/xmtp-node';
import type { Logger } from 'pino';
import { CliError, ExitCode } from '../errors.ts';
import { startAgent } from './agent.ts';
import { startStackChain } from './chain.ts';
import { dataPaths, wipeStackState } from './dataDir.ts';
import { DEMO_ACCOUNT_INDEXES, DEMO_ACCOUNT_NAMES } from './devAccounts.ts';
import { startIpfsGateway } from './ipfsGateway.ts';
import { checkPortsFree, listenError, PORT_FLAGS, type PortPlan } from './ports.ts';
import { readStackFile, removeStackFile, writeStackFile, type StackFile } from './stackFile.ts';
import { webOriginPatterns } from './webOrigins.ts';

export interface StackOptions {
  dataDir: string;
  /** Interface every service listens on; 127.0.0.1 unless configured. */
  host: string;
  ports: PortPlan;
  /** Wipe the state first. */
  fresh: boolean;
  /** Run the membership agent (on by default). */
  agent: boolean;
  /** Serve the web app (on by default); it is built on the first start and whenever its sources change. */
  web: boolean;
  log: Logger;
}

export interface RunningStack {
  file: StackFile;
  /** Stops every service, newest first, and removes the stack file. */
  stop(): Promise<void>;
}

/**
 * The whole local stack in this process: anvil (a child process) with the contracts, the XMTP node
 * on SQLite, the IPFS block store and its trustless gateway, the membership agent, and the web app
 * served with all of their addresses in its config. A failure part-way stops what had started.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const { dataDir, host, ports, log } = options;
  const paths = dataPaths(dataDir);
  const existing = await readStackFile(paths.stackFile);
  if (existing.state === 'running') {
    throw new CliError(`A stack is already running from ${dataDir} (process ${existing.stack.pid}).`, ExitCode.unavailable, {
      details: 'Use that one (the other commands find it), stop it with Ctrl-C, or start another with a different --data-dir.',
    });
  }
  if (options.fresh) await wipeStackState(dataDir);
  await mkdir(dataDir, { recursive: true });
  await checkPortsFree(ports, host);

  const stoppers: { name: string; stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    for (const { name, stop } of stoppers.reverse()) {
      await stop().catch((error: unknown) => log.error({ err: error, service: name }, 'stop failed'));
    }
    stoppers.length = 0;
  };
  // Built (or found built) while the services start; served once their addresses are known.
  const webBuild = options.web ? ensureWebAppBuilt() : undefined;
  webBuild?.catch(() => undefined); // awaited below; a failure before then still stops the stack
  try {
    // The three independent services start together; the agent needs all of them.
    const [chain, node, gateway] = await Promise.all([
      startStackChain({ dataDir, host, port: ports.chain, log: log.child({ service: 'chain' }) }).then((started) => {
        stoppers.push({ name: 'chain', stop: started.stop });
        return started;
      }),
      startNode(options).then((started) => {
        stoppers.push({ name: 'xmtp-node', stop: started.stop });
        return started;
      }),
      openMetadataStore({ directory: paths.ipfs }).then(async (store) => {
        stoppers.push({ name: 'ipfs', stop: store.stop });
        const started = await startIpfsGateway({
          blockstore: store.blockstore,
          host,
          port: ports.ipfs,
          log: log.child({ service: 'ipfs' }),
        });
        stoppers.push({ name: 'ipfs-gateway', stop: started.stop });
        return started;
      }),
    ]);
    const agent = options.agent
      ? await startAgent({
          dataDir: paths.agent,
          host,
          port: ports.agent,
          chain: { rpcUrl: chain.anvil.rpcUrl, wsUrl: chain.anvil.wsUrl, deployment: chain.deployment },
          xmtp: { apiUrl: node.grpcUrl, historySyncUrl: node.historySyncUrl },
          ipfsGatewayUrl: gateway.url,
          log: log.child({ service: 'agent' }),
        })
      : undefined;
    if (agent) stoppers.push({ name: 'agent', stop: agent.stop });

    let web: { url: string } | null = null;
    if (webBuild) {
      const { outDir } = await webBuild;
      const served = await serveWebApp({
        dir: outDir,
        host,
        port: ports.web,
        config: {
          chainId: chain.deployment.chainId,
          rpcUrl: chain.anvil.rpcUrl,
          registry: chain.deployment.registry,
          kiosk: chain.deployment.kiosk,
          deployedAtBlock: chain.deployment.deployedAtBlock.toString(),
          xmtpApiUrl: node.webUrl,
          historySyncUrl: node.historySyncUrl ?? null,
          ipfsGatewayUrl: gateway.url,
          agentInboxId: agent?.inboxId ?? null,
          demoAccounts: demoAccounts(Object.fromEntries(DEMO_ACCOUNT_INDEXES.map((index) => [DEMO_ACCOUNT_NAMES[index]!, index]))),
        },
      }).catch((error: unknown) => {
        throw listenError(error, { port: ports.web, ...PORT_FLAGS.web });
      });
      stoppers.push({ name: 'web', stop: served.close });
      web = { url: served.url };
    }

    const file: StackFile = {
      version: 1,
      pid: process.pid,
      dataDir,
      chain: {
        rpcUrl: chain.anvil.rpcUrl,
        wsUrl: chain.anvil.wsUrl,
        chainId: chain.deployment.chainId,
        registry: chain.deployment.registry,
        kiosk: chain.deployment.kiosk,
        deployedAtBlock: chain.deployment.deployedAtBlock.toString(),
      },
      xmtp: { env: 'local', apiUrl: node.grpcUrl, webUrl: node.webUrl, historySyncUrl: node.historySyncUrl ?? null },
      ipfs: { gatewayUrl: gateway.url },
      agent: agent ? { url: agent.url, inboxId: agent.inboxId, address: agent.address } : null,
      web,
    };
    await writeStackFile(paths.stackFile, file);
    stoppers.push({ name: 'stack-file', stop: () => removeStackFile(paths.stackFile) });
    log.info({ stack: file }, 'stack ready');
    return { file, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startNode({ dataDir, host, ports, log }: StackOptions) {
  try {
    return await startXmtpNode({
      host,
      grpcPort: ports.xmtpGrpc,
      webPort: ports.xmtpWeb,
      historyPort: ports.xmtpHistory,
      database: dataPaths(dataDir).xmtpDatabase,
      // The web app's pages (on loopback, or on --host) call the node's gRPC-web from the browser.
      corsOrigins: webOriginPatterns(host),
      logger: log.child({ service: 'xmtp-node' }),
    });
  } catch (error) {
    // Someone took a port between the check and the bind: the same clear message.
    const port = (error as { port?: number }).port ?? 0;
    const name = (Object.keys(PORT_FLAGS) as (keyof PortPlan)[]).find((key) => key.startsWith('xmtp') && ports[key] === port) ?? 'xmtpGrpc';
    throw listenError(error, { port, ...PORT_FLAGS[name] });
  }
}
