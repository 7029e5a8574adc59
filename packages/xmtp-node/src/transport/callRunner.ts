import type { Logger } from 'pino';
import type { CallContext, MethodTable } from '../api/method.ts';
import { GrpcStatus, NodeError, invalidArgument, resourceExhausted, toStatus, unimplemented, type GrpcStatusCode } from '../errors.ts';
import { MAX_MESSAGE_BYTES } from './frames.ts';

/** How a transport answers one call; each call ends with exactly one `finish`. */
export interface CallResponder {
  /** Sends response headers now: clients wait for them before treating a stream as open. */
  open(): void;
  send(message: Uint8Array): void;
  finish(code: GrpcStatusCode, message: string): void;
}

/**
 * Runs one call independent of its transport: decode, handle, encode, and map every failure to a
 * gRPC status. Nothing a client sends can escape as an exception.
 */
export async function runCall(
  methods: MethodTable,
  path: string,
  requestBytes: Uint8Array,
  responder: CallResponder,
  context: CallContext,
): Promise<void> {
  const started = performance.now();
  const log = context.log;
  let code: GrpcStatusCode = GrpcStatus.OK;
  let message = '';
  try {
    const method = methods.get(path);
    if (!method) throw unimplemented(path);
    let request: unknown;
    try {
      request = method.request.decode(requestBytes);
    } catch (error) {
      throw invalidArgument(`malformed ${path.split('/').pop()} request: ${(error as Error).message}`, error);
    }
    if (method.kind === 'unary') {
      const response = method.response.encode(await method.handle(request, context));
      if (response.length > MAX_MESSAGE_BYTES) {
        throw resourceExhausted(`response of ${response.length} bytes exceeds the ${MAX_MESSAGE_BYTES}-byte limit; ask for a smaller page`);
      }
      responder.send(response);
    } else {
      responder.open();
      await method.handle(request, context, (response) => responder.send(method.response.encode(response)));
      // A stream ended by the node (shutdown) tells the client why, so it reconnects.
      if (context.signal.reason instanceof NodeError) throw context.signal.reason;
    }
  } catch (error) {
    ({ code, message } = toStatus(error));
    if (code === GrpcStatus.INTERNAL) log.error({ err: error, path }, 'call failed');
    else log.debug({ path, code, message }, 'call refused');
  }
  logCall(log, path, code, started);
  responder.finish(code, message);
}

function logCall(log: Logger, path: string, code: GrpcStatusCode, started: number): void {
  log.trace({ path, code, ms: Math.round((performance.now() - started) * 10) / 10 }, 'call');
}
