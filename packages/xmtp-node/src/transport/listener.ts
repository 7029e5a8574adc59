import type { Server as HttpServer } from 'node:http';
import type { Http2Server } from 'node:http2';
import { createServer, type Server, type Socket } from 'node:net';

/** Every HTTP/2 connection opens with this preface; no HTTP/1.1 request line starts with "PRI". */
const HTTP2_PREFACE_START = Buffer.from('PRI');

/**
 * One TCP port for both protocols: cleartext HTTP/2 goes to the gRPC server, everything else to
 * the HTTP/1.1 server (gRPC-web, health). Node's http2 cannot fall back to HTTP/1.1 by itself on
 * cleartext, so the first bytes decide.
 */
export interface DualProtocolListener {
  server: Server;
  /** Destroys every connection the listener accepted, wherever it was routed. */
  destroyConnections(): void;
}

export function createDualProtocolListener(grpc: Http2Server, http1: HttpServer, headerTimeoutMs: number): DualProtocolListener {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    let head = Buffer.alloc(0);
    // A connection that never sends its first bytes would otherwise be held forever.
    const silent = setTimeout(() => socket.destroy(), headerTimeoutMs).unref();
    socket.once('close', () => clearTimeout(silent));
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.length < HTTP2_PREFACE_START.length) return;
      clearTimeout(silent);
      socket.off('data', onData);
      socket.pause();
      socket.unshift(head);
      if (head.subarray(0, HTTP2_PREFACE_START.length).equals(HTTP2_PREFACE_START)) {
        // The HTTP/2 session takes over the socket's handle and picks up the unshifted bytes itself.
        grpc.emit('connection', socket);
      } else {
        // The HTTP/1.1 parser reads 'data' events, which stay off until the socket resumes.
        http1.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  });
  return {
    server,
    destroyConnections() {
      for (const socket of sockets) socket.destroy();
    },
  };
}
