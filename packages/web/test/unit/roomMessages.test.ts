import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatMessage } from '@ticketchat/chat';
import { emptyRoomMessages, mergeMessages } from '../../src/features/room/roomMessages.ts';

const base = (id: string, ns: bigint, sender = 'alice') => ({
  id,
  senderInboxId: sender,
  sentAtNs: ns,
  sentAt: new Date(Number(ns / 1_000_000n)),
});
const text = (id: string, ns: bigint, body = id): ChatMessage => ({ ...base(id, ns), kind: 'text', text: body });
const reaction = (id: string, ns: bigint, to: string, sender: string, removed = false): ChatMessage => ({
  ...base(id, ns, sender),
  kind: 'reaction',
  emoji: '🔥',
  to,
  removed,
});

test('messages show once each, oldest first, whatever order pages and live deliveries come in', () => {
  let state = mergeMessages(emptyRoomMessages, [text('c', 3n), text('b', 2n)]); // a history page, newest first
  state = mergeMessages(state, [text('d', 4n), text('c', 3n)]); // live, with a replayed duplicate
  state = mergeMessages(state, [text('a', 1n)]); // an older page
  assert.deepEqual(
    state.list.map((m) => m.id),
    ['a', 'b', 'c', 'd'],
  );
});

test('reactions fold into their message; one per sender; a removal takes it back', () => {
  let state = mergeMessages(emptyRoomMessages, [text('m', 1n)]);
  state = mergeMessages(state, [reaction('r1', 2n, 'm', 'bob'), reaction('r2', 3n, 'm', 'carol'), reaction('r1', 2n, 'm', 'bob')]);
  assert.deepEqual(state.list[0]!.reactions, { '🔥': ['bob', 'carol'] });
  state = mergeMessages(state, [reaction('r3', 4n, 'm', 'bob', true)]);
  assert.deepEqual(state.list[0]!.reactions, { '🔥': ['carol'] });
  state = mergeMessages(state, [reaction('r4', 5n, 'm', 'carol', true)]);
  assert.deepEqual(state.list[0]!.reactions, {});
});

test('a reaction to a message not loaded yet waits for it (older pages arrive later)', () => {
  let state = mergeMessages(emptyRoomMessages, [reaction('r', 9n, 'old', 'bob')]);
  assert.equal(state.list.length, 0);
  assert.equal(state.pendingReactions.length, 1);
  state = mergeMessages(state, [text('old', 1n)]);
  assert.deepEqual(state.list[0]!.reactions, { '🔥': ['bob'] });
  assert.equal(state.pendingReactions.length, 0);
});

test('an announcement shows once per announcement id, though a retry delivered it twice', () => {
  const announcement = (id: string, ns: bigint): ChatMessage => ({
    ...base(id, ns, 'host'),
    kind: 'announcement',
    announcementId: 'a'.repeat(32),
    text: 'Doors open',
  });
  let state = mergeMessages(emptyRoomMessages, [announcement('x', 1n), text('t', 2n)]);
  state = mergeMessages(state, [announcement('y', 3n)]);
  assert.deepEqual(
    state.list.map((m) => m.id),
    ['x', 't'],
  );
});
