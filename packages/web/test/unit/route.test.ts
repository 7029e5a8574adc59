import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRoute, roomHref } from '../../src/app/parseRoute.ts';

test('routes: kiosk, create, an event room by positive id', () => {
  assert.deepEqual(parseRoute(''), { page: 'kiosk' });
  assert.deepEqual(parseRoute('#/'), { page: 'kiosk' });
  assert.deepEqual(parseRoute('#/create'), { page: 'create' });
  assert.deepEqual(parseRoute('#/events/42'), { page: 'room', eventId: 42n });
});

test('a room may name a section, counted from 1 in the URL and from 0 in the app; roomHref writes what parseRoute reads', () => {
  assert.deepEqual(parseRoute('#/events/7?section=3'), { page: 'room', eventId: 7n, section: 2 });
  assert.deepEqual(parseRoute('#/events/7?section=1000'), { page: 'room', eventId: 7n, section: 999 });
  assert.equal(roomHref(7n), '#/events/7');
  assert.equal(roomHref(7n, 2), '#/events/7?section=3');
  assert.deepEqual(parseRoute(roomHref(7n, 0)), { page: 'room', eventId: 7n, section: 0 });
});

test('anything else is not found: zero, signs, leading zeros, junk, ids past uint256', () => {
  for (const hash of [
    '#/events/0',
    '#/events/-1',
    '#/events/01',
    '#/events/1x',
    '#/events/',
    '#/events/1/2',
    '#/events/' + '9'.repeat(80),
    '#/../create',
    // A section is a positive whole number of at most four digits, given once and alone.
    '#/events/7?section=0',
    '#/events/7?section=-1',
    '#/events/7?section=01',
    '#/events/7?section=1.5',
    '#/events/7?section=',
    '#/events/7?section=12345',
    '#/events/7?section=2&section=3',
    '#/events/7?section=2&x=1',
    '#/events/7?sections=2',
    '#/events/7?',
  ]) {
    assert.deepEqual(parseRoute(hash), { page: 'not-found' }, hash);
  }
});
