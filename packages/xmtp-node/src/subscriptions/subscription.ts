import { setImmediate as yieldToOtherWork } from 'node:timers/promises';
import { InvalidInputError, SubscriberTooSlowError } from '../errors.ts';
import { pageCutShort } from '../limits/responseBudget.ts';
import type { PageRequest } from '../store/types.ts';
import type { Dispatcher, TopicItem } from './dispatcher.ts';

/** Replay store reads between two turns of the event loop, so a huge replay never stalls other calls. */
const REPLAY_READS_PER_TURN = 16;

/** What a subscription delivers: an id in its topic, and the payload counted against page sizes. */
export interface ReplayedItem extends TopicItem {
  data: Uint8Array;
}

export interface TopicCursor<Key> {
  topic: string;
  /** What the store files the topic's items under (a group id, an installation key). */
  key: Key;
  /** Deliver only items with an id above this. */
  cursor: bigint;
}

export interface SubscriptionOptions<T extends ReplayedItem, Key> {
  dispatcher: Dispatcher<T>;
  topics: TopicCursor<Key>[];
  /** Reads a page of a topic's stored items (ascending, after the page's cursor). */
  readPage: (key: Key, page: PageRequest) => Promise<T[]>;
  pageSize: number;
  /** Sends an item; a promise means "wait before sending more" (the client is behind). */
  deliver: (item: T) => void | Promise<void>;
  signal: AbortSignal;
  /** Distinct topics one subscription may name. */
  maxTopics: number;
  /** Live items held while the replay runs; past it the client is too far behind to catch up. */
  maxBuffered: number;
  /** Payload bytes one replay read may hold (the store cuts a page after the item that passes it). */
  maxPageBytes: number;
}

/**
 * Runs one subscription the way xmtp-node-go does, so a client misses nothing and sees nothing
 * twice: the live listener is registered first (buffering), then each topic's history is replayed
 * from its cursor, then buffered and later live items pass the same per-topic high-water mark.
 * The replay waits for the client to take what it was sent and yields to other work as it goes.
 * Resolves when the signal aborts; throws SubscriberTooSlowError when the client falls too far behind,
 * and the dispatcher's reason when it interrupts live delivery.
 */
export async function runSubscription<T extends ReplayedItem, Key>(options: SubscriptionOptions<T, Key>): Promise<void> {
  const { dispatcher, readPage, pageSize, deliver, signal } = options;
  const topics = distinctTopics(options.topics);
  if (topics.length > options.maxTopics) {
    throw new InvalidInputError(`the subscription names ${topics.length} distinct topics, at most ${options.maxTopics} are allowed`);
  }
  const highWater = new Map(topics.map(({ topic, cursor }) => [topic, cursor]));
  const deliverOnce = (topic: string, item: T) => {
    const mark = highWater.get(topic);
    if (mark === undefined || item.id <= mark) return;
    highWater.set(topic, item.id);
    return deliver(item);
  };

  let buffered: { topic: string; item: T }[] | undefined = [];
  /** Why the node ends this subscription itself (the client too slow, live delivery broken). */
  let failure: Error | undefined;
  const ended = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  let endForFailure: () => void = () => {};
  const failed = new Promise<void>((resolve) => (endForFailure = resolve));
  const fail = (reason: Error) => {
    failure ??= reason;
    endForFailure();
  };
  const unsubscribe = dispatcher.subscribe(
    highWater.keys(),
    (topic, item) => {
      if (!buffered) return void deliverOnce(topic, item);
      if (buffered.length < options.maxBuffered) return void buffered.push({ topic, item });
      fail(new SubscriberTooSlowError());
    },
    fail,
  );
  try {
    let reads = 0;
    for (const { topic, key, cursor } of topics) {
      let after = cursor;
      for (;;) {
        if (signal.aborted || failure) break;
        const page = await readPage(key, { direction: 'ascending', limit: pageSize, cursor: after, maxBytes: options.maxPageBytes });
        for (const item of page) {
          if (signal.aborted) break;
          await deliverOnce(topic, item);
        }
        if (++reads % REPLAY_READS_PER_TURN === 0) await yieldToOtherWork();
        if (
          page.length < pageSize &&
          !pageCutShort(
            page.map((item) => item.data),
            options.maxPageBytes,
          )
        )
          break;
        after = page.at(-1)!.id;
      }
    }
    if (failure) throw failure;
    const pending = buffered;
    buffered = undefined;
    for (const { topic, item } of pending) void deliverOnce(topic, item);
    await Promise.race([ended, failed]);
    if (failure && !signal.aborted) throw failure;
  } finally {
    unsubscribe();
  }
}

/** One entry per topic; a repeated topic replays from its lowest cursor, so nothing is skipped. */
function distinctTopics<Key>(topics: TopicCursor<Key>[]): TopicCursor<Key>[] {
  const byTopic = new Map<string, TopicCursor<Key>>();
  for (const entry of topics) {
    const seen = byTopic.get(entry.topic);
    if (!seen || entry.cursor < seen.cursor) byTopic.set(entry.topic, entry);
  }
  return [...byTopic.values()];
}
