/** Bytes <-> message for one protobuf type. */
export interface Codec<T> {
  decode(bytes: Uint8Array): T;
  encode(message: T): Uint8Array;
}

/** Adapts a ts-proto generated message type. */
export function protoCodec<T>(type: { decode(input: Uint8Array): T; encode(message: T): { finish(): Uint8Array } }): Codec<T> {
  return { decode: (bytes) => type.decode(bytes), encode: (message) => type.encode(message).finish() };
}
