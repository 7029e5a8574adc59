import { browserRuntime, ClientPool, IndexedDbKeyStore, type BrowserXmtpClient } from '@ticketchat/chat/browser';
import type { AppConfig } from '../config.ts';

/**
 * The page's XMTP clients: one per wallet, each with its OPFS database `xmtp-<address>`. A browser
 * client holds a worker and two long-lived streams, so the app keeps to this one pool.
 */
export function createChatPool(config: AppConfig): ClientPool<BrowserXmtpClient> {
  return new ClientPool<BrowserXmtpClient>({
    runtime: browserRuntime,
    env: 'local',
    apiUrl: config.xmtpApiUrl,
    directory: 'ticketchat',
    keyStore: new IndexedDbKeyStore(),
    // Device sync (history from the wallet's other installations) when the stack offers its service.
    historySyncUrl: config.historySyncUrl,
    deviceSync: Boolean(config.historySyncUrl),
  });
}
