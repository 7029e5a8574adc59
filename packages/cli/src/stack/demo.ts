import { readFile, writeFile } from 'node:fs/promises';
import { buyTicket } from '@ticketchat/contracts';
import { gatewayMetadataStore } from '@ticketchat/metadata';
import { ClientPool, discoverEventRoom, FileKeyStore, mintEventWithChat, nodeRuntime, type EventRoom } from '@ticketchat/chat/node';
import { createPublicClient, createWalletClient, http, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Logger } from 'pino';
import { chainAt } from '../chainDefinition.ts';
import { openWhenInvited } from '../waitForChat.ts';
import { dataPaths } from './dataDir.ts';
import { devAccount } from './devAccounts.ts';
import type { StackFile } from './stackFile.ts';

const CREATOR = 1;
const BUYERS = [2, 3, 4];
/** Every account the demo seeds an XMTP installation for. */
export const DEMO_SEEDED_INDEXES = [CREATOR, ...BUYERS];

export type DemoClientPool = ReturnType<typeof demoClientPool>;

/**
 * The seeded accounts' XMTP clients, in the CLI's own client databases (so `ticketchat chat … `
 * with a demo key is the same installation), with device sync on: they answer the history
 * requests of the same wallets' new installations (demoDevices.ts).
 */
export function demoClientPool(stack: StackFile) {
  return new ClientPool({
    runtime: nodeRuntime,
    env: 'local',
    apiUrl: stack.xmtp.apiUrl,
    historySyncUrl: stack.xmtp.historySyncUrl,
    directory: dataPaths(stack.dataDir).clients,
    keyStore: new FileKeyStore(),
  });
}

/**
 * `--demo`: an upcoming event by the demo creator, a ticket for each demo buyer, and a short
 * conversation, through the same library calls the CLI makes. Seeded once per data directory.
 */
export async function seedDemo(stack: StackFile, pool: DemoClientPool, log: Logger): Promise<bigint> {
  const marker = dataPaths(stack.dataDir).demo;
  const seeded = await readFile(marker, 'utf8').then(
    (text) => BigInt((JSON.parse(text) as { eventId: string }).eventId),
    () => undefined,
  );
  if (seeded !== undefined) return seeded;

  const chain = chainAt(stack.chain.chainId, stack.chain.rpcUrl);
  const transport = http(stack.chain.rpcUrl);
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 });
  const clientsFor = (index: number) => {
    const account = privateKeyToAccount(devAccount(index).privateKey);
    return { account, chain: { publicClient, walletClient: createWalletClient({ chain, transport, account }) } };
  };
  const metadataStore = gatewayMetadataStore(stack.ipfs.gatewayUrl);
  const { registry, kiosk, chainId } = stack.chain;

  const creator = clientsFor(CREATOR);
  const creatorClient = await pool.get({ account: creator.account });
  const now = BigInt(Math.floor(Date.now() / 1000));
  const minted = await mintEventWithChat({
    runtime: nodeRuntime,
    creator: creatorClient,
    chain: { ...creator.chain, chainId, registry, kiosk },
    metadataStore,
    event: {
      title: 'ticketchat demo night',
      description: 'A pretend gig to try ticket-gated chat on the local stack.',
      category: 'music',
      image: 'https://ticketchat.invalid/demo.png',
      // Upcoming, so the demo buyers can still refund.
      startsAt: now + 3_600n,
      endsAt: now + 4n * 3_600n,
      ticketPrice: parseEther('0.01'),
      capacity: 50,
    },
    agentInboxIds: stack.agent ? [stack.agent.inboxId] : [],
  });
  const { eventId } = minted;
  log.info({ eventId }, 'demo event minted');

  const buyers = await Promise.all(
    BUYERS.map(async (index) => ({ ...clientsFor(index), client: await pool.get({ account: clientsFor(index).account }) })),
  );
  for (const buyer of buyers) await buyTicket(buyer.chain, { kiosk, eventId, price: parseEther('0.01') });
  // Without an agent, the creator adds the ticket holders as an admin would.
  if (!stack.agent) await minted.group.addMembers(buyers.map((buyer) => buyer.client.inboxId));

  const open = (client: typeof creatorClient) => () =>
    discoverEventRoom({ runtime: nodeRuntime, client, publicClient, chainId, registry, eventId, metadataStore });
  const rooms: EventRoom<typeof creatorClient>[] = [];
  try {
    for (const client of [creatorClient, ...buyers.map((buyer) => buyer.client)]) {
      const room = await openWhenInvited(open(client), 30_000);
      if (!room) throw new Error('the demo buyers were not added to the chat within 30 s');
      rooms.push(room);
    }
    const [host, first, second] = rooms;
    await host!.send('Welcome to ticketchat demo night! Doors at 8.');
    await first!.send("Can't wait!");
    await second!.send('Is there a dress code?');
    await host!.send('None: come as you are.');
  } finally {
    for (const room of rooms) await room.close();
  }
  await writeFile(marker, `${JSON.stringify({ eventId: eventId.toString() })}\n`);
  log.info({ eventId }, 'demo seeded');
  return eventId;
}
