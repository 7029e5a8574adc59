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
  type AnvilStartErrorType,
  type StartAnvilOptions,
  type AnvilInstance,
} from './chain/anvil.ts';
export { findFreePort, FreePortError } from './chain/freePort.ts';
export { startLocalChain, UnknownAccountError, type LocalChain, type UnknownAccountErrorType } from './chain/localChain.ts';
export { writeDeployment, readDeployment, DeploymentFileError, type DeploymentFileErrorType } from './deploymentFile.ts';
