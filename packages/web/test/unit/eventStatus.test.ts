import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canBuy, eventStatus } from '../../src/features/events/eventStatus.ts';

const at = (seconds: number) => new Date(seconds * 1000);
const event = { startsAt: 100n, endsAt: 200n, cancelled: false, capacity: 2, sold: 0n };

test('an event is upcoming, then live, then ended, by the clock', () => {
  assert.equal(eventStatus(event, at(99)), 'upcoming');
  assert.equal(eventStatus(event, at(100)), 'live');
  assert.equal(eventStatus(event, at(199)), 'live');
  assert.equal(eventStatus(event, at(200)), 'ended');
});

test('cancelled wins over everything; ended wins over sold out; sold out hides upcoming and live', () => {
  assert.equal(eventStatus({ ...event, cancelled: true, sold: 2n }, at(300)), 'cancelled');
  assert.equal(eventStatus({ ...event, sold: 2n }, at(300)), 'ended');
  assert.equal(eventStatus({ ...event, sold: 2n }, at(50)), 'sold out');
  assert.equal(eventStatus({ ...event, sold: 2n }, at(150)), 'sold out');
});

test('tickets are sold only while an event is upcoming or live', () => {
  assert.deepEqual((['upcoming', 'live', 'sold out', 'ended', 'cancelled'] as const).filter(canBuy), ['upcoming', 'live']);
});
