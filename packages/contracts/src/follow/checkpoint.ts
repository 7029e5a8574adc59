import { BaseError } from '@ticketchat/errors';

/** A stored checkpoint string that `decodeCheckpoint` cannot read. */
export class InvalidCheckpointError extends BaseError {
  override name = 'InvalidCheckpointError' as const;
}

export type InvalidCheckpointErrorType = InvalidCheckpointError & { name: 'InvalidCheckpointError' };

/**
 * A position in the chain's log order. "Processed up to here" means every followed log at or before
 * (blockNumber, logIndex) was handed to the consumer; resuming from it skips exactly those.
 */
export type Checkpoint = { blockNumber: bigint; logIndex: number };

/** Negative if `a` comes first in chain order, positive if `b` does, 0 if they are the same log. */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber < b.blockNumber ? -1 : 1;
  return a.logIndex - b.logIndex;
}

// Fixed widths so that encoded checkpoints sort as plain strings in chain order (handy as a database
// key): 20 digits hold any uint64 block number, 10 digits any uint32 log index.
const blockDigits = 20;
const logIndexDigits = 10;

/** A string form for storage, e.g. `00000000000000000042:0000000003`; strings compare in chain order. */
export function encodeCheckpoint(checkpoint: Checkpoint): string {
  return `${checkpoint.blockNumber.toString().padStart(blockDigits, '0')}:${checkpoint.logIndex.toString().padStart(logIndexDigits, '0')}`;
}

export function decodeCheckpoint(encoded: string): Checkpoint {
  const match = /^(\d{20}):(\d{10})$/.exec(encoded);
  if (!match?.[1] || !match[2])
    throw new InvalidCheckpointError(`"${encoded}" is not an encoded checkpoint (block:logIndex, 20 and 10 digits).`);
  return { blockNumber: BigInt(match[1]), logIndex: Number(match[2]) };
}
