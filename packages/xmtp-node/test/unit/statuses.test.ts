import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GrpcStatus, NodeError, toStatus } from '../../src/api/statuses.ts';
import {
  IdentityUpdateError,
  InvalidInputError,
  LimitExceededError,
  LiveFeedInterruptedError,
  MlsValidationError,
  StoreUnavailableError,
  SubscriberTooSlowError,
} from '../../src/errors.ts';
import { KeyPackageError } from '../../src/mls/keyPackage.ts';
import { TlsDecodeError } from '../../src/mls/tlsReader.ts';

test('every refusal of the layers below the API gets its status in toStatus, with its own message', () => {
  assert.deepEqual(toStatus(new IdentityUpdateError('action 0: no signature')), {
    code: GrpcStatus.INVALID_ARGUMENT,
    message: 'invalid identity update: action 0: no signature',
  });
  for (const error of [
    new MlsValidationError('messages[0]: truncated'),
    new KeyPackageError('messages[0]: truncated'),
    new TlsDecodeError('messages[0]: truncated'),
  ]) {
    assert.deepEqual(toStatus(error), { code: GrpcStatus.INVALID_ARGUMENT, message: 'messages[0]: truncated' });
  }
  assert.deepEqual(toStatus(new InvalidInputError('too many topics')), { code: GrpcStatus.INVALID_ARGUMENT, message: 'too many topics' });
  assert.deepEqual(toStatus(new LimitExceededError('rate limit')), { code: GrpcStatus.RESOURCE_EXHAUSTED, message: 'rate limit' });
  assert.deepEqual(toStatus(new SubscriberTooSlowError()), {
    code: GrpcStatus.ABORTED,
    message: 'caller did not read all messages fast enough',
  });
  assert.deepEqual(toStatus(new StoreUnavailableError({ cause: new Error('connect ECONNREFUSED 10.0.0.5:5432') })), {
    code: GrpcStatus.UNAVAILABLE,
    message: 'the database is unavailable; retry shortly',
  });
  assert.deepEqual(toStatus(new LiveFeedInterruptedError()), {
    code: GrpcStatus.UNAVAILABLE,
    message: 'live delivery was interrupted on this node; resubscribe from your cursor',
  });
  assert.deepEqual(toStatus(new NodeError(GrpcStatus.UNAVAILABLE, 'shutting down')), {
    code: GrpcStatus.UNAVAILABLE,
    message: 'shutting down',
  });
});

test('anything else is INTERNAL and shows the client nothing of what failed', () => {
  for (const thrown of [new Error('SQLITE_CORRUPT at /var/lib/xmtp/node.db'), new TypeError('x is undefined'), 'a string', undefined]) {
    assert.deepEqual(toStatus(thrown), { code: GrpcStatus.INTERNAL, message: 'internal error' });
  }
});
