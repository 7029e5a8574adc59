import type { Logger } from 'pino';
import type { PostgresAgentStore } from '../store/postgresAgentStore.ts';

const RECONNECT_MS = 1_000;

/**
 * Keeps this agent listening for the events other agents' writes gave work (a log recorded by the
 * agent following the chain, a join request another agent received, an adoption), so the holder
 * syncs at once instead of at its next reconciliation. A broken connection (Postgres restarted) is
 * reopened every second; `resumed` then runs, since wakes sent meanwhile are lost.
 */
export async function followWakes(
  store: PostgresAgentStore,
  handlers: { wake(eventIds: bigint[]): void; resumed(): void; logger: Logger },
): Promise<{ stop(): Promise<void> }> {
  let stopped = false;
  let stopListening: (() => Promise<void>) | undefined;
  let retry: NodeJS.Timeout | undefined;
  const listen = async (): Promise<void> => {
    let lost = false;
    stopListening = await store.followWakes({
      wake: handlers.wake,
      // 'error' and 'end' both report one loss: it is acted on once.
      lost: (error) => {
        if (lost || stopped) return;
        lost = true;
        handlers.logger.warn({ err: error }, 'lost the wake notifications; listening again');
        void stopListening?.();
        retry = setTimeout(reconnect, RECONNECT_MS);
      },
    });
  };
  const reconnect = () => {
    if (stopped) return;
    listen().then(handlers.resumed, (error: unknown) => {
      handlers.logger.warn({ err: error }, 'listening for wakes failed; retrying');
      retry = setTimeout(reconnect, RECONNECT_MS);
    });
  };
  await listen();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await stopListening?.();
    },
  };
}
