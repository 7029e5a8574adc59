/*
 * What the node refuses, in its own words. The domain (mls/, identity/), the limits and the
 * subscriptions throw these and know nothing of gRPC; `api/statuses.ts` is the one place that
 * turns them (and everything else thrown) into the status a client is answered with.
 */

/** A request, or bytes inside it, that do not hold what they claim: the client's fault. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
}

/** MLS bytes (a message, welcome, key package or commit-log entry) that do not parse or verify. */
export class MlsValidationError extends InvalidInputError {
  override name = 'MlsValidationError';
}

/** An identity update the node refuses: malformed, out of order, or not signed by whom it must be. */
export class IdentityUpdateError extends InvalidInputError {
  override name = 'IdentityUpdateError';
}

/** A bound on what one client may make the node hold or do (a rate, a response size) was passed. */
export class LimitExceededError extends Error {
  override name = 'LimitExceededError';
}

/** A subscriber fell too far behind the messages sent to it, so its stream is ended. */
export class SubscriberTooSlowError extends Error {
  override name = 'SubscriberTooSlowError';
  constructor() {
    // xmtp-node-go's words, which clients may recognise.
    super('caller did not read all messages fast enough');
  }
}

/** The database cannot be reached right now (refused, cut, shutting down): the request may be retried. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  constructor(options?: { cause?: unknown }) {
    super('the database is unavailable; retry shortly', options);
  }
}

/**
 * Live delivery broke (a replica lost its feed of the writes committed on every replica), so a
 * stream may have missed items: it is ended for its client to resubscribe from its cursor.
 */
export class LiveFeedInterruptedError extends Error {
  override name = 'LiveFeedInterruptedError';
  constructor() {
    super('live delivery was interrupted on this node; resubscribe from your cursor');
  }
}
