/**
 * @packageDocumentation
 * Everything in `@ticketchat/contracts`, plus what only runs in Node: a local anvil chain on a free
 * loopback port, and deployment records on disk. Browser bundles import the root entry instead.
 */
export * from './index.ts';
export {
  startAnvil,
  resolveAnvilBinary,
  anvilMnemonic,
  AnvilStartError,
  type StartAnvilOptions,
  type AnvilInstance,
} from './chain/anvil.ts';
export { findFreePort } from './chain/freePort.ts';
export { startLocalChain, type LocalChain } from './chain/localChain.ts';
export { writeDeployment, readDeployment, DeploymentFileError } from './deploymentFile.ts';
