/*
 * What the benchmarks time from the outside: when a kiosk call was mined, when the buyer's own
 * client received the group, and when a member's own client saw its removal.
 */
import { ticketKioskAbi } from '@ticketchat/contracts';
import type { Group } from '@xmtp/node-sdk';
import { TICKET_PRICE, type ChatClient, type TestStack, type Wallet } from '../test/fixtures/agentStack.ts';

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

/** Resolves when the client's own conversation stream delivers the group. */
export async function welcomeOf(client: ChatClient, groupId: string): Promise<{ seen: Promise<number>; end: () => Promise<unknown> }> {
  let resolve!: (at: number) => void;
  const seen = new Promise<number>((r) => (resolve = r));
  const stream = await client.conversations.streamGroups({ onValue: (group) => group.id === groupId && resolve(performance.now()) });
  return { seen, end: () => stream.end() };
}

/** Resolves when the member's client sees itself removed (its group turns inactive; polled every 5 ms). */
export async function removedSeenBy(group: Group<unknown>): Promise<number> {
  for (;;) {
    await group.sync().catch(() => undefined);
    if (!group.isActive) return performance.now();
    await new Promise((r) => setTimeout(r, 5));
  }
}
