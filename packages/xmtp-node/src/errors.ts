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
 * The one error type handlers throw. It carries the gRPC status the transports answer with, so a
 * failure is classified where it is detected and every transport reports it the same way.
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

/** Maps anything thrown by a handler to a status and a message safe to show a client. */
export function toStatus(error: unknown): { code: GrpcStatusCode; message: string } {
  if (error instanceof NodeError) return { code: error.code, message: error.message };
  return { code: GrpcStatus.INTERNAL, message: 'internal error' };
}
