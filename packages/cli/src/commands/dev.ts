import { once } from 'node:events';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import type { GlobalOptions } from '../options.ts';
import { createOutput, toJson } from '../output.ts';
import { stackBanner } from '../stack/banner.ts';
import { dataPaths } from '../stack/dataDir.ts';
import { demoClientPool, seedDemo } from '../stack/demo.ts';
import { keepDemoDevicesOnline, type DemoDevices } from '../stack/demoDevices.ts';
import { DEFAULT_PORTS, PORT_FLAGS, type PortPlan } from '../stack/ports.ts';
import { startStack } from '../stack/startStack.ts';

interface DevOptions {
  host: string;
  ports?: 'auto';
  chainPort: number;
  xmtpPort: number;
  xmtpWebPort: number;
  xmtpHistoryPort: number;
  ipfsPort: number;
  agentPort: number;
  webPort: number;
  fresh: boolean;
  demo: boolean;
  agent: boolean;
  web: boolean;
  logLevel: string;
}

const PORT_OPTION_KEYS: Record<keyof PortPlan, keyof DevOptions> = {
  chain: 'chainPort',
  xmtpGrpc: 'xmtpPort',
  xmtpWeb: 'xmtpWebPort',
  xmtpHistory: 'xmtpHistoryPort',
  ipfs: 'ipfsPort',
  agent: 'agentPort',
  web: 'webPort',
};

export function devCommand(): Command {
  const command = new Command('dev')
    .description('run the whole local stack (what `npm start` runs): chain, contracts, XMTP node, IPFS gateway, membership agent, web app')
    .addOption(new Option('--host <address>', 'interface every service listens on').env('TICKETCHAT_HOST').default('127.0.0.1'))
    .addOption(
      new Option('--ports <auto>', 'auto: free ports for every service not given one (the stack file says which)').choices(['auto']),
    );
  for (const name of Object.keys(PORT_FLAGS) as (keyof PortPlan)[]) {
    const { flag, service } = PORT_FLAGS[name];
    const env = `TICKETCHAT_${flag.slice(2).toUpperCase().replaceAll('-', '_')}`;
    command.addOption(new Option(`${flag} <port>`, `${service} port`).env(env).argParser(port).default(DEFAULT_PORTS[name]));
  }
  return command
    .option('--fresh', 'wipe the stack state first (chain, chats, metadata, agent)', false)
    .option('--demo', 'seed a demo event with ticket holders and messages (once per data directory)', false)
    .option('--no-agent', 'run without the membership agent')
    .option('--no-web', 'do not build or serve the web app')
    .addOption(
      new Option('--log-level <level>', 'log level of <data-dir>/stack.log')
        .choices(['trace', 'debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .addHelpText(
      'after',
      '\nState lives in --data-dir (default .ticketchat/) and survives restarts; Ctrl-C stops everything.\nWith --json, one JSON document is printed once ready: the stack file.',
    )
    .action(async (options: DevOptions, self: Command) => {
      const globals = self.optsWithGlobals<GlobalOptions>();
      const output = createOutput({ json: globals.json === true });
      const dataDir = resolve(globals.dataDir);
      const logFile = dataPaths(dataDir).log;
      const log = pino(
        { level: options.logLevel, base: { app: 'ticketchat-dev' } },
        pino.destination({ dest: logFile, mkdir: true, sync: true }),
      );
      // --ports auto frees the ports nobody chose; a port given by flag or environment still wins.
      const portFor = (name: keyof PortPlan) => {
        const key = PORT_OPTION_KEYS[name];
        const chosen = self.getOptionValueSource(key) !== 'default';
        return options.ports === 'auto' && !chosen ? 0 : (options[key] as number);
      };
      const ports: PortPlan = {
        chain: portFor('chain'),
        xmtpGrpc: portFor('xmtpGrpc'),
        xmtpWeb: portFor('xmtpWeb'),
        xmtpHistory: portFor('xmtpHistory'),
        ipfs: portFor('ipfs'),
        agent: portFor('agent'),
        web: portFor('web'),
      };

      const startedAt = Date.now();
      output.progress(`starting the local stack in ${dataDir}${options.fresh ? ' (fresh)' : ''}`);
      const stack = await startStack({
        dataDir,
        host: options.host,
        ports,
        fresh: options.fresh,
        agent: options.agent,
        web: options.web,
        log,
      });
      let stopping: Promise<void> | undefined;
      let demoDevices: DemoDevices | undefined;
      const stop = () => (stopping ??= (demoDevices?.stop() ?? Promise.resolve()).then(() => stack.stop()));
      try {
        let demoEventId: bigint | undefined;
        if (options.demo) {
          output.progress('seeding the demo event');
          const pool = demoClientPool(stack.file);
          demoEventId = await seedDemo(stack.file, pool, log.child({ service: 'demo' }));
          demoDevices = await keepDemoDevicesOnline(pool, log.child({ service: 'demo-devices' }));
        }
        if (output.json) process.stdout.write(`${toJson({ status: 'ready', ...stack.file, ...(demoEventId ? { demoEventId } : {}) })}\n`);
        else
          process.stdout.write(
            stackBanner(stack.file, { startupMs: Date.now() - startedAt, logFile, ...(demoEventId ? { demoEventId } : {}) }),
          );
      } catch (error) {
        await stop();
        throw error;
      }
      const [signal] = await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
      output.progress(`stopping (${String(signal)})`);
      log.info({ signal }, 'stopping');
      // A second Ctrl-C while stopping means "now".
      process.once('SIGINT', () => process.exit(130));
      await stop();
      log.info('stopped');
      if (!output.json) process.stderr.write('ticketchat stack stopped; state kept in ' + dataDir + '\n');
    });
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new InvalidArgumentError('expected a port number 0-65535 (0 = any free port)');
  return parsed;
}
