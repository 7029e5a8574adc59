import {
  IdentityUpdateError,
  InvalidInputError,
  LimitExceededError,
  LiveFeedInterruptedError,
  StoreUnavailableError,
  SubscriberTooSlowError,
} from '../errors.ts';

/** gRPC status codes the node answers with (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

export type GrpcStatusCode = (typeof GrpcStatus)[keyof typeof GrpcStatus];

/**
 * A refusal by the API or transport layers, which speak gRPC: it carries the status to answer with.
 * The layers below throw their own errors (`../errors.ts`), which `toStatus` maps.
 */
export class NodeError extends Error {
  override name = 'NodeError';
  constructor(
    readonly code: GrpcStatusCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const invalidArgument = (message: string, cause?: unknown) => new NodeError(GrpcStatus.INVALID_ARGUMENT, message, { cause });

export const resourceExhausted = (message: string) => new NodeError(GrpcStatus.RESOURCE_EXHAUSTED, message);

export const deadlineExceeded = (message: string) => new NodeError(GrpcStatus.DEADLINE_EXCEEDED, message);

export const unimplemented = (method: string) => new NodeError(GrpcStatus.UNIMPLEMENTED, `${method} is not implemented by this node`);

export const unavailable = (message: string) => new NodeError(GrpcStatus.UNAVAILABLE, message);

/**
 * The one place a failure becomes the status and message a client is answered with, whichever
 * layer threw it and whichever transport carries the call. Anything unknown is a node bug: INTERNAL,
 * with nothing of it shown to the client.
 */
export function toStatus(error: unknown): { code: GrpcStatusCode; message: string } {
  if (error instanceof NodeError) return { code: error.code, message: error.message };
  if (error instanceof IdentityUpdateError)
    return { code: GrpcStatus.INVALID_ARGUMENT, message: `invalid identity update: ${error.message}` };
  if (error instanceof InvalidInputError) return { code: GrpcStatus.INVALID_ARGUMENT, message: error.message };
  if (error instanceof LimitExceededError) return { code: GrpcStatus.RESOURCE_EXHAUSTED, message: error.message };
  // ABORTED, as xmtp-node-go ends a subscriber that falls behind; clients resubscribe.
  if (error instanceof SubscriberTooSlowError) return { code: GrpcStatus.ABORTED, message: error.message };
  // UNAVAILABLE is what clients retry (and resubscribe on), like a node going away.
  if (error instanceof StoreUnavailableError || error instanceof LiveFeedInterruptedError)
    return { code: GrpcStatus.UNAVAILABLE, message: error.message };
  return { code: GrpcStatus.INTERNAL, message: 'internal error' };
}
