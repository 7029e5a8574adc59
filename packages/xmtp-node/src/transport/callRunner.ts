import type { Logger } from 'pino';
import type { CallContext, MethodTable } from '../api/method.ts';
import {
  GrpcStatus,
  NodeError,
  invalidArgument,
  resourceExhausted,
  toStatus,
  unavailable,
  unimplemented,
  type GrpcStatusCode,
} from '../errors.ts';
import { MAX_MESSAGE_BYTES, RequestFrameReader } from './frames.ts';
import { CLIENT_GONE, type ShutdownSignal } from './shutdown.ts';

/** How a transport answers one call; each call ends with exactly one `finish`. */
export interface CallResponder {
  /** Sends response headers now: clients wait for them before treating a stream as open. */
  open(): void;
  send(message: Uint8Array): void;
  finish(code: GrpcStatusCode, message: string): void;
}

export interface IncomingCall {
  methods: MethodTable;
  path: string;
  log: Logger;
  shutdown: ShutdownSignal;
  /** The request body, one gRPC frame arriving in chunks. */
  body: { on(event: 'data', listener: (chunk: Buffer) => void): unknown; once(event: 'end', listener: () => void): unknown };
  /** Emits 'close' when the client goes away, which cancels the call. */
  connection: { once(event: 'close', listener: () => void): unknown };
  responder: CallResponder;
  /** Called when the body is refused before it ended (e.g. oversized), to stop reading it. */
  stopReading?: () => void;
}

/**
 * Accepts one call on any transport: collects its body (refusing a bad or oversized frame as soon
 * as it shows), ties its cancellation to the client going away and to shutdown, then runs it.
 */
export function acceptCall({ methods, path, log, shutdown, body, connection, responder, stopReading }: IncomingCall): void {
  const calls = new AbortController();
  connection.once('close', () => calls.abort(CLIENT_GONE));
  const releaseShutdown = shutdown.onShutdown(() => calls.abort(unavailable('the node is shutting down')));
  const reader = new RequestFrameReader();
  let refused = false;
  const refuse = (error: unknown) => {
    refused = true;
    const { code, message } = toStatus(error);
    responder.finish(code, message);
    releaseShutdown();
  };
  body.on('data', (chunk) => {
    if (refused) return;
    try {
      reader.push(chunk);
    } catch (error) {
      refuse(error);
      stopReading?.();
    }
  });
  body.once('end', () => {
    if (refused) return;
    let request: Uint8Array;
    try {
      request = reader.finish();
    } catch (error) {
      refuse(error);
      return;
    }
    void runCall(methods, path, request, responder, { signal: calls.signal, log }).finally(releaseShutdown);
  });
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
