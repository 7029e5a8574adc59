import type { Dispatcher, TopicItem } from './dispatcher.ts';

export interface TopicCursor {
  topic: string;
  /** Deliver only items with an id above this. */
  cursor: bigint;
}

export interface SubscriptionOptions<T extends TopicItem> {
  dispatcher: Dispatcher<T>;
  topics: TopicCursor[];
  /** Reads stored items of a topic with ids above `after`, ascending, one page at a time. */
  readPage: (topic: string, after: bigint) => Promise<T[]>;
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
export async function runSubscription<T extends TopicItem>(options: SubscriptionOptions<T>): Promise<void> {
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
    for (const { topic, cursor } of topics) {
      let after = cursor;
      for (;;) {
        if (signal.aborted) return;
        const page = await readPage(topic, after);
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
