import { constants, type Http2Server, type IncomingHttpHeaders, type ServerHttp2Stream, createServer } from 'node:http2';
import { GrpcStatus, type GrpcStatusCode } from '../api/statuses.ts';
import { acceptCall, type CallEnvironment, type CallResponder, type ConnectionState } from './callRunner.ts';
import { encodeGrpcMessage } from './frames.ts';

const GRPC_CONTENT_TYPE = /^application\/grpc(\+proto)?$/;

/**
 * Native gRPC over cleartext HTTP/2 (what @xmtp/node-sdk speaks). Node's http2 module answers
 * keepalive PINGs itself, and an open stream has no idle timeout, so subscriptions stay open for
 * hours; what is bounded is the time to open the first stream, each request body's arrival, and
 * the streams one connection may hold at once.
 */
export function createGrpcHttp2Server(environment: CallEnvironment): Http2Server {
  const { log, limits } = environment;
  const server = createServer({
    // Room for several 25 MiB messages in flight on one connection.
    maxSessionMemory: 512,
    settings: { initialWindowSize: 4 * 1024 * 1024, maxConcurrentStreams: limits.maxStreamsPerConnection },
  });
  const connections = new WeakMap<object, ConnectionState>();
  server.on('session', (session) => {
    connections.set(session, { subscriptions: 0 });
    session.on('error', (error) => log.debug({ err: error }, 'http2 session error'));
    // A connection that never opens a stream (a slowloris) holds a socket and a session for nothing.
    const firstStream = setTimeout(() => session.destroy(), limits.headerTimeoutMs).unref();
    session.once('stream', () => clearTimeout(firstStream));
    session.once('close', () => clearTimeout(firstStream));
  });
  server.on('stream', (stream, headers) => handleStream(stream, headers, environment, connections.get(stream.session!)!));
  server.on('sessionError', (error) => log.debug({ err: error }, 'http2 session error'));
  return server;
}

function handleStream(
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  environment: CallEnvironment,
  connection: ConnectionState,
): void {
  stream.on('error', (error) => environment.log.debug({ err: error }, 'http2 stream error'));
  const path = String(headers[constants.HTTP2_HEADER_PATH] ?? '');
  const responder = http2Responder(stream);
  if (headers[constants.HTTP2_HEADER_METHOD] !== 'POST' || !GRPC_CONTENT_TYPE.test(String(headers['content-type'] ?? ''))) {
    responder.finish(GrpcStatus.UNIMPLEMENTED, 'expected a gRPC POST with content-type application/grpc');
    return;
  }
  acceptCall({
    environment,
    path,
    clientAddress: stream.session?.socket?.remoteAddress ?? 'unknown',
    connection,
    body: stream,
    closed: stream,
    responder,
    // The status is already queued; RST_STREAM(NO_ERROR) then tells the client to stop sending.
    // Not at once: nghttp2 sends a RST_STREAM ahead of a HEADERS frame still queued, which would
    // cost the client its status. Meanwhile nothing more is read, so flow control holds it back.
    stopReading: () => {
      stream.pause();
      setTimeout(() => {
        if (!stream.closed) stream.close(constants.NGHTTP2_NO_ERROR);
      }, STATUS_FLUSH_GRACE_MS).unref();
    },
  });
}

/** How long a refused stream stays open for its status to leave before it is reset. */
const STATUS_FLUSH_GRACE_MS = 250;

function http2Responder(stream: ServerHttp2Stream): CallResponder {
  const respond = (extra: Record<string, string> = {}, endStream = false) => {
    if (stream.headersSent || stream.destroyed) return;
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', ...extra }, endStream ? { endStream } : { waitForTrailers: true });
  };
  return {
    open: () => respond(),
    send(frame, taken) {
      respond();
      if (stream.destroyed) return taken();
      stream.write(frame, () => taken());
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
    destroy: () => stream.close(constants.NGHTTP2_CANCEL),
  };
}
