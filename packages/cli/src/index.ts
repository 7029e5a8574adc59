/**
 * @packageDocumentation
 * The `ticketchat` command (bin `ticketchat`, see the README) and the local stack it runs. Other
 * tools start the same stack in process, or find a running one through its stack file.
 *
 * @example
 * const stack = await startStack({ dataDir: '.ticketchat', host: '127.0.0.1', ports: DEFAULT_PORTS, fresh: false, agent: true, web: true, log })
 * console.log(stack.file.chain.rpcUrl, stack.file.xmtp.webUrl, stack.file.ipfs.gatewayUrl)
 * await stack.stop()
 */
export { startStack, type RunningStack, type StackOptions } from './stack/startStack.ts';
export { DEFAULT_PORTS, type PortPlan } from './stack/ports.ts';
export { readStackFile, type StackFile, type StackFileState } from './stack/stackFile.ts';
export { ticketchatProgram, run } from './program.ts';
