import { GrpcStatus, NodeError, resourceExhausted, type GrpcStatusCode } from '../api/statuses.ts';

/** The SDKs' own cap on a gRPC message (libxmtp GRPC_PAYLOAD_LIMIT) in both directions. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
const FRAME_HEADER_BYTES = 5;
const FLAG_DATA = 0x00;
const FLAG_COMPRESSED = 0x01;
const FLAG_TRAILERS = 0x80;

/**
 * Collects a request body that must be exactly one uncompressed gRPC frame. Feed it chunks as they
 * arrive: it refuses an oversized message as soon as the frame header announces it, so the node
 * never buffers more than the limit.
 */
export class RequestFrameReader {
  private readonly chunks: Buffer[] = [];
  private received = 0;
  private declaredLength: number | undefined;

  constructor(private readonly maxMessageBytes = MAX_MESSAGE_BYTES) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.received += chunk.length;
    if (this.declaredLength === undefined && this.received >= FRAME_HEADER_BYTES) {
      const header = Buffer.concat(this.chunks).subarray(0, FRAME_HEADER_BYTES);
      if (header[0]! & FLAG_COMPRESSED) throw new NodeError(GrpcStatus.UNIMPLEMENTED, 'compressed messages are not supported');
      if (header[0] !== FLAG_DATA)
        throw new NodeError(GrpcStatus.INVALID_ARGUMENT, `unexpected gRPC frame flags 0x${header[0]!.toString(16)}`);
      this.declaredLength = header.readUInt32BE(1);
      if (this.declaredLength > this.maxMessageBytes) {
        throw resourceExhausted(`request message of ${this.declaredLength} bytes exceeds the ${this.maxMessageBytes}-byte limit`);
      }
    }
    if (this.declaredLength !== undefined && this.received > FRAME_HEADER_BYTES + this.declaredLength) {
      throw new NodeError(GrpcStatus.INVALID_ARGUMENT, 'request body holds more than one gRPC message');
    }
  }

  /** The message, once the body has ended. */
  finish(): Uint8Array {
    if (this.declaredLength === undefined || this.received !== FRAME_HEADER_BYTES + this.declaredLength) {
      throw new NodeError(GrpcStatus.INVALID_ARGUMENT, `request body of ${this.received} bytes is not one complete gRPC message`);
    }
    return Buffer.concat(this.chunks).subarray(FRAME_HEADER_BYTES);
  }
}

export function dataFrame(message: Uint8Array): Buffer {
  return frame(FLAG_DATA, message);
}

/** gRPC-web carries trailers in the body, as a frame of HTTP/1-style header lines. */
export function trailerFrame(code: GrpcStatusCode, message: string): Buffer {
  return frame(FLAG_TRAILERS, Buffer.from(`grpc-status:${code}\r\ngrpc-message:${encodeGrpcMessage(message)}\r\n`));
}

function frame(flags: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  out[0] = flags;
  out.writeUInt32BE(payload.length, 1);
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

/** grpc-message is percent-encoded (gRPC over HTTP/2 spec), so any UTF-8 text survives. */
export function encodeGrpcMessage(message: string): string {
  return encodeURIComponent(message).replace(/%20/g, ' ');
}
