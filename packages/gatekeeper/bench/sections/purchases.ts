/*
 * The sale, paced: `perBlock` purchases mined together every `blockMs`, automining paused for the
 * whole sale so each block holds exactly its share. A buyer's purchase counts as mined when anvil
 * answered the `evm_mine` that mined its block.
 */
import type { Hash } from 'viem';
import { anvilRpc, confirmPurchases, newWallet, sendPurchases, type TestStack, type Wallet } from '../../test/fixtures/agentStack.ts';
import { epochMs } from '../fleet/protocol.ts';

/** Fresh funded wallets, funded `concurrency` at a time (one `anvil_setBalance` each). */
export async function fundedWallets(stack: TestStack, count: number, concurrency = 50): Promise<Wallet[]> {
  const wallets: Wallet[] = [];
  while (wallets.length < count) {
    const batch = Math.min(concurrency, count - wallets.length);
    wallets.push(...(await Promise.all(Array.from({ length: batch }, () => newWallet(stack)))));
  }
  return wallets;
}

export interface PacedSale {
  /** When each wallet's purchase was mined (epoch ms), by the wallet's position. */
  minedAt: number[];
  blocks: number;
  /** When the sale began and when its last block was mined. */
  startedAt: number;
  endedAt: number;
}

export async function buyPaced(
  stack: TestStack,
  wallets: Wallet[],
  eventId: bigint,
  options: { perBlock: number; blockMs: number; progress?: (line: string) => void },
): Promise<PacedSale> {
  const { perBlock, blockMs, progress } = options;
  const rpc = anvilRpc(stack);
  const minedAt: number[] = [];
  const hashes: Hash[] = [];
  const startedAt = epochMs();
  await rpc('evm_setAutomine', [false]);
  try {
    for (let start = 0; start < wallets.length; start += perBlock) {
      const nextSlot = epochMs() + blockMs;
      const block = wallets.slice(start, start + perBlock);
      hashes.push(...(await sendPurchases(stack, block, eventId)));
      await rpc('evm_mine');
      const mined = epochMs();
      for (const _ of block) minedAt.push(mined);
      if ((start / perBlock) % 10 === 0) progress?.(`sale: ${start + block.length}/${wallets.length} purchases mined`);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextSlot - epochMs())));
    }
  } finally {
    await rpc('evm_setAutomine', [true]);
  }
  const endedAt = minedAt.at(-1) ?? startedAt;
  await confirmPurchases(stack, hashes);
  return { minedAt, blocks: Math.ceil(wallets.length / perBlock), startedAt, endedAt };
}
