/**
 * @packageDocumentation
 * The chat library bound to @xmtp/browser-sdk (web apps): the runtime, and database keys kept in
 * IndexedDB. A browser client runs in a worker with an OPFS database and holds two long-lived
 * streams, and browsers allow six HTTP/1.1 connections per origin: keep to one client per page.
 */
export * from './index.ts';
export { browserRuntime, type BrowserXmtpClient, type BrowserXmtpGroup } from './sdk/browserRuntime.ts';
export { IndexedDbKeyStore } from './pool/indexedDbKeyStore.ts';
