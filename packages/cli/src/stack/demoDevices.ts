import { privateKeyToAccount } from 'viem/accounts';
import type { Logger } from 'pino';
import { DEMO_SEEDED_INDEXES, type DemoClientPool } from './demo.ts';
import { devAccount } from './devAccounts.ts';

/** How often the seeded installations look for history requests; a newcomer's room waits for one answer. */
const POLL_MS = 1_000;

export interface DemoDevices {
  stop(): Promise<void>;
}

/**
 * Keeps the demo accounts' seeded installations online while the stack runs, so a newcomer who
 * picks a demo wallet in the browser (a new installation of an inbox already in the demo chat)
 * gets the conversation so far: MLS lets a new installation read only what is sent after it
 * joins, so its history comes from the wallet's other installation by XMTP's device sync (a
 * request in the wallet's sync group, answered with an archive on the node's history service).
 * An installation answers when it syncs its sync group, hence the polling.
 */
export async function keepDemoDevicesOnline(pool: DemoClientPool, log: Logger): Promise<DemoDevices> {
  const clients = await Promise.all(
    DEMO_SEEDED_INDEXES.map((index) => pool.get({ account: privateKeyToAccount(devAccount(index).privateKey) })),
  );
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let round: Promise<void> = Promise.resolve();
  const poll = () => {
    round = Promise.all(
      clients.map((client) =>
        client.syncAllDeviceSyncGroups().catch((error: unknown) => log.warn({ err: error, inboxId: client.inboxId }, 'device sync failed')),
      ),
    ).then(() => {
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    });
  };
  poll();
  log.info({ installations: clients.length }, 'demo devices online: they answer history requests');
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
