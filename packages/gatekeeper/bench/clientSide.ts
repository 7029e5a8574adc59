/*
 * What the benchmarks measure on a buyer's side: when a kiosk call was mined, and when the buyer's
 * own client received the group.
 */
import { ticketKioskAbi } from '@ticketchat/contracts';
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
