/**
 * @packageDocumentation
 * The web app for the stack to run: build it once, then serve it with the stack's config.
 *
 * @example
 * await buildWebApp()
 * const web = await serveWebApp({ config: { chainId, rpcUrl, registry, kiosk, deployedAtBlock, xmtpApiUrl,
 *   ipfsGatewayUrl, agentInboxId, demoAccounts: demoAccounts({ 'Alice (creator)': 1, Bob: 2 }) }, port: 5173 })
 * console.log(`open ${web.url}`)
 */
export { buildWebApp, DEFAULT_WEB_DIST_DIR, type BuildWebAppOptions } from './buildWebApp.ts';
export { ensureWebAppBuilt } from './ensureWebAppBuilt.ts';
export { serveWebApp, type ServeWebAppOptions, type ServedWebApp } from './serveWebApp.ts';
export { AppConfigError, parseAppConfig, type AppConfig, type DemoAccount } from '../config.ts';
export { demoAccounts } from './demoAccounts.ts';
