import type { TicketchatPublicClient } from '@ticketchat/contracts';
import { BlockNotFoundError } from 'viem';
import type { AnchoredCheckpoint } from '../store/agentStore.ts';

/** The largest log index a checkpoint holds: resuming right after it starts at the next block. */
const AFTER_EVERY_LOG = 2 ** 32 - 1;

/**
 * Reorganisations deeper than the agent assumes: the follower runs at the head and the
 * reconciliation reads the last `reorgDepth` blocks again, so a reorganisation that replaced the
 * checkpoint's block, or a chain that rewound below it, would leave logs of the new history unread
 * (a purchase the new history moved into blocks the follower had passed). The checkpoint's block
 * hash tells: when the chain's block at that height has another hash, or none, this returns where
 * to resume: right after the block before `fromBlock`, so the whole history is read again. One
 * anchor cannot tell where the two histories forked, and reading logs again is idempotent (a log
 * only marks an address, which is checked on the chain before anything is done).
 * Returns undefined while the checkpoint is still on the chain, or when it has no recorded hash.
 */
export async function resumeAfterDeepReorg(
  publicClient: TicketchatPublicClient,
  checkpoint: AnchoredCheckpoint | undefined,
  fromBlock: bigint,
): Promise<AnchoredCheckpoint | undefined> {
  if (!checkpoint?.blockHash) return undefined;
  if ((await hashAt(publicClient, checkpoint.blockNumber)) === checkpoint.blockHash) return undefined;
  const safeBlock = fromBlock > 0n ? fromBlock - 1n : 0n;
  const blockHash = await hashAt(publicClient, safeBlock);
  return { blockNumber: safeBlock, logIndex: AFTER_EVERY_LOG, ...(blockHash ? { blockHash } : {}) };
}

async function hashAt(publicClient: TicketchatPublicClient, blockNumber: bigint) {
  try {
    return (await publicClient.getBlock({ blockNumber })).hash;
  } catch (error) {
    // The chain rewound below this height.
    if (error instanceof BlockNotFoundError) return undefined;
    throw error;
  }
}
