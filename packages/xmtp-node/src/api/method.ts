import type { Logger } from 'pino';
import type { Codec } from '../protocol/messageCodec.ts';

export interface CallContext {
  /** Aborted when the client cancels or disconnects, or the node shuts down. */
  signal: AbortSignal;
  log: Logger;
}

export interface UnaryMethod<Req, Res> {
  kind: 'unary';
  request: Codec<Req>;
  response: Codec<Res>;
  handle(request: Req, context: CallContext): Promise<Res>;
}

export interface ServerStreamingMethod<Req, Res> {
  kind: 'server-streaming';
  request: Codec<Req>;
  response: Codec<Res>;
  /**
   * Sends responses through `send` until the call ends; resolves when it is over. `send` resolves
   * once the client has room for more: a handler with many to send (a replay) waits for it.
   */
  handle(request: Req, context: CallContext, send: (response: Res) => Promise<void>): Promise<void>;
}

/** Any method: tables hold many request/response types, and the transport only moves bytes. */
export type Method = UnaryMethod<unknown, unknown> | ServerStreamingMethod<unknown, unknown>;

/** Full gRPC paths ("/xmtp.mls.api.v1.MlsApi/SendGroupMessages") to their methods. */
export type MethodTable = ReadonlyMap<string, Method>;

export const unary = <Req, Res>(
  request: Codec<Req>,
  response: Codec<Res>,
  handle: UnaryMethod<Req, Res>['handle'],
): UnaryMethod<Req, Res> => ({ kind: 'unary', request, response, handle });

export const serverStreaming = <Req, Res>(
  request: Codec<Req>,
  response: Codec<Res>,
  handle: ServerStreamingMethod<Req, Res>['handle'],
): ServerStreamingMethod<Req, Res> => ({ kind: 'server-streaming', request, response, handle });
