/**
 * @packageDocumentation
 * The membership agent: an always-on service with its own XMTP identity, admin of every event
 * group, that keeps each group's members equal to the event's valid ticket holders (plus the
 * creator, the agents and the creator's own guests), from the chain's logs, durably and exactly.
 *
 * @example
 * const gatekeeper = await startGatekeeper({
 *   walletKey, xmtp: { env: 'local', apiUrl: 'http://127.0.0.1:5556' }, dataDir: '.ticketchat/gatekeeper',
 *   chain: { rpcUrl, wsUrl, chainId: 31337, registry, kiosk, fromBlock: deployment.deployedAtBlock },
 * })
 * console.log(gatekeeper.inboxId, `${gatekeeper.url}/status`)
 * await gatekeeper.stop()
 */
export { startGatekeeper, type Gatekeeper } from './gatekeeper.ts';
export { resolveConfig, ConfigError, type GatekeeperConfig } from './config.ts';
export type { GatekeeperStatus, ManagedEventStatus, SectionStatus } from './status.ts';
export { gatekeeperCommand } from './cli.ts';
