import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../src/limits/rateLimiter.ts';

const READ = '/xmtp.mls.api.v1.MlsApi/QueryGroupMessages';
const WRITE = '/xmtp.mls.api.v1.MlsApi/SendGroupMessages';

function limiter(allowList: string[] = []) {
  let now = 0;
  const rate = new RateLimiter({ readsPerWindow: 4, writesPerWindow: 2, rateWindowMs: 1000, rateLimitAllowList: allowList }, () => now);
  return { rate, advance: (ms: number) => (now += ms) };
}

test('a bucket holds a window of calls and refills evenly over the window', () => {
  const { rate, advance } = limiter();
  for (let n = 0; n < 4; n++) rate.spend('10.0.0.1', READ, {});
  assert.throws(() => rate.spend('10.0.0.1', READ, {}), /rate limit/);
  rate.spend('10.0.0.2', READ, {});
  advance(250);
  rate.spend('10.0.0.1', READ, {});
  assert.throws(() => rate.spend('10.0.0.1', READ, {}), /rate limit/);
});

test('writes are charged per message, apart from reads', () => {
  const { rate } = limiter();
  assert.throws(() => rate.spend('10.0.0.1', WRITE, { messages: [1, 2, 3] }), /2 writes per 1 s/);
  rate.spend('10.0.0.1', WRITE, { messages: [1, 2] });
  rate.spend('10.0.0.1', READ, {});
});

test('the allow-list: loopback in every spelling, and exact addresses', () => {
  const { rate } = limiter(['loopback', '10.9.9.9']);
  for (const address of ['127.0.0.1', '127.8.0.1', '::1', '::ffff:127.0.0.1', '10.9.9.9', '::ffff:10.9.9.9']) {
    for (let n = 0; n < 10; n++) rate.spend(address, READ, {});
  }
  for (let n = 0; n < 4; n++) rate.spend('10.9.9.8', READ, {});
  assert.throws(() => rate.spend('10.9.9.8', READ, {}), /rate limit/);
});
