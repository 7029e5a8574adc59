/*
 * A room survives its node being killed and restarted mid-conversation: the feed reconnects with
 * backoff, replays the gap from the local database, and shows every message exactly once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatMessage, RoomState } from '../src/node.ts';
import { admitBuyer, mintLiveEvent, openRoom } from './fixtures/event.ts';
import { startTestStack } from './fixtures/stack.ts';
import { eventually } from '@ticketchat/test-support';

const FAST_FEED = { reconnect: { initialMs: 100, maxMs: 1_000 }, watchdogMs: 1_000, pollMs: 300, failuresBeforePolling: 50 };
const textsOf = (messages: ChatMessage[]) => messages.flatMap((m) => (m.kind === 'text' ? [m.text] : []));

test('the node is killed and restarted during a conversation: nothing lost, nothing twice', { timeout: 120_000 }, async (t) => {
  const stack = await startTestStack();
  const [creator, agent, fan] = await Promise.all([stack.xmtp(1), stack.xmtp(2), stack.xmtp(3)]);
  const event = await mintLiveEvent(stack, 1, agent);
  await admitBuyer(stack, event, agent, 3);
  const fanRoom = await openRoom(stack, fan, event.eventId, { feed: FAST_FEED });
  const creatorRoom = await openRoom(stack, creator, event.eventId, { feed: FAST_FEED });
  t.after(async () => {
    await fanRoom.close();
    await creatorRoom.close();
    await stack.stop();
  });

  const received: ChatMessage[] = [];
  const states: RoomState[] = [];
  fanRoom.onMessage((message) => received.push(message));
  fanRoom.onStateChange((state) => states.push(state));

  const sent: string[] = [];
  const say = async (text: string) => {
    await creatorRoom.send(text);
    sent.push(text);
  };
  for (let i = 0; i < 3; i++) await say(`before ${i}`);
  await eventually('the fan to see the first messages', () => received.length >= 3);

  // The node dies. While it is down nothing can be sent; once it is back (same ports, same
  // database) the creator keeps talking at once, before the fan's stream has reconnected.
  await stack.restartNode(() => eventually('the fan room to notice', () => fanRoom.state !== 'live'));
  for (let i = 0; i < 3; i++) await say(`after ${i}`);

  await eventually('every message at the fan', () => received.length >= sent.length, 60_000);
  await eventually('the fan room to be live again', () => fanRoom.state === 'live');
  await say('final');
  await eventually('the last message', () => received.length >= sent.length);

  assert.deepEqual(textsOf(received).sort(), [...sent].sort(), 'every message, once');
  assert.equal(new Set(received.map((m) => m.id)).size, received.length, 'no duplicate ids');
  assert.ok(states.includes('connecting') || states.includes('offline'), `states seen: ${states.join(' → ')}`);
  assert.equal(states.at(-1), 'live');
  const history = await fanRoom.history({ limit: 100 });
  assert.deepEqual(textsOf(history.messages).reverse(), sent, 'the local history is complete and in order');
});
