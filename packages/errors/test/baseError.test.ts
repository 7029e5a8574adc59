import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BaseError, sentenceOf } from '../src/index.ts';

class RevertedError extends BaseError {
  override name = 'RevertedError' as const;
}

class MintError extends BaseError {
  override name = 'MintError' as const;
  constructor(title: string, cause: unknown) {
    super(`Minting "${title}" failed: ${sentenceOf(cause)}`, { cause, metaMessages: [`Event: ${title}`] });
  }
}

test("a wrapper's sentence carries its cause's own sentence; details come from the deepest layer", () => {
  const rpc = new Error('execution reverted: 0x8e4a23d6');
  const revert = new RevertedError('Event 3 is sold out (capacity 2).', { cause: rpc });
  const mint = new MintError('Rooftop', revert);
  assert.equal(mint.shortMessage, 'Minting "Rooftop" failed: Event 3 is sold out (capacity 2).');
  assert.equal(revert.details, 'execution reverted: 0x8e4a23d6');
  assert.equal(mint.details, 'execution reverted: 0x8e4a23d6', "the cause's details, not its sentence again");
  assert.equal(
    mint.message,
    [
      'Minting "Rooftop" failed: Event 3 is sold out (capacity 2).',
      '',
      'Event: Rooftop',
      '',
      'Details: execution reverted: 0x8e4a23d6',
    ].join('\n'),
  );
  assert.equal(mint.name, 'MintError');
  assert.equal(mint.cause, revert);
});

test('walk finds an error in the cause chain, or the deepest one', () => {
  const root = new TypeError('socket hang up');
  const middle = new RevertedError('The chain could not be read.', { cause: root });
  const top = new BaseError('Discovery failed.', { cause: middle });
  assert.equal(
    top.walk((error) => error instanceof RevertedError),
    middle,
  );
  assert.equal(top.walk(), root);
  assert.equal(
    top.walk((error) => error instanceof RangeError),
    undefined,
  );
  const alone = new BaseError('alone');
  assert.equal(alone.walk(), alone);
});

test('without a cause there are no details; a docs path and non-Error causes are rendered', () => {
  const plain = new BaseError('Something is off.', { docsPath: 'ARCHITECTURE.md#errors' });
  assert.equal(plain.details, '');
  assert.equal(plain.docsPath, 'ARCHITECTURE.md#errors');
  assert.equal(plain.message, 'Something is off.\nDocs: ARCHITECTURE.md#errors');
  assert.equal(new BaseError('Wrapped.', { cause: 'a string' }).details, 'a string');
  assert.equal(sentenceOf(new Error('first line\nsecond line')), 'first line');
});
