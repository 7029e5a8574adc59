import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { GrpcStatus, type GrpcStatusCode } from '../api/statuses.ts';
import { acceptCall, type CallEnvironment, type CallResponder, type ConnectionState } from './callRunner.ts';
import { type CorsPolicy } from './cors.ts';
import { encodeGrpcMessage, trailerFrame } from './frames.ts';

const GRPC_WEB_BINARY = /^application\/grpc-web(\+proto)?$/;
const GRPC_WEB_TEXT = /^application\/grpc-web-text/;
/** Longer than any client idle gap, so browsers reuse connections instead of reconnecting. */
const KEEP_ALIVE_MS = 65_000;

export type PlainRoute = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Binary gRPC-web over HTTP/1.1 for @xmtp/browser-sdk: one request frame in; data frames and a
 * trailer frame out, each message flushed as its own chunk; CORS for the allowed origins. Streams
 * are never ended by the node except on shutdown or a client too slow to read: the browser SDK
 * pauses 10 s before reopening. Request headers and bodies must arrive in time.
 * `plainRoutes` get first look at non-gRPC requests (the health endpoint).
 */
export function createGrpcWebServer(environment: CallEnvironment, cors: CorsPolicy, plainRoutes: PlainRoute[]): Server {
  const { log, limits } = environment;
  const connections = new WeakMap<Socket, ConnectionState>();
  const server = createServer(
    {
      headersTimeout: limits.headerTimeoutMs,
      // Node's own backstop for a request that never completes; gRPC calls end first, with a status.
      requestTimeout: limits.headerTimeoutMs + limits.bodyTimeoutMs + 1000,
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(limits.headerTimeoutMs / 4))),
      keepAliveTimeout: KEEP_ALIVE_MS,
      noDelay: true,
    },
    (request, response) => {
      if (request.method === 'OPTIONS') return cors.answerPreflight(request, response);
      const contentType = request.headers['content-type'] ?? '';
      if (request.method === 'POST' && GRPC_WEB_BINARY.test(contentType)) {
        let connection = connections.get(request.socket);
        if (!connection) connections.set(request.socket, (connection = { subscriptions: 0 }));
        return handleCall(request, response, environment, cors, connection);
      }
      if (request.method === 'POST' && GRPC_WEB_TEXT.test(contentType)) {
        return trailersOnly(
          response,
          cors.headers(request),
          GrpcStatus.UNIMPLEMENTED,
          'grpc-web-text is not supported; use application/grpc-web+proto',
        );
      }
      if (plainRoutes.some((route) => route(request, response))) return;
      response.writeHead(404, { 'content-type': 'text/plain', ...cors.headers(request) }).end('not found\n');
    },
  );
  server.timeout = 0;
  // Node runs its header and request timeout checks from the moment a server listens. This one
  // never listens itself (the dual-protocol listener hands it connections), so start them here.
  server.emit('listening');
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    log.debug({ err: error }, 'malformed or timed-out HTTP/1.1 request');
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`);
    else socket.destroy();
  });
  return server;
}

function handleCall(
  request: IncomingMessage,
  response: ServerResponse,
  environment: CallEnvironment,
  cors: CorsPolicy,
  connection: ConnectionState,
): void {
  acceptCall({
    environment,
    path: request.url ?? '',
    clientAddress: request.socket.remoteAddress ?? 'unknown',
    connection,
    body: request,
    closed: response,
    responder: grpcWebResponder(response, cors.headers(request)),
    // Stop reading a refused upload; the connection cannot be reused after that.
    stopReading: () => {
      if (!request.complete) request.destroy();
    },
  });
}

function grpcWebResponder(response: ServerResponse, corsHeaders: Record<string, string>): CallResponder {
  const open = () => {
    if (response.headersSent) return;
    response.writeHead(200, { 'content-type': 'application/grpc-web+proto', ...corsHeaders });
    response.flushHeaders();
  };
  return {
    open,
    send(frame, taken) {
      open();
      if (response.destroyed) return taken();
      response.write(frame, () => taken());
    },
    finish(code, message) {
      if (response.destroyed) return;
      if (!response.headersSent) return trailersOnly(response, corsHeaders, code, message);
      response.end(trailerFrame(code, message));
    },
    destroy: () => response.destroy(),
  };
}

/** An error answered entirely in HTTP headers, which the client checks before the body. */
function trailersOnly(response: ServerResponse, corsHeaders: Record<string, string>, code: GrpcStatusCode, message: string): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(200, {
    'content-type': 'application/grpc-web+proto',
    'grpc-status': String(code),
    'grpc-message': encodeGrpcMessage(message),
    ...corsHeaders,
  });
  response.end();
}
