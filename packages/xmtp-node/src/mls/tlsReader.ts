import { MlsValidationError } from '../errors.ts';

/** Thrown when bytes do not hold the TLS-encoded structure they claim to. */
export class TlsDecodeError extends MlsValidationError {
  override name = 'TlsDecodeError';
}

/**
 * A bounds-checked reader for the TLS presentation language as MLS uses it (RFC 9420 §2.1):
 * big-endian integers and vectors prefixed with a QUIC-style variable-length integer.
 */
export class TlsReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private take(length: number, what: string): Uint8Array {
    if (length > this.remaining) {
      throw new TlsDecodeError(`truncated: ${what} needs ${length} bytes, ${this.remaining} left at offset ${this.offset}`);
    }
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  uint8(what = 'uint8'): number {
    return this.take(1, what)[0]!;
  }

  uint16(what = 'uint16'): number {
    const b = this.take(2, what);
    return (b[0]! << 8) | b[1]!;
  }

  uint32(what = 'uint32'): number {
    const b = this.take(4, what);
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0);
  }

  uint64(what = 'uint64'): bigint {
    const b = this.take(8, what);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0);
  }

  /**
   * RFC 9420 §2.1.2: the top two bits of the first byte give the length of the integer, which
   * must be the shortest that holds the value (tls_codec, and so every client, refuses others).
   */
  varint(what = 'vector length'): number {
    const start = this.offset;
    const first = this.uint8(what);
    const prefix = first >> 6;
    let value: number;
    if (prefix === 0) return first & 0x3f;
    if (prefix === 1) value = ((first & 0x3f) << 8) | this.uint8(what);
    else if (prefix === 2) {
      const rest = this.take(3, what);
      value = (first & 0x3f) * 2 ** 24 + (rest[0]! << 16) + (rest[1]! << 8) + rest[2]!;
    } else throw new TlsDecodeError(`invalid variable-length integer prefix 0b11 for ${what} at offset ${start}`);
    if (value < (prefix === 1 ? 0x40 : 0x4000)) {
      throw new TlsDecodeError(`${what} at offset ${start} is not minimally encoded`);
    }
    return value;
  }

  vector(what: string): Uint8Array {
    return this.take(this.varint(what), what);
  }

  /** A vector holding a fixed-size value, such as a key of a known algorithm. */
  vectorOfLength(what: string, length: number): Uint8Array {
    const bytes = this.vector(what);
    if (bytes.length !== length) throw new TlsDecodeError(`${what} is ${bytes.length} bytes, expected ${length}`);
    return bytes;
  }

  /** A vector whose content is a structure of its own, read by the returned reader. */
  sub(what: string): TlsReader {
    return new TlsReader(this.vector(what));
  }

  /** Consumes what is left, for opaque content. */
  skipRest(): void {
    this.offset = this.bytes.length;
  }

  /** A vector of structures (`T items<V>`): each item is read until the vector's bytes are used up exactly. */
  list<T>(what: string, readItem: (reader: TlsReader, index: number) => T): T[] {
    const items = new TlsReader(this.vector(what));
    const out: T[] = [];
    while (items.remaining > 0) out.push(readItem(items, out.length));
    return out;
  }

  /** `optional<T>`: a presence byte, 0 or 1, then the value when present. */
  optional<T>(what: string, read: (reader: TlsReader) => T): T | undefined {
    const present = this.uint8(`${what} presence`);
    if (present === 0) return undefined;
    if (present === 1) return read(this);
    throw new TlsDecodeError(`${what} presence byte is ${present}, expected 0 or 1`);
  }

  /** The bytes read so far, for signatures computed over a structure's prefix. */
  consumed(from = 0): Uint8Array {
    return this.bytes.subarray(from, this.offset);
  }

  expectEnd(what: string): void {
    if (this.remaining !== 0) throw new TlsDecodeError(`${this.remaining} unexpected trailing bytes after ${what}`);
  }
}

/** Encodes a vector the way TLS/MLS does, for building the structures signatures cover. */
export function encodeVector(content: Uint8Array): Uint8Array {
  const length = content.length;
  let header: Uint8Array;
  if (length < 0x40) header = Uint8Array.of(length);
  else if (length < 0x4000) header = Uint8Array.of(0x40 | (length >> 8), length & 0xff);
  else if (length < 0x40000000) {
    header = Uint8Array.of(0x80 | (length >>> 24), (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff);
  } else throw new TlsDecodeError(`vector of ${length} bytes is too long to encode`);
  const out = new Uint8Array(header.length + length);
  out.set(header);
  out.set(content, header.length);
  return out;
}
