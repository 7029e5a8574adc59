/**
 * @packageDocumentation
 * The chat library bound to @xmtp/node-sdk (servers, the membership agent, the CLI, tests).
 */
export * from './index.ts';
export { nodeRuntime, nodeRuntimeWithCodecs, type NodeContentCodec, type NodeXmtpClient, type NodeXmtpGroup } from './sdk/nodeRuntime.ts';
export { FileKeyStore } from './pool/fileKeyStore.ts';
