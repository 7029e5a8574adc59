import { constants, type Http2Server, type IncomingHttpHeaders, type ServerHttp2Stream, createServer } from 'node:http2';
import type { Logger } from 'pino';
import type { MethodTable } from '../api/method.ts';
import { GrpcStatus, type GrpcStatusCode } from '../errors.ts';
import { acceptCall, type CallResponder } from './callRunner.ts';
import { dataFrame, encodeGrpcMessage } from './frames.ts';
import type { ShutdownSignal } from './shutdown.ts';

const GRPC_CONTENT_TYPE = /^application\/grpc(\+proto)?$/;

/**
 * Native gRPC over cleartext HTTP/2 (what @xmtp/node-sdk speaks). Node's http2 module answers
 * keepalive PINGs itself, and no timeout is set, so idle streams stay open for hours.
 */
export function createGrpcHttp2Server(methods: MethodTable, log: Logger, shutdown: ShutdownSignal): Http2Server {
  const server = createServer({
    // Room for several 25 MiB messages in flight on one connection.
    maxSessionMemory: 512,
    settings: { initialWindowSize: 4 * 1024 * 1024 },
  });
  server.on('stream', (stream, headers) => handleStream(stream, headers, methods, log, shutdown));
  server.on('sessionError', (error) => log.debug({ err: error }, 'http2 session error'));
  server.on('session', (session) => session.on('error', (error) => log.debug({ err: error }, 'http2 session error')));
  return server;
}

function handleStream(
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  methods: MethodTable,
  log: Logger,
  shutdown: ShutdownSignal,
): void {
  stream.on('error', (error) => log.debug({ err: error }, 'http2 stream error'));
  const path = String(headers[constants.HTTP2_HEADER_PATH] ?? '');
  const responder = http2Responder(stream);
  if (headers[constants.HTTP2_HEADER_METHOD] !== 'POST' || !GRPC_CONTENT_TYPE.test(String(headers['content-type'] ?? ''))) {
    responder.finish(GrpcStatus.UNIMPLEMENTED, 'expected a gRPC POST with content-type application/grpc');
    return;
  }

  acceptCall({ methods, path, log, shutdown, body: stream, connection: stream, responder });
}

function http2Responder(stream: ServerHttp2Stream): CallResponder {
  const respond = (extra: Record<string, string> = {}, endStream = false) => {
    if (stream.headersSent || stream.destroyed) return;
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', ...extra }, endStream ? { endStream } : { waitForTrailers: true });
  };
  return {
    open: () => respond(),
    send(message) {
      respond();
      if (!stream.destroyed) stream.write(dataFrame(message));
    },
    finish(code: GrpcStatusCode, message: string) {
      if (stream.destroyed || stream.closed) return;
      const status = { 'grpc-status': String(code), 'grpc-message': encodeGrpcMessage(message) };
      if (!stream.headersSent) {
        // Trailers-only: the status travels in the one HEADERS frame.
        respond(status, true);
        return;
      }
      stream.once('wantTrailers', () => stream.sendTrailers(status));
      stream.end();
    },
  };
}
