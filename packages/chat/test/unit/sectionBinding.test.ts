import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeEventBinding, encodeEventBinding } from '../../src/index.ts';

const registry = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const base = { ticketchat: 1, chainId: 31337, registry, eventId: '7' };
const appData = (fields: Record<string, unknown>) => JSON.stringify({ ...base, ...fields });

test('a section binding round-trips its section number; a one-group binding does not write one', () => {
  const binding = { chainId: 31337, registry, eventId: 7n } as const;
  for (const section of [0, 1, 999]) {
    const encoded = encodeEventBinding({ ...binding, section });
    assert.equal(JSON.parse(encoded).section, section);
    assert.deepEqual(decodeEventBinding(encoded), { ...binding, section });
  }
  assert.equal('section' in JSON.parse(encodeEventBinding(binding)), false, 'an event without sections keeps the original app data');
});

test('a section number that is not a non-negative integer makes the binding malformed', () => {
  for (const section of [-1, 1.5, '1', null, true, [1], { n: 1 }, 1e300, Number.MAX_SAFE_INTEGER + 2]) {
    assert.equal(decodeEventBinding(appData({ section })), undefined, JSON.stringify(section));
  }
  // JSON has no NaN or Infinity: they serialise as null, which is refused above; a raw literal is not JSON at all.
  assert.equal(decodeEventBinding(appData({}).replace('}', ',"section":NaN}')), undefined);
  assert.equal(decodeEventBinding(appData({}).replace('}', ',"section":1e999}')), undefined, 'parses as Infinity');
});

test('a repeated section key counts as its last value, as JSON.parse reads it', () => {
  const twice = appData({}).replace('}', ',"section":0,"section":2}');
  assert.equal(decodeEventBinding(twice)?.section, 2);
});
