import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually } from '@ticketchat/test-support';
import { LiveFeedInterruptedError } from '../../src/errors.ts';
import { CommitFeedDispatcher } from '../../src/subscriptions/commitFeedDispatcher.ts';
import { Dispatcher } from '../../src/subscriptions/dispatcher.ts';
import { runSubscription } from '../../src/subscriptions/subscription.ts';

interface Item {
  id: bigint;
  data: Uint8Array;
}

const item = (id: bigint, bytes = 1): Item => ({ id, data: new Uint8Array(bytes) });

test('replay then live: nothing lost or repeated when items land during the replay', async () => {
  const dispatcher = new Dispatcher<Item>();
  const stored: Item[] = [1n, 2n, 3n, 4n, 5n].map((id) => item(id));
  const delivered: bigint[] = [];
  const controller = new AbortController();
  let reads = 0;
  const run = runSubscription({
    dispatcher,
    topics: [{ topic: 't', key: 't', cursor: 1n }],
    pageSize: 2,
    maxTopics: 10,
    maxBuffered: 100,
    maxPageBytes: 1000,
    readPage: async (_key, { cursor: after }) => {
      reads++;
      // While the first page is read, two items are written: one the replay will also see (6) and
      // one it will not (7, only live).
      if (reads === 1) {
        stored.push(item(6n));
        dispatcher.publish('t', item(6n));
      }
      const page = stored.filter((item) => item.id > after).slice(0, 2);
      if (reads === 3) dispatcher.publish('t', item(7n));
      return page;
    },
    deliver: (item) => void delivered.push(item.id),
    signal: controller.signal,
  });
  await new Promise((resolve) => setImmediate(resolve));
  dispatcher.publish('t', item(8n));
  dispatcher.publish('t', item(8n));
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
    maxPageBytes: 1000,
    readPage: async () => [],
    deliver: (item) => void delivered.push(String(item.id)),
    signal: controller.signal,
  });
  await new Promise((resolve) => setImmediate(resolve));
  dispatcher.publish('a', item(1n));
  dispatcher.publish('b', item(5n));
  dispatcher.publish('b', item(11n));
  dispatcher.publish('c', item(12n));
  controller.abort();
  await run;
  assert.deepEqual(delivered, ['1', '11']);
});

test('a replay reads pages of big items a few at a time, and still reaches the end', async () => {
  const dispatcher = new Dispatcher<Item>();
  const stored = [1n, 2n, 3n, 4n, 5n].map((id) => item(id, 400));
  const delivered: bigint[] = [];
  const controller = new AbortController();
  const run = runSubscription({
    dispatcher,
    topics: [{ topic: 't', key: 't', cursor: 0n }],
    pageSize: 100,
    maxTopics: 10,
    maxBuffered: 100,
    maxPageBytes: 1000,
    // As the store does: stop after the item that takes the page past maxBytes.
    readPage: async (_key, { cursor, maxBytes }) => {
      const page: Item[] = [];
      let bytes = 0;
      for (const kept of stored.filter((candidate) => candidate.id > cursor)) {
        page.push(kept);
        bytes += kept.data.length;
        if (bytes > maxBytes!) break;
      }
      return page;
    },
    deliver: (replayed) => void delivered.push(replayed.id),
    signal: controller.signal,
  });
  await eventually('every item delivered', () => delivered.length === 5);
  controller.abort();
  await run;
  assert.deepEqual(delivered, [1n, 2n, 3n, 4n, 5n]);
});

test('an interrupted commit feed ends live subscriptions with its reason and refuses new ones until it resumes', async () => {
  const dispatcher = new CommitFeedDispatcher<Item>();
  const subscribe = (delivered: bigint[]) =>
    runSubscription({
      dispatcher,
      topics: [{ topic: 't', key: 't', cursor: 0n }],
      pageSize: 10,
      maxTopics: 10,
      maxBuffered: 100,
      maxPageBytes: 1000,
      readPage: async () => [],
      deliver: (item) => void delivered.push(item.id),
      signal: new AbortController().signal,
    });
  const first: bigint[] = [];
  const live = subscribe(first);
  await new Promise((resolve) => setImmediate(resolve));
  dispatcher.publish();
  dispatcher.relay('t', item(1n));
  const reason = new LiveFeedInterruptedError();
  dispatcher.interrupt(reason);
  await assert.rejects(live, (error) => error === reason);
  assert.deepEqual(first, [1n], 'only what the feed relayed; handlers publishing directly are ignored');
  assert.equal(dispatcher.subscriberCount, 0);

  await assert.rejects(subscribe([]), (error) => error === reason, 'no stream is accepted while nothing would reach it');
  dispatcher.resume();
  const second: bigint[] = [];
  const resumed = subscribe(second);
  await new Promise((resolve) => setImmediate(resolve));
  dispatcher.relay('t', item(2n));
  assert.deepEqual(second, [2n]);
  dispatcher.interrupt(reason);
  await assert.rejects(resumed, (error) => error === reason);
});
