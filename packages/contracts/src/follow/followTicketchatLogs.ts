import { isAddressEqual, type Address, type WebSocketTransport } from 'viem';
import type { TicketchatPublicClient } from '../clients.ts';
import { BaseError } from '@ticketchat/errors';
import { compareCheckpoints, type Checkpoint } from './checkpoint.ts';
import { followedEventsAbi, type TicketchatLogEvent, type TicketchatLog } from './events.ts';

export type TicketchatLogBatch = {
  /** In chain order, none seen before. */
  logs: TicketchatLog[];
  /** The position of the last log in `logs`: persist it once the batch is handled. */
  checkpoint: Checkpoint;
  /** False while backfilling history, true once the follower has caught up with the chain head. */
  live: boolean;
};

type StartPosition =
  | { /** First block to read (e.g. the deployment block). */ fromBlock: bigint; checkpoint?: undefined }
  | { /** Resume right after this log. */ checkpoint: Checkpoint; fromBlock?: undefined };

type LiveTransport =
  | { /** Ask for the head block every `pollingInterval` ms; works with any client. */ transport: 'poll'; pollingInterval?: number }
  | { /** React to `newHeads` over the client's WebSocket subscription; needs a `webSocket` client. */ transport: 'ws' };

export type FollowTicketchatLogsOptions = StartPosition &
  LiveTransport & {
    publicClient: TicketchatPublicClient;
    addresses: { registry: Address; kiosk: Address };
    /** Called once per batch, in order; the next batch waits for the returned promise. A throw stops the follower. */
    onLogs: (batch: TicketchatLogBatch) => void | Promise<void>;
    /** Called once, when history has been read up to the head block. */
    onLive?: (headBlock: bigint) => void;
    /** RPC failures while following; the follower retries after `retryDelay`. Without it, the first failure stops the follower. */
    onError?: (error: BaseError) => void;
    /** Stops the follower; the returned promise then resolves. */
    signal?: AbortSignal;
    /** Blocks per `eth_getLogs` request. @default 1000n */
    maxBlockRange?: bigint;
    /** ms before retrying after an RPC failure. @default 1000 */
    retryDelay?: number;
  };

export class FollowerError extends BaseError {
  override name = 'FollowerError' as const;
}

export type FollowerErrorType = FollowerError & { name: 'FollowerError' };

/** The consumer's own failure: never retried, since skipping its logs would lose them. */
class ConsumerFailure extends Error {}

type HeadSubscription = { stop: () => Promise<void> };

/**
 * Follows the registry's and the kiosk's logs: reads history from `fromBlock` (or from just after a
 * checkpoint) in bounded `eth_getLogs` ranges, then goes live. Backfill and live share one cursor
 * (the next unread block) and every head notification only wakes it up, so there is neither a gap
 * nor a duplicate between them, and a dropped WebSocket delays logs but cannot lose them.
 * Resolves when `signal` aborts; rejects if `onLogs` throws (or on an RPC failure without `onError`).
 *
 * @example
 * const controller = new AbortController()
 * await followTicketchatLogs({
 *   publicClient, addresses: deployment, transport: 'poll',
 *   checkpoint: await loadCheckpoint(),
 *   onLogs: async ({ logs, checkpoint }) => { await apply(logs); await saveCheckpoint(checkpoint) },
 *   signal: controller.signal,
 * })
 */
