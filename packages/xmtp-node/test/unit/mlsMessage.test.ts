import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readMlsMessageHeader } from '../../src/mls/mlsMessage.ts';
import { encodeVector, TlsReader } from '../../src/mls/tlsReader.ts';

function privateMessage(contentType: number): Buffer {
  const epoch = Buffer.alloc(8);
  epoch.writeBigUInt64BE(7n);
  return Buffer.concat([
    Buffer.from([0, 1, 0, 2]),
    encodeVector(Buffer.from('group-1')),
    epoch,
    Buffer.from([contentType]),
    encodeVector(new Uint8Array()),
    encodeVector(new Uint8Array(8).fill(1)),
    encodeVector(new Uint8Array(300).fill(2)),
  ]);
}

test('reads group id, epoch and whether a private message is a commit', () => {
  const commit = readMlsMessageHeader(privateMessage(3));
  assert.equal(Buffer.from(commit.groupId).toString(), 'group-1');
  assert.equal(commit.epoch, 7n);
  assert.equal(commit.isCommit, true);
  assert.equal(readMlsMessageHeader(privateMessage(1)).isCommit, false);
});

test('refuses truncated, padded, unknown and wrong-version messages', () => {
  const whole = privateMessage(1);
  assert.throws(() => readMlsMessageHeader(whole.subarray(0, whole.length - 1)), /truncated/);
  assert.throws(() => readMlsMessageHeader(Buffer.concat([whole, Buffer.from([0])])), /trailing/);
  assert.throws(() => readMlsMessageHeader(privateMessage(9)), /content type 9/);
  assert.throws(() => readMlsMessageHeader(Buffer.from([0, 2, 0, 2])), /version 2/);
  assert.throws(() => readMlsMessageHeader(Buffer.from([0, 1, 0, 5])), /wire format 5/);
});

test('variable-length integers round-trip at each size', () => {
  for (const length of [0, 63, 64, 16_383, 16_384, 70_000]) {
    const reader = new TlsReader(encodeVector(new Uint8Array(length)));
    assert.equal(reader.vector('v').length, length);
    reader.expectEnd('vector');
  }
  assert.throws(() => new TlsReader(Buffer.from([0xc0])).varint(), /0b11/);
});
