import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeEventBinding, encodeEventBinding, eventPhase } from '../../src/index.ts';
import { backoffDelay } from '../../src/rooms/backoff.ts';
import { toChatMessage } from '../../src/rooms/chatMessage.ts';
import { RecentIds } from '../../src/rooms/recentIds.ts';

const registry = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

test('an event binding round-trips and refuses anything malformed', () => {
  const binding = { chainId: 31337, registry: registry.toLowerCase() as `0x${string}`, eventId: 42n };
  const decoded = decodeEventBinding(encodeEventBinding(binding));
  assert.deepEqual(decoded, { ...binding, registry, section: 0 }, 'a binding without a section is section 0');
  for (const bad of [
    undefined,
    '',
    'not json',
    '{}',
    '{"ticketchat":2,"chainId":1,"registry":"0x5FbDB2315678afecb367f032d93F642f64180aa3","eventId":"1"}',
    '{"ticketchat":1,"chainId":1,"registry":"0x12","eventId":"1"}',
    '{"ticketchat":1,"chainId":1,"registry":"0x5FbDB2315678afecb367f032d93F642f64180aa3","eventId":"01"}',
  ]) {
    assert.equal(decodeEventBinding(bad), undefined, String(bad));
  }
});

test('the event phase follows the schedule', () => {
  const schedule = { startsAt: 1_000n, endsAt: 2_000n };
  assert.deepEqual(eventPhase(schedule, new Date(999_000)), { phase: 'upcoming', startsAt: new Date(1_000_000) });
  assert.deepEqual(eventPhase(schedule, new Date(1_000_000)), { phase: 'live', endsAt: new Date(2_000_000) });
  assert.deepEqual(eventPhase(schedule, new Date(2_000_000)), { phase: 'ended', endedAt: new Date(2_000_000) });
});

test('backoff grows, is capped, and is jittered within its upper half', () => {
  const policy = { initialMs: 100, maxMs: 1_000 };
  assert.equal(
    backoffDelay(policy, 0, () => 0),
    50,
  );
  assert.equal(
    backoffDelay(policy, 0, () => 1),
    100,
  );
  assert.equal(
    backoffDelay(policy, 3, () => 1),
    800,
  );
  assert.equal(
    backoffDelay(policy, 10, () => 1),
    1_000,
  );
});

test('recent ids dedupe and forget the oldest beyond capacity', () => {
  const ids = new RecentIds(2);
  assert.equal(ids.add('a'), true);
  assert.equal(ids.add('a'), false);
  ids.add('b');
  ids.add('c');
  assert.equal(ids.add('a'), true, 'a was forgotten');
});

test('only texts, replies and reactions become chat messages', () => {
  const base = { id: 'x', conversationId: 'g', senderInboxId: 's', sentAtNs: 1_700_000_000_000_000_000n, kind: 0 };
  const removed = Symbol('removed');
  assert.deepEqual(toChatMessage({ ...base, content: 'hi', contentType: { typeId: 'text' } }, removed), {
    id: 'x',
    senderInboxId: 's',
    sentAtNs: base.sentAtNs,
    sentAt: new Date(1_700_000_000_000),
    kind: 'text',
    text: 'hi',
  });
  const reply = toChatMessage({ ...base, content: { referenceId: 'y', content: 'yes' }, contentType: { typeId: 'reply' } }, removed);
  assert.ok(reply?.kind === 'reply' && reply.inReplyTo === 'y');
  const unreact = toChatMessage(
    { ...base, content: { reference: 'y', content: '🔥', action: removed }, contentType: { typeId: 'reaction' } },
    removed,
  );
  assert.ok(unreact?.kind === 'reaction' && unreact.removed);
  assert.equal(toChatMessage({ ...base, content: {}, contentType: { typeId: 'group_updated' } }, removed), undefined);
});
