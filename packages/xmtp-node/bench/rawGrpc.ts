import { randomBytes } from 'node:crypto';
import { type ClientHttp2Session, connect, constants } from 'node:http2';
import { encodeVector } from '../src/mls/tlsReader.ts';

/**
 * A minimal gRPC-over-HTTP/2 client for the node-only figures: no MLS, no SDK, so what it measures
 * is the node (HTTP/2, protobuf, SQLite, fan-out) and the loopback, nothing on the client side.
 */
export class RawGrpcConnection {
  private constructor(private readonly session: ClientHttp2Session) {}

  static async open(url: string): Promise<RawGrpcConnection> {
    const session = connect(url);
    await new Promise<void>((resolve, reject) => {
      session.once('connect', () => resolve());
      session.once('error', reject);
    });
    session.on('error', () => undefined);
    return new RawGrpcConnection(session);
  }

  /** One unary call; resolves with the response message, rejects on a non-OK grpc-status. */
  unary(path: string, request: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const messages: Uint8Array[] = [];
      const stream = this.call(path, request, (message) => messages.push(message));
      stream.on('trailers', (trailers) => {
        const status = Number(trailers['grpc-status'] ?? 0);
        if (status === 0) resolve(messages[0] ?? new Uint8Array());
        else reject(new Error(`${path}: grpc-status ${status} ${String(trailers['grpc-message'] ?? '')}`));
      });
      stream.on('error', reject);
    });
  }

  /** A server-streaming call; `onMessage` sees each response message. Resolves once the node has sent its headers. */
  async serverStream(path: string, request: Uint8Array, onMessage: (message: Uint8Array) => void): Promise<{ close(): void }> {
    const stream = this.call(path, request, onMessage);
    stream.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      stream.once('response', () => resolve());
      stream.once('error', reject);
    });
    return { close: () => stream.close(constants.NGHTTP2_CANCEL) };
  }

  close(): void {
    this.session.close();
  }

  private call(path: string, request: Uint8Array, onMessage: (message: Uint8Array) => void) {
    const stream = this.session.request({
      [constants.HTTP2_HEADER_METHOD]: 'POST',
      [constants.HTTP2_HEADER_PATH]: path,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    const frames = new GrpcFrameReader(onMessage);
    stream.on('data', (chunk: Buffer) => frames.push(chunk));
    stream.end(grpcFrame(request));
    return stream;
  }
}

const FRAME_HEADER_BYTES = 5;

function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + message.length);
  frame[0] = 0;
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, FRAME_HEADER_BYTES);
  return frame;
}

/** Splits a response body into length-prefixed gRPC messages, across chunk boundaries. */
class GrpcFrameReader {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onMessage: (message: Uint8Array) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= FRAME_HEADER_BYTES) {
      const length = this.pending.readUInt32BE(1);
      if (this.pending.length < FRAME_HEADER_BYTES + length) return;
      this.onMessage(this.pending.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length));
      this.pending = this.pending.subarray(FRAME_HEADER_BYTES + length);
    }
  }
}

/**
 * An MLSMessage carrying a PrivateMessage (RFC 9420 §6.3) with random ciphertext, shaped as the
 * node's whole-message parser requires (28-byte sender data), so it is stored and fanned out
 * exactly like a real encrypted application message of the same size. Random bytes also keep the node's duplicate check from dropping it.
 */
export function syntheticApplicationMessage(groupId: Uint8Array, ciphertextBytes: number): Uint8Array {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(1, 0); // protocol version mls10
  header.writeUInt16BE(2, 2); // wire format: private message
  const epoch = Buffer.alloc(8);
  epoch.writeBigUInt64BE(1n);
  return Buffer.concat([
    header,
    encodeVector(groupId),
    epoch,
    Uint8Array.of(1), // content type: application
    encodeVector(new Uint8Array()), // authenticated_data
    encodeVector(randomBytes(28)), // encrypted_sender_data: what sender data encrypts to
    encodeVector(randomBytes(ciphertextBytes)),
  ]);
}
