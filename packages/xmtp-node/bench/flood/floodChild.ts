/**
 * The node under a flood, in a process of its own so its RSS is its alone. Started by
 * floodNode.ts with the limits to run with; answers `gc` (run with --expose-gc) so "after" is
 * measured once garbage is collected, and stops when its parent goes away.
 */
import { startXmtpNode } from '../../src/index.ts';
import type { NodeLimits } from '../../src/limits/limits.ts';

export interface FloodChildConfig {
  limits: Partial<NodeLimits>;
}
export type FloodChildMessage = { type: 'ready'; grpcUrl: string; webUrl: string } | { type: 'collected'; memory: NodeJS.MemoryUsage };

const config = JSON.parse(process.argv[2] ?? '{}') as FloodChildConfig;
const node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null, limits: config.limits });
const reply = (message: FloodChildMessage) => process.send?.(message);

process.on('message', (request: { type: 'gc' }) => {
  if (request.type !== 'gc') return;
  // Twice: the first pass can leave what finalizers released for the second.
  globalThis.gc?.();
  globalThis.gc?.();
  reply({ type: 'collected', memory: process.memoryUsage() });
});
process.on('disconnect', () => void node.stop().then(() => process.exit(0)));
reply({ type: 'ready', grpcUrl: node.grpcUrl, webUrl: node.webUrl });