export async function followTicketchatLogs(options: FollowTicketchatLogsOptions): Promise<void> {
  const { publicClient, addresses, signal } = options;
  const maxBlockRange = options.maxBlockRange ?? 1000n;
  if (maxBlockRange < 1n) throw new FollowerError('maxBlockRange must be at least 1.');
  let lastSeen = options.checkpoint;
  let nextBlock = options.checkpoint ? options.checkpoint.blockNumber : options.fromBlock;
  let isLive = false;

  const toTicketchatLog = (log: Awaited<ReturnType<typeof fetchLogs>>[number]): TicketchatLog => ({
    ...({ eventName: log.eventName, args: log.args } as TicketchatLogEvent),
    contract: isAddressEqual(log.address, addresses.registry) ? 'registry' : 'kiosk',
    address: log.address,
    blockNumber: log.blockNumber,
    blockHash: log.blockHash,
    logIndex: log.logIndex,
    transactionHash: log.transactionHash,
    checkpoint: { blockNumber: log.blockNumber, logIndex: log.logIndex },
  });

  const fetchLogs = (fromBlock: bigint, toBlock: bigint) =>
    publicClient.getLogs({ address: [addresses.registry, addresses.kiosk], events: followedEventsAbi, fromBlock, toBlock, strict: true });

  /** Reads every block from the cursor to the current head and hands the new logs over. */
  const catchUp = async (): Promise<bigint> => {
    const head = await publicClient.getBlockNumber({ cacheTime: 0 });
    while (nextBlock <= head && !signal?.aborted) {
      const toBlock = nextBlock + maxBlockRange - 1n < head ? nextBlock + maxBlockRange - 1n : head;
      const logs = (await fetchLogs(nextBlock, toBlock))
        .map(toTicketchatLog)
        .filter((log) => lastSeen === undefined || compareCheckpoints(log.checkpoint, lastSeen) > 0)
        .sort((a, b) => compareCheckpoints(a.checkpoint, b.checkpoint));
      const last = logs.at(-1);
      if (last) {
        try {
          await options.onLogs({ logs, checkpoint: last.checkpoint, live: isLive });
        } catch (error) {
          throw new ConsumerFailure('onLogs failed', { cause: error });
        }
        lastSeen = last.checkpoint;
      }
      nextBlock = toBlock + 1n;
    }
    return head;
  };

  return new Promise<void>((resolve, reject) => {
    let running = false;
    let rerun = false;
    let finished = false;
    let retryTimer: NodeJS.Timeout | undefined;
    let heads: HeadSubscription | undefined;

    const finish = async (error?: unknown) => {
      if (finished) return;
      finished = true;
      clearTimeout(retryTimer);
      signal?.removeEventListener('abort', onAbort);
      await heads?.stop().catch(() => undefined);
      if (error === undefined) resolve();
      else reject(error instanceof ConsumerFailure ? error.cause : error);
    };
    const onAbort = () => void finish();

    const fail = (error: unknown) => {
      if (error instanceof ConsumerFailure || !options.onError) {
        void finish(error instanceof ConsumerFailure ? error : new FollowerError('Following the contract logs failed.', { cause: error }));
        return;
      }
      options.onError(new FollowerError('Reading contract logs failed; retrying.', { cause: error }));
      retryTimer = setTimeout(wake, options.retryDelay ?? 1000);
    };

    // Runs catchUp one at a time; a wake-up during a run schedules exactly one more.
    const wake = () => {
      if (finished) return;
      if (running) {
        rerun = true;
        return;
      }
      running = true;
      rerun = false;
      catchUp()
        .then((head) => {
          if (!isLive && !finished) {
            isLive = true;
            options.onLive?.(head);
          }
        })
        .catch(fail)
        .finally(() => {
          running = false;
          if (rerun) wake();
        });
    };

    if (signal?.aborted) return void finish();
    signal?.addEventListener('abort', onAbort, { once: true });

    // Subscribe first, then read history: a block mined in between wakes the cursor, never slips past it.
    subscribeToHeads(options, wake, fail)
      .then((subscription) => {
        heads = subscription;
        if (finished) void subscription.stop();
        else wake();
      })
      .catch((error: unknown) => void finish(new FollowerError('Could not subscribe to new blocks.', { cause: error })));
  });
}

async function subscribeToHeads(
  options: FollowTicketchatLogsOptions,
  onHead: () => void,
  onError: (error: unknown) => void,
): Promise<HeadSubscription> {
  if (options.transport === 'poll') {
    const timer = setInterval(onHead, options.pollingInterval ?? options.publicClient.pollingInterval);
    return { stop: async () => clearInterval(timer) };
  }
  const transport = options.publicClient.transport as Partial<ReturnType<WebSocketTransport>['value']> & { type: string };
  if (transport.type !== 'webSocket' || !transport.subscribe) {
    throw new FollowerError(`transport 'ws' needs a public client with a webSocket transport, not '${transport.type}'.`);
  }
  const subscription = await transport.subscribe({ params: ['newHeads'], onData: () => onHead(), onError });
  return { stop: async () => void (await subscription.unsubscribe()) };
}
