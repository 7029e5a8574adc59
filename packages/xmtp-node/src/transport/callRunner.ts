import type { Logger } from 'pino';
import type { CallContext, MethodTable } from '../api/method.ts';
import {
  deadlineExceeded,
  GrpcStatus,
  invalidArgument,
  resourceExhausted,
  toStatus,
  unavailable,
  unimplemented,
  type GrpcStatusCode,
} from '../api/statuses.ts';
import type { NodeLimits } from '../limits/limits.ts';
import type { RateLimiter } from '../limits/rateLimiter.ts';
import { dataFrame, RequestFrameReader } from './frames.ts';
import { SendQueue } from './sendQueue.ts';
import { CLIENT_GONE, type ShutdownSignal } from './shutdown.ts';

/** How a transport answers one call; each call ends with exactly one `finish`. */
export interface CallResponder {
  /** Sends response headers now: clients wait for them before treating a stream as open. */
  open(): void;
  /** Writes one framed message; `taken` runs once it has left the node (the client is reading). */
  send(frame: Uint8Array, taken: () => void): void;
  finish(code: GrpcStatusCode, message: string): void;
  /** Cuts the call without a status, for a client that stopped reading. */
  destroy(): void;
}

/** What every call on a node shares, whatever its transport. */
export interface CallEnvironment {
  methods: MethodTable;
  log: Logger;
  shutdown: ShutdownSignal;
  limits: NodeLimits;
  rateLimiter: RateLimiter;
}

/** One connection's open subscriptions, counted against maxSubscriptionsPerConnection. */
export interface ConnectionState {
  subscriptions: number;
}

export interface IncomingCall {
  environment: CallEnvironment;
  path: string;
  /** The client's IP address, which rate limits are keyed by. */
  clientAddress: string;
  connection: ConnectionState;
  /** The request body, one gRPC frame arriving in chunks. */
  body: { on(event: 'data', listener: (chunk: Buffer) => void): unknown; once(event: 'end', listener: () => void): unknown };
  /** Emits 'close' when the client goes away, which cancels the call. */
  closed: { once(event: 'close', listener: () => void): unknown };
  responder: CallResponder;
  /** Called when the body is refused before it ended (oversized, too slow), to stop reading it. */
  stopReading: () => void;
}

/**
 * Accepts one call on any transport: collects its body (refusing a bad or oversized frame as soon
 * as it shows, and one that does not finish in time), ties its cancellation to the client going
 * away and to shutdown, then runs it.
 */
export function acceptCall({ environment, path, clientAddress, connection, body, closed, responder, stopReading }: IncomingCall): void {
  const { limits, log, shutdown } = environment;
  const calls = new AbortController();
  const queue = new SendQueue(responder, limits, (reason) => calls.abort(reason), calls.signal);
  closed.once('close', () => {
    calls.abort(CLIENT_GONE);
    queue.dispose();
  });
  const releaseShutdown = shutdown.onShutdown(() => calls.abort(unavailable('the node is shutting down')));
  const reader = new RequestFrameReader();
  let refused = false;
  const refuse = (error: unknown) => {
    refused = true;
    clearTimeout(bodyTimer);
    const { code, message } = toStatus(error);
    queue.finish(code, message);
    releaseShutdown();
    stopReading();
  };
  const bodyTimer = setTimeout(
    () => refuse(deadlineExceeded(`the request body did not arrive within ${limits.bodyTimeoutMs} ms`)),
    limits.bodyTimeoutMs,
  );
  body.on('data', (chunk) => {
    if (refused) return;
    try {
      reader.push(chunk);
    } catch (error) {
      refuse(error);
    }
  });
  body.once('end', () => {
    if (refused) return;
    clearTimeout(bodyTimer);
    let request: Uint8Array;
    try {
      request = reader.finish();
    } catch (error) {
      refuse(error);
      return;
    }
    void runCall(environment, { path, clientAddress, connection }, request, queue, { signal: calls.signal, log }).finally(releaseShutdown);
  });
}

/**
 * Runs one call independent of its transport: decode, charge the client, handle, encode, and map
 * every failure to a gRPC status. Nothing a client sends can escape as an exception.
 */
export async function runCall(
  { methods, limits, rateLimiter }: CallEnvironment,
  { path, clientAddress, connection }: Pick<IncomingCall, 'path' | 'clientAddress' | 'connection'>,
  requestBytes: Uint8Array,
  queue: SendQueue,
  context: CallContext,
): Promise<void> {
  const started = performance.now();
  const log = context.log;
  let code: GrpcStatusCode = GrpcStatus.OK;
  let message = '';
  let subscribed = false;
  try {
    const method = methods.get(path);
    if (!method) throw unimplemented(path);
    let request: unknown;
    try {
      request = method.request.decode(requestBytes);
    } catch (error) {
      throw invalidArgument(`malformed ${path.split('/').pop()} request: ${(error as Error).message}`, error);
    }
    rateLimiter.spend(clientAddress, path, request);
    if (method.kind === 'unary') {
      const response = method.response.encode(await method.handle(request, context));
      if (response.length > limits.maxResponseBytes) {
        throw resourceExhausted(
          `response of ${response.length} bytes exceeds the ${limits.maxResponseBytes}-byte limit; ask for a smaller page`,
        );
      }
      void queue.send(dataFrame(response));
    } else {
      if (connection.subscriptions >= limits.maxSubscriptionsPerConnection) {
        throw resourceExhausted(`at most ${limits.maxSubscriptionsPerConnection} subscriptions per connection`);
      }
      connection.subscriptions++;
      subscribed = true;
      queue.open();
      await method.handle(request, context, (response) => queue.send(frameOnce(response as object, method.response.encode)));
      // A stream ended by the node (shutdown, a client too slow) tells the client why, so it reconnects.
      if (context.signal.aborted && context.signal.reason !== CLIENT_GONE) throw context.signal.reason;
    }
  } catch (error) {
    ({ code, message } = toStatus(error));
    if (code === GrpcStatus.INTERNAL) log.error({ err: error, path }, 'call failed');
    else log.debug({ path, code, message, clientAddress }, 'call refused');
  }
  if (subscribed) connection.subscriptions--;
  logCall(log, path, code, started);
  queue.finish(code, message);
}

/** Frames of responses shared by many calls (a message fanned out to its subscribers), built once. */
const sharedFrames = new WeakMap<object, Uint8Array>();

function frameOnce(response: object, encode: (response: unknown) => Uint8Array): Uint8Array {
  let frame = sharedFrames.get(response);
  if (!frame) sharedFrames.set(response, (frame = dataFrame(encode(response))));
  return frame;
}

function logCall(log: Logger, path: string, code: GrpcStatusCode, started: number): void {
  log.trace({ path, code, ms: Math.round((performance.now() - started) * 10) / 10 }, 'call');
}
