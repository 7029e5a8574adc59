import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { MethodTable } from '../api/method.ts';
import { GrpcStatus, type GrpcStatusCode } from '../errors.ts';
import { acceptCall, type CallResponder } from './callRunner.ts';
import { answerPreflight, corsHeaders } from './cors.ts';
import { dataFrame, encodeGrpcMessage, trailerFrame } from './frames.ts';
import type { ShutdownSignal } from './shutdown.ts';

const GRPC_WEB_BINARY = /^application\/grpc-web(\+proto)?$/;
const GRPC_WEB_TEXT = /^application\/grpc-web-text/;
/** Longer than any client idle gap, so browsers reuse connections instead of reconnecting. */
const KEEP_ALIVE_MS = 65_000;

export type PlainRoute = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Binary gRPC-web over HTTP/1.1 for @xmtp/browser-sdk: one request frame in; data frames and a
 * trailer frame out, each message flushed as its own chunk; CORS for cross-origin pages. Streams
 * are never ended by the node except on shutdown: the browser SDK pauses 10 s before reopening.
 * `plainRoutes` get first look at non-gRPC requests (the health endpoint).
 */
export function createGrpcWebServer(methods: MethodTable, log: Logger, shutdown: ShutdownSignal, plainRoutes: PlainRoute[]): Server {
  const server = createServer({ requestTimeout: 0, keepAliveTimeout: KEEP_ALIVE_MS, noDelay: true }, (request, response) => {
    if (request.method === 'OPTIONS') return answerPreflight(request, response);
    const contentType = request.headers['content-type'] ?? '';
    if (request.method === 'POST' && GRPC_WEB_BINARY.test(contentType)) return handleCall(request, response, methods, log, shutdown);
    if (request.method === 'POST' && GRPC_WEB_TEXT.test(contentType)) {
      return trailersOnly(request, response, GrpcStatus.UNIMPLEMENTED, 'grpc-web-text is not supported; use application/grpc-web+proto');
    }
    if (plainRoutes.some((route) => route(request, response))) return;
    response.writeHead(404, { 'content-type': 'text/plain', ...corsHeaders(request) }).end('not found\n');
  });
  server.timeout = 0;
  server.on('clientError', (error, socket) => {
    log.debug({ err: error }, 'malformed HTTP/1.1 request');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
  });
  return server;
}

function handleCall(request: IncomingMessage, response: ServerResponse, methods: MethodTable, log: Logger, shutdown: ShutdownSignal): void {
  acceptCall({
    methods,
    path: request.url ?? '',
    log,
    shutdown,
    body: request,
    connection: response,
    responder: grpcWebResponder(request, response),
    // Stop reading an oversized upload; the connection cannot be reused after that.
    stopReading: () => request.destroy(),
  });
}

function grpcWebResponder(request: IncomingMessage, response: ServerResponse): CallResponder {
  const open = () => {
    if (response.headersSent) return;
    response.writeHead(200, { 'content-type': 'application/grpc-web+proto', ...corsHeaders(request) });
    response.flushHeaders();
  };
  return {
    open,
    send(message) {
      open();
      if (!response.destroyed) response.write(dataFrame(message));
    },
    finish(code, message) {
      if (response.destroyed) return;
      if (!response.headersSent) return trailersOnly(request, response, code, message);
      response.end(trailerFrame(code, message));
    },
  };
}

/** An error answered entirely in HTTP headers, which the client checks before the body. */
function trailersOnly(request: IncomingMessage, response: ServerResponse, code: GrpcStatusCode, message: string): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(200, {
    'content-type': 'application/grpc-web+proto',
    'grpc-status': String(code),
    'grpc-message': encodeGrpcMessage(message),
    ...corsHeaders(request),
  });
  response.end();
}
