/* The join request codec as a hostile sender would use it: every malformed body is a JoinRequestError with a sentence. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContentTypeJoinRequest, joinRequestCodec, JoinRequestError, type EncodedJoinRequest } from '../../src/index.ts';

const body = (content: string | Uint8Array, extra: Partial<EncodedJoinRequest> = {}): EncodedJoinRequest => ({
  type: { ...ContentTypeJoinRequest },
  parameters: {},
  content: typeof content === 'string' ? new TextEncoder().encode(content) : content,
  ...extra,
});

test('a join request round-trips, with the text request as its fallback', () => {
  const largest = (2n ** 256n - 1n).toString();
  for (const eventId of ['1', '42', largest]) {
    const encoded = joinRequestCodec.encode({ eventId });
    assert.deepEqual(joinRequestCodec.decode(encoded), { eventId });
    assert.equal(encoded.fallback, `join ${eventId}`);
    assert.deepEqual(encoded.type, ContentTypeJoinRequest);
  }
  assert.equal(joinRequestCodec.fallback({ eventId: '7' }), 'join 7');
  // Fields a later minor version may add are ignored.
  assert.deepEqual(joinRequestCodec.decode(body('{"eventId":"7","note":"hi"}')), { eventId: '7' });
});

test('malformed join requests are refused with a reason, whatever their shape', () => {
  const cases: [string, EncodedJoinRequest, RegExp][] = [
    ['a number', body('{"eventId":7}'), /must be a string .* got a number/],
    ['null', body('{"eventId":null}'), /got a null/],
    ['an object', body('{"eventId":{"n":"7"}}'), /got a object/],
    ['missing', body('{}'), /needs an eventId/],
    ['an array', body('["7"]'), /JSON object/],
    ['a bare string', body('"join 7"'), /JSON object/],
    ['non-numeric', body('{"eventId":"seven"}'), /positive decimal uint256/],
    ['hex', body('{"eventId":"0x07"}'), /positive decimal uint256/],
    ['an exponent', body('{"eventId":"1e3"}'), /positive decimal uint256/],
    ['negative', body('{"eventId":"-7"}'), /positive decimal uint256/],
    ['zero', body('{"eventId":"0"}'), /positive decimal uint256/],
    ['a leading zero', body('{"eventId":"07"}'), /positive decimal uint256/],
    ['spaces', body('{"eventId":" 7"}'), /positive decimal uint256/],
    ['past uint256', body(`{"eventId":"${2n ** 256n}"}`), /positive decimal uint256/],
    ['huge', body(`{"eventId":"${'9'.repeat(900)}"}`), /positive decimal uint256/],
    ['oversized', body(`{"eventId":"7","pad":"${'x'.repeat(2_000)}"}`), /at most 1024 bytes/],
    ['not JSON', body('join 7'), /UTF-8 JSON/],
    ['not UTF-8', body(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), /UTF-8 JSON/],
    ['empty', body(''), /UTF-8 JSON/],
    ['compressed', body('{"eventId":"7"}', { compression: 0 }), /must not be compressed/],
  ];
  for (const [label, encoded, reason] of cases) {
    assert.throws(
      () => joinRequestCodec.decode(encoded),
      (error: unknown) => error instanceof JoinRequestError && reason.test(error.shortMessage),
      label,
    );
  }
  assert.throws(() => joinRequestCodec.encode({ eventId: 'abc' }), JoinRequestError, 'encoding checks too');
});
