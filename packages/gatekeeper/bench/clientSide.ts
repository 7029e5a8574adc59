/* What the benchmarks time from the outside: a kiosk call mined, and a member's own client seeing its removal. */
import { ticketKioskAbi } from '@ticketchat/contracts';
import type { Group } from '@xmtp/node-sdk';
import { TICKET_PRICE, type TestStack, type Wallet } from '../test/fixtures/agentStack.ts';

/** Sends a kiosk call and returns once it is mined (anvil mines on receipt) with the moment it was. */
export async function sendMined(
  stack: TestStack,
  wallet: Wallet,
  call: { functionName: 'buy'; args: [bigint] } | { functionName: 'refund'; args: [bigint] },
) {
  const hash = await wallet.clients.walletClient.writeContract({
    address: stack.deployment.kiosk,
    abi: ticketKioskAbi,
    ...call,
    ...(call.functionName === 'buy' ? { value: TICKET_PRICE } : {}),
  } as never);
  const minedAt = performance.now();
  return { hash, minedAt };
}

/** Resolves when the member's client sees itself removed (its group turns inactive; polled every 5 ms). */
export async function removedSeenBy(group: Group<unknown>): Promise<number> {
  for (;;) {
    await group.sync().catch(() => undefined);
    if (!group.isActive) return performance.now();
    await new Promise((r) => setTimeout(r, 5));
  }
}
