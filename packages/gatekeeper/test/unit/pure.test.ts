import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContentTypeJoinRequest, JoinRequestError } from '@ticketchat/chat/node';
import { parseJoinRequest } from '../../src/dm/parseJoinRequest.ts';
import { readJoinRequest } from '../../src/dm/readJoinRequest.ts';
import { SlidingWindow } from '../../src/dm/slidingWindow.ts';
import { ADOPTION_BACKOFF, nextAdoptionDelay } from '../../src/membership/groupAdoption.ts';
import { isRateLimited, WriteLimiter } from '../../src/membership/writeLimiter.ts';
import { Metrics } from '../../src/ops/metrics.ts';

test('join requests: the accepted spellings, and everything else refused', () => {
  assert.equal(parseJoinRequest('join 7'), 7n);
  assert.equal(parseJoinRequest('  JOIN #12 '), 12n);
  assert.equal(parseJoinRequest('/join 3'), 3n);
  for (const junk of [
    'join',
    'join 0',
    'join -1',
    'join 1 2',
    'join 0x10',
    'joinx 1',
    `join ${'9'.repeat(79)}`,
    'x'.repeat(10_000),
    42,
    null,
    { text: 'join 1' },
  ]) {
    assert.equal(parseJoinRequest(junk), undefined, String(junk).slice(0, 20));
  }
});

test('the sliding window allows `requests` per key per window, each key apart', () => {
  const window = new SlidingWindow({ requests: 2, perMs: 1_000 });
  assert.deepEqual([window.allow('a', 0), window.allow('a', 10), window.allow('a', 20), window.allow('b', 20)], [true, true, false, true]);
  assert.equal(window.allow('a', 1_011), true, 'the first request left the window');
});

test('the write limiter waits for room in its window and retries only rate-limit refusals', async () => {
  const waits: string[] = [];
  const limiter = new WriteLimiter({ writes: 2, perMs: 50 }, (info) => waits.push(info.reason));
  for (let index = 0; index < 3; index++) await limiter.write(async () => index);
  // The third write waited for the window (a loaded machine's late timers may make it look twice).
  assert.ok(waits.length >= 1 && !waits.some((reason) => reason !== 'window'), `waits: ${waits.join(', ')}`);

  let attempts = 0;
  const retried = await limiter.write(async () => {
    if (++attempts === 1) throw new Error('grpc status: ResourceExhausted (rate limit exceeded)');
    return 'ok';
  });
  assert.equal(retried, 'ok');
  assert.ok(waits.includes('refused'));
  await assert.rejects(
    limiter.write(async () => Promise.reject(new Error('group is inactive'))),
    /inactive/,
  );
  assert.ok(isRateLimited(new Error('HTTP 429 Too Many Requests')));
  assert.ok(!isRateLimited(new Error('version 4290 not found')));
});

test('metrics render in the Prometheus text format, labels escaped', async () => {
  const metrics = new Metrics();
  const count = metrics.counter('x_total', 'things');
  const gauge = metrics.gauge('y', 'level');
  count({ action: 'add' }, 2);
  count({ action: 'a"b\\c\nd' });
  gauge(5);
  assert.equal(
    await metrics.render(),
    '# HELP x_total things\n# TYPE x_total counter\nx_total{action="add"} 2\nx_total{action="a\\"b\\\\c\\nd"} 1\n# HELP y level\n# TYPE y gauge\ny 5\n',
  );
});

test('an awaited group is looked for after 0.5 s, then twice as long each time, never past a minute', () => {
  const delays: number[] = [];
  let delay: number | undefined;
  for (let look = 0; look < 10; look++) delays.push((delay = nextAdoptionDelay(delay)));
  assert.deepEqual(delays, [500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  assert.equal(ADOPTION_BACKOFF.maxMs, 60_000);
});

test('a DM is read as a join request in either form; anything else is help or a refusal with its reason', () => {
  const text = { authorityId: 'xmtp.org', typeId: 'text', versionMajor: 1, versionMinor: 0 };
  const structured = { ...ContentTypeJoinRequest };
  assert.deepEqual(readJoinRequest({ contentType: text, content: 'join 7' }), { kind: 'join', eventId: 7n });
  assert.deepEqual(readJoinRequest({ contentType: text, content: 'hello' }), { kind: 'help' });
  assert.deepEqual(readJoinRequest({ contentType: structured, content: { eventId: '7' } }), { kind: 'join', eventId: 7n });
  const refusal = (message: Parameters<typeof readJoinRequest>[0]) => {
    const read = readJoinRequest(message);
    return read.kind === 'refused' ? read.reason : `not refused: ${read.kind}`;
  };
  assert.match(
    refusal({ contentType: structured, content: new JoinRequestError('eventId must be a string.') }),
    /^eventId must be a string\.$/,
  );
  assert.match(refusal({ contentType: structured, content: { eventId: 'seven' } }), /positive decimal uint256/);
  assert.match(refusal({ contentType: { ...structured, versionMinor: 1 }, content: undefined }), /reads join-request version 1\.0/);
  assert.match(refusal({ contentType: { ...text, typeId: 'reaction' }, content: {} }), /not xmtp\.org\/reaction:1\.0/);
  assert.match(refusal({ content: 'x' }), /not a message without a content type/);
});
