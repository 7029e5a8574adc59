import Long from 'long';

/** ts-proto carries uint64 fields as Long; the node counts ids and timestamps in bigint. */
export const toLong = (value: bigint): Long => Long.fromString(value.toString(), true);
export const toBigInt = (value: Long | undefined): bigint => (value ? BigInt(value.toString()) : 0n);
