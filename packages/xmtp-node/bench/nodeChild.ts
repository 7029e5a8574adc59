/**
 * The node in a process of its own, started by nodeHost.ts with fork(). Separating it from the
 * benchmark's clients keeps their JavaScript callbacks and the SDK's Rust threads off the node's
 * event loop, as in a real deployment, and makes the RSS and CPU figures the node's alone.
 * It talks to its parent over the IPC channel only.
 */
import { rmSync } from 'node:fs';
import { startXmtpNode } from '../src/index.ts';
import { type ChildRequest, type ChildResponse, type ChildStartConfig, sampleThisProcess } from './nodeProtocol.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as ChildStartConfig;
const node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null, database: config.database });

const reply = (message: ChildResponse) => process.send?.(message);

let stopping: Promise<void> | undefined;
const stop = () =>
  (stopping ??= node.stop().finally(() => {
    if (config.scratchDirectory) rmSync(config.scratchDirectory, { recursive: true, force: true });
    if (process.connected) process.disconnect();
  }));

process.on('message', (request: ChildRequest) => {
  if (request.type === 'sample') {
    reply({ type: 'sample', id: request.id, ...sampleThisProcess() });
  } else if (request.type === 'stop') {
    void stop().then(() => process.exit(0));
  }
});
// The parent went away without asking (crash, Ctrl-C): do not linger as an orphan.
process.on('disconnect', () => void stop().then(() => process.exit(0)));

reply({ type: 'ready', grpcUrl: node.grpcUrl });
