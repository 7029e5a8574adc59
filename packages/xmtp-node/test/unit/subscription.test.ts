import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dispatcher } from '../../src/subscriptions/dispatcher.ts';
import { runSubscription } from '../../src/subscriptions/subscription.ts';

interface Item {
  id: bigint;
}

test('replay then live: nothing lost or repeated when items land during the replay', async () => {
  const dispatcher = new Dispatcher<Item>();
  const stored: Item[] = [1n, 2n, 3n, 4n, 5n].map((id) => ({ id }));
  const delivered: bigint[] = [];
  const controller = new AbortController();
  let reads = 0;
  const run = runSubscription({
    dispatcher,
    topics: [{ topic: 't', key: 't', cursor: 1n }],
    pageSize: 2,
    maxTopics: 10,
    maxBuffered: 100,
    readPage: async (_key, { cursor: after }) => {
      reads++;
      // While the first page is read, two items are written: one the replay will also see (6) and
      // one it will not (7, only live).
      if (reads === 1) {
        stored.push({ id: 6n });
        dispatcher.publish('t', { id: 6n });
      }
      const page = stored.filter((item) => item.id > after).slice(0, 2);
      if (reads === 3) dispatcher.publish('t', { id: 7n });
      return page;
    },
    deliver: (item) => void delivered.push(item.id),
    signal: controller.signal,
  });
  await new Promise((resolve) => setImmediate(resolve));
  dispatcher.publish('t', { id: 8n });
  dispatcher.publish('t', { id: 8n });
  controller.abort();
  await run;
  assert.deepEqual(delivered, [2n, 3n, 4n, 5n, 6n, 7n, 8n]);
  assert.equal(dispatcher.subscriberCount, 0, 'the listener is removed when the call ends');
});

test('topics are independent and unknown topics are ignored', async () => {
  const dispatcher = new Dispatcher<Item>();
  const delivered: string[] = [];
  const controller = new AbortController();
  const run = runSubscription({
    dispatcher,
    topics: [
      { topic: 'a', key: 'a', cursor: 0n },
      { topic: 'b', key: 'b', cursor: 10n },
    ],
    pageSize: 100,
    maxTopics: 10,
    maxBuffered: 100,
    readPage: async () => [],
    deliver: (item) => void delivered.push(String(item.id)),
    signal: controller.signal,
  });
  await new Promise((resolve) => setImmediate(resolve));
  dispatcher.publish('a', { id: 1n });
  dispatcher.publish('b', { id: 5n });
  dispatcher.publish('b', { id: 11n });
  dispatcher.publish('c', { id: 12n });
  controller.abort();
  await run;
  assert.deepEqual(delivered, ['1', '11']);
});
