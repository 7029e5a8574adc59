import type { PageRequest } from '../store/types.ts';
import type { Dispatcher, TopicItem } from './dispatcher.ts';

export interface TopicCursor<Key> {
  topic: string;
  /** What the store files the topic's items under (a group id, an installation key). */
  key: Key;
  /** Deliver only items with an id above this. */
  cursor: bigint;
}

export interface SubscriptionOptions<T extends TopicItem, Key> {
  dispatcher: Dispatcher<T>;
  topics: TopicCursor<Key>[];
  /** Reads a page of a topic's stored items (ascending, after the page's cursor). */
  readPage: (key: Key, page: PageRequest) => Promise<T[]>;
  pageSize: number;
  deliver: (item: T) => void;
  signal: AbortSignal;
}

/**
 * Runs one subscription the way xmtp-node-go does, so a client misses nothing and sees nothing
 * twice: the live listener is registered first (buffering), then each topic's history is replayed
 * from its cursor, then buffered and later live items pass the same per-topic high-water mark.
 * Resolves when the signal aborts.
 */
export async function runSubscription<T extends TopicItem, Key>(options: SubscriptionOptions<T, Key>): Promise<void> {
  const { dispatcher, topics, readPage, pageSize, deliver, signal } = options;
  const highWater = new Map(topics.map(({ topic, cursor }) => [topic, cursor]));
  const deliverOnce = (topic: string, item: T) => {
    const mark = highWater.get(topic);
    if (mark === undefined || item.id <= mark) return;
    highWater.set(topic, item.id);
    deliver(item);
  };

  let buffered: { topic: string; item: T }[] | undefined = [];
  const unsubscribe = dispatcher.subscribe(highWater.keys(), (topic, item) => {
    if (buffered) buffered.push({ topic, item });
    else deliverOnce(topic, item);
  });
  try {
    for (const { topic, key, cursor } of topics) {
      let after = cursor;
      for (;;) {
        if (signal.aborted) return;
        const page = await readPage(key, { direction: 'ascending', limit: pageSize, cursor: after });
        for (const item of page) deliverOnce(topic, item);
        if (page.length < pageSize) break;
        after = page.at(-1)!.id;
      }
    }
    const pending = buffered;
    buffered = undefined;
    for (const { topic, item } of pending) deliverOnce(topic, item);
    if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  } finally {
    unsubscribe();
  }
}
