/*
 * Room figures on loopback against the real stack (our XMTP node, anvil, Helia), printed, never
 * asserted: opening a room cold (new wallet, new database) and warm (existing database, a second
 * process's pool), the time to the first live message, and the time to replay a gap after the node
 * comes back. Usage: npm run bench -w @ticketchat/chat [-- --rounds 5 --gap 50 --json]
 */
import { parseArgs } from 'node:util';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { transferTicket, buyTicket } from '@ticketchat/contracts';
import type { Group } from '@xmtp/node-sdk';
import type { ChatMessage, EventRoom } from '../src/node.ts';
import { mintLiveEvent, openRoom } from '../test/fixtures/event.ts';
import { startTestStack, type ChatClient, type TestStack } from '../test/fixtures/stack.ts';
import { eventually } from '@ticketchat/test-support';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, gap: { type: 'string', default: '50' }, json: { type: 'boolean', default: false } },
});
const rounds = Number(values.rounds);
const gapSize = Number(values.gap);
const progress = (line: string) => process.stderr.write(`${line}\n`);
const elapsed = (start: number) => performance.now() - start;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A fan: a fresh wallet holding a ticket (bought by an anvil account, then transferred) and added by the agent. */
async function newFan(stack: TestStack, eventId: bigint, groupId: string, agent: ChatClient, pool = stack.pool) {
  const account = privateKeyToAccount(generatePrivateKey());
  const { ticketId } = await buyTicket(stack.chainClients(5), { kiosk: stack.deployment.kiosk, eventId, price: 0n });
  await transferTicket(stack.chainClients(5), { kiosk: stack.deployment.kiosk, ticketId, to: account.address });
  const client = await pool.get({ account });
  await agent.conversations.sync();
  await ((await agent.conversations.getConversationById(groupId)) as Group<unknown>).addMembers([client.inboxId]);
  return { account, client };
}

async function main() {
  progress('starting the stack (xmtp node, anvil, helia)…');
  const stack = await startTestStack();
  const [creator, agent] = await Promise.all([stack.xmtp(1), stack.xmtp(2)]);
  const event = await mintLiveEvent(stack, 1, agent);
  const creatorRoom = await openRoom(stack, creator, event.eventId);
  const rooms: EventRoom<ChatClient>[] = [creatorRoom];

  const cold: { client: number; room: number }[] = [];
  const warm: { client: number; room: number }[] = [];
  const firstMessage: number[] = [];
  for (let round = 0; round < rounds; round++) {
    progress(`round ${round + 1}/${rounds}: cold and warm room opens`);
    const account = privateKeyToAccount(generatePrivateKey());
    // Cold: a wallet whose database does not exist yet (registration included).
    const { ticketId } = await buyTicket(stack.chainClients(5), { kiosk: stack.deployment.kiosk, eventId: event.eventId, price: 0n });
    await transferTicket(stack.chainClients(5), { kiosk: stack.deployment.kiosk, ticketId, to: account.address });
    let start = performance.now();
    const client = await stack.pool.get({ account });
    const clientMs = elapsed(start);
    await agent.conversations.sync();
    await ((await agent.conversations.getConversationById(event.groupId)) as Group<unknown>).addMembers([client.inboxId]);
    start = performance.now();
    const room = await openRoom(stack, client, event.eventId);
    cold.push({ client: clientMs, room: elapsed(start) });

    // Time to the first live message after opening.
    let firstAt = 0;
    const arrived = new Promise<void>((resolve) => room.onMessage(() => ((firstAt = performance.now()), resolve())));
    const sentAt = performance.now();
    await creatorRoom.send(`first message ${round}`);
    await arrived;
    firstMessage.push(firstAt - sentAt);
    await room.close();

    // Warm: the same wallet in a new pool over the same directory, as after an app restart.
    const restarted = stack.newPool();
    start = performance.now();
    const again = await restarted.get({ account });
    const warmClientMs = elapsed(start);
    start = performance.now();
    rooms.push(await openRoom(stack, again, event.eventId));
    warm.push({ client: warmClientMs, room: elapsed(start) });
  }

  progress(`gap replay: the node restarts and ${gapSize} messages wait for the room`);
  const { client: fanClient } = await newFan(stack, event.eventId, event.groupId, agent);
  // The fan's first reconnection comes 1.5-3 s after the outage is noticed, so the whole gap is
  // on the node by then and reaches the room by replay, not by the stream.
  const fanRoom = await openRoom(stack, fanClient, event.eventId, { feed: { reconnect: { initialMs: 3_000, maxMs: 3_000 } } });
  rooms.push(fanRoom);
  const received: ChatMessage[] = [];
  const replays: { delivered: number; ms: number }[] = [];
  fanRoom.onMessage((message) => received.push(message));
  fanRoom.onReplay((replay) => replays.push(replay));
  await stack.restartNode(() => eventually('the fan room to notice the outage', () => fanRoom.state !== 'live'));
  const backAt = performance.now();
  for (let i = 0; i < gapSize; i++) await creatorRoom.send(`gap ${i}`);
  const sentAllMs = elapsed(backAt);
  await eventually('the gap to be replayed', () => received.length >= gapSize, 120_000);
  const gapMs = elapsed(backAt);

  for (const room of rooms) await room.close();
  await stack.stop();

  const figures = {
    rounds,
    roomOpenColdMs: { client: median(cold.map((c) => c.client)), room: median(cold.map((c) => c.room)) },
    roomOpenWarmMs: { client: median(warm.map((w) => w.client)), room: median(warm.map((w) => w.room)) },
    firstMessageMs: median(firstMessage),
    gap: {
      messages: gapSize,
      sendAllMs: sentAllMs,
      shownAllMs: gapMs,
      replays,
      received: received.length,
      unique: new Set(received.map((m) => m.id)).size,
    },
  };
  if (values.json) return void console.log(JSON.stringify(figures, null, 2));
  const coldTotal = figures.roomOpenColdMs.client + figures.roomOpenColdMs.room;
  const warmTotal = figures.roomOpenWarmMs.client + figures.roomOpenWarmMs.room;
  const rows: [string, string][] = [
    ['room open, cold: client create (register)', `${figures.roomOpenColdMs.client.toFixed(0)} ms`],
    ['room open, cold: discover + verify + consent + sync', `${figures.roomOpenColdMs.room.toFixed(0)} ms`],
    ['room open, warm: client from existing database', `${figures.roomOpenWarmMs.client.toFixed(0)} ms`],
    ['room open, warm: discover + verify + consent + sync', `${figures.roomOpenWarmMs.room.toFixed(0)} ms`],
    ['cold / warm total (ratio)', `${(coldTotal / warmTotal).toFixed(2)}x`],
    ['send -> first live message in a new room', `${figures.firstMessageMs.toFixed(1)} ms`],
    [`gap: ${gapSize} messages sent while the room was reconnecting`, `${sentAllMs.toFixed(0)} ms`],
    [
      `gap: replayed on reconnect (sync + local read + dedupe)`,
      replays.map((r) => `${r.delivered} msgs in ${r.ms.toFixed(0)} ms`).join(', '),
    ],
    [`gap: node back -> all ${gapSize} shown (${figures.gap.unique} unique, incl. backoff)`, `${gapMs.toFixed(0)} ms`],
  ];
  console.log(`ticketchat rooms benchmark (median of ${rounds} rounds; loopback; Node ${process.version})`);
  for (const [name, value] of rows) console.log(`  ${name.padEnd(58)} ${value}`);
}

await main();
