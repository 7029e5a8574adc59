// Measures the gas of each operation from real receipts on a local anvil chain and prints a table.
// `npm run bench -w @ticketchat/contracts`
import { cpus } from 'node:os';
import { createPublicClient, createTestClient, createWalletClient, http, type TransactionReceipt } from 'viem';
import { compilerSettings } from '../scripts/compile.ts';
import {
  buyTicket,
  buyTickets,
  cancelEvent,
  createEvent,
  deployTicketchat,
  refundTicket,
  setChatGroupId,
  setMetadataURI,
  startAnvil,
  transferTicket,
  withdrawProceeds,
  type TicketchatClients,
} from '../src/node.ts';
import solc from 'solc';

// Realistic sizes: a CIDv1 json/sha2-256 URI (66 characters) and a 16-byte XMTP group id.
const metadataURI = 'ipfs://bagaaierasords4njcts6vs7qvdjfcvgnume4hqohf65zsfguprqphs3icwea';
const chatGroupId = '6a1f09c2d36e4b1e9d2c8b7a5f4e3d21';
const price = 10_000_000_000_000_000n;

const anvil = await startAnvil();
try {
  const transport = http(anvil.rpcUrl);
  const publicClient = createPublicClient({ chain: anvil.chain, transport, pollingInterval: 50 });
  const testClient = createTestClient({ chain: anvil.chain, transport, mode: 'anvil' });
  const as = (index: number): TicketchatClients => {
    const account = anvil.accounts[index];
    if (!account) throw new Error(`anvil has no account ${index}`);
    return { publicClient, walletClient: createWalletClient({ chain: anvil.chain, transport, account }) };
  };
  const [creator, alice, bob] = [as(1), as(2), as(3)];
  const rows: [string, bigint, string][] = [];
  const record = (operation: string, receipt: TransactionReceipt, note = '') => rows.push([operation, receipt.gasUsed, note]);

  const { registry, kiosk } = await deployTicketchat(as(0).walletClient, publicClient);
  const now = (await publicClient.getBlock()).timestamp;
  const schedule = { startsAt: now + 3_600n, endsAt: now + 7_200n };
  const event = { registry, ...schedule, ticketPrice: price, capacity: 100, metadataURI, chatGroupId };

  const created = await createEvent(creator, event);
  record('createEvent', created.receipt, '66-char ipfs:// URI, 16-byte group id');
  const { eventId } = created;
  const first = await buyTicket(alice, { kiosk, eventId, price });
  record('buy (first ticket of an event)', first.receipt);
  const second = await buyTicket(bob, { kiosk, eventId, price });
  record('buy (later ticket)', second.receipt);
  // Fresh addresses each time: every recipient is a new holder, the dearer case (a zero counter slot becomes non-zero).
  let nextFriend = 0x1000;
  const friends = (count: number) => Array.from({ length: count }, () => `0x${(nextFriend++).toString(16).padStart(40, '0')}` as const);
  for (const count of [1, 5, 20]) {
    const { receipt } = await buyTickets(alice, { kiosk, eventId, recipients: friends(count) });
    record(
      `buyFor (${count} recipient${count > 1 ? 's' : ''})`,
      receipt,
      `${count} new holder(s), ${receipt.gasUsed / BigInt(count)} a ticket`,
    );
  }
  record(
    'transfer (safeTransferFrom)',
    (await transferTicket(alice, { kiosk, ticketId: first.ticketId, to: bob.walletClient.account.address })).receipt,
  );
  record('refund', (await refundTicket(bob, { kiosk, ticketId: second.ticketId })).receipt, 'burns, pays the holder');
  record('setMetadataURI', (await setMetadataURI(creator, { registry, eventId, metadataURI })).receipt, 'same-length URI');
  record(
    'setChatGroupId',
    (await setChatGroupId(creator, { registry, eventId, chatGroupId: 'ff'.repeat(16) })).receipt,
    '16-byte group id',
  );
  await testClient.setNextBlockTimestamp({ timestamp: schedule.endsAt });
  await testClient.mine({ blocks: 1 });
  record('withdraw', (await withdrawProceeds(creator, { kiosk, eventId })).receipt);
  const other = await createEvent(creator, { ...event, startsAt: schedule.endsAt + 3_600n, endsAt: schedule.endsAt + 7_200n });
  record('cancelEvent', (await cancelEvent(creator, { registry, eventId: other.eventId })).receipt);

  const width = Math.max(...rows.map(([operation]) => operation.length));
  console.log(
    `solc ${solc.version()}, optimizer ${compilerSettings.optimizer.enabled ? `on, ${compilerSettings.optimizer.runs} runs` : 'off'}, evmVersion ${compilerSettings.evmVersion}`,
  );
  console.log(`anvil (@foundry-rs/anvil), Node ${process.version}, ${cpus().length} cores\n`);
  console.log(`| ${'operation'.padEnd(width)} | gas used | notes |`);
  console.log(`| ${'-'.repeat(width)} | -------: | ----- |`);
  for (const [operation, gas, note] of rows) console.log(`| ${operation.padEnd(width)} | ${gas.toString().padStart(8)} | ${note} |`);
} finally {
  await anvil.stop();
}
