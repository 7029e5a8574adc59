import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRoute } from '../../src/app/parseRoute.ts';

test('routes: kiosk, create, an event room by positive id', () => {
  assert.deepEqual(parseRoute(''), { page: 'kiosk' });
  assert.deepEqual(parseRoute('#/'), { page: 'kiosk' });
  assert.deepEqual(parseRoute('#/create'), { page: 'create' });
  assert.deepEqual(parseRoute('#/events/42'), { page: 'room', eventId: 42n });
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
  ]) {
    assert.deepEqual(parseRoute(hash), { page: 'not-found' }, hash);
  }
});
