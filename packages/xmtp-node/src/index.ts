/**
 * @packageDocumentation
 * An XMTP-compatible node for local development and tests: the MLS and identity APIs that
 * `@xmtp/node-sdk` (gRPC over HTTP/2) and `@xmtp/browser-sdk` (gRPC-web) call, on embedded SQLite,
 * plus the history-sync service device sync uses.
 *
 * ```ts
 * const node = await startXmtpNode({ database: '.ticketchat/xmtp-node.db' });
 * const client = await Client.create(signer, { env: 'local', apiUrl: node.grpcUrl });
 * ```
 */
export { startXmtpNode, type RunningXmtpNode, type XmtpNodeOptions } from './node.ts';
export type { NodeStore, ReadStore } from './store/types.ts';
