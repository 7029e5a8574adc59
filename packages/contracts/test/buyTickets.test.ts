import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getAddress, parseEventLogs, zeroAddress, type Abi, type Address } from 'viem';
import {
  buyTickets,
  cancelEvent,
  eventRegistryAbi,
  hasValidTicket,
  maxTicketRecipients,
  ticketKioskAbi,
  ticketsSold,
  withContractErrors,
} from '../src/node.ts';
import { compileContracts } from '../scripts/compile.ts';
import { defaultEvent, rejectsWith, startTestChain, type TestChain } from './fixtures.ts';

const price = defaultEvent.ticketPrice;
const [payer, alice, bob, carol] = [2, 3, 4, 5];

describe('TicketKiosk.buyFor (buyTickets): tickets bought together', () => {
  let chain: TestChain;
  before(async () => {
    chain = await startTestChain();
  });
  after(() => chain.stop());

  const kiosk = () => chain.deployment.kiosk;
  const address = (index: number) => chain.account(index).address;
  const buyFor = (eventId: bigint, recipients: readonly Address[], value?: bigint) =>
    buyTickets(chain.as(payer), { kiosk: kiosk(), eventId, recipients, value });
  const sold = (eventId: bigint) => ticketsSold(chain.publicClient, { kiosk: kiosk(), eventId });

  it('sells one ticket per recipient in one transaction, each logged with its recipient as buyer', async () => {
    const eventId = await chain.newEvent({ capacity: 5 });
    const recipients = [address(alice), address(bob), address(carol)];
    const { tickets, receipt } = await buyFor(eventId, recipients);
    assert.deepEqual(
      tickets.map((ticket) => ticket.holder),
      recipients,
    );
    const [first] = tickets;
    assert.ok(first);
    assert.deepEqual(
      tickets.map((ticket) => ticket.ticketId),
      [first.ticketId, first.ticketId + 1n, first.ticketId + 2n],
      'ids are consecutive',
    );
    assert.deepEqual(
      parseEventLogs({ abi: ticketKioskAbi, eventName: 'TicketPurchased', logs: receipt.logs }).map((log) => log.args),
      tickets.map(({ ticketId, holder }) => ({ ticketId, eventId, buyer: holder, price })),
    );
    for (const holder of [alice, bob, carol]) {
      assert.equal(await hasValidTicket(chain.publicClient, { kiosk: kiosk(), eventId, holder: address(holder) }), true);
    }
    assert.equal(
      await hasValidTicket(chain.publicClient, { kiosk: kiosk(), eventId, holder: address(payer) }),
      false,
      'the payer holds none',
    );
    assert.equal(await sold(eventId), 3n);
  });

  it('gives an address listed twice two tickets, and takes an explicit exact value', async () => {
    const eventId = await chain.newEvent();
    const { tickets } = await buyFor(eventId, [address(alice), address(alice)], price * 2n);
    assert.equal(tickets.length, 2);
    const count = await chain.publicClient.readContract({
      address: kiosk(),
      abi: ticketKioskAbi,
      functionName: 'ticketCountOf',
      args: [eventId, address(alice)],
    });
    assert.equal(count, 2n);
  });

  it('refuses any payment but the price times the number of recipients, and sells nothing', async () => {
    const eventId = await chain.newEvent();
    const pair = [address(alice), address(bob)];
    await rejectsWith(buyFor(eventId, pair, price), 'WrongGroupPayment', /2 tickets at 0\.01 ETH .* cost 0\.02 ETH .* but 0\.01 ETH/);
    await rejectsWith(buyFor(eventId, pair, price * 2n + 1n), 'WrongGroupPayment', /Wrong payment/);
    await rejectsWith(buyFor(eventId, pair, 0n), 'WrongGroupPayment', /Wrong payment/);
    assert.equal(await sold(eventId), 0n);
  });

  it(`refuses zero recipients and more than ${maxTicketRecipients}`, async () => {
    const eventId = await chain.newEvent({ capacity: 100 });
    await rejectsWith(buyFor(eventId, [], 0n), 'RecipientCount', /takes 1 to 20 recipients; 0 were given/);
    const tooMany = Array.from({ length: maxTicketRecipients + 1 }, () => address(alice));
    await rejectsWith(buyFor(eventId, tooMany), 'RecipientCount', /takes 1 to 20 recipients; 21 were given/);
    const most = Array.from({ length: maxTicketRecipients }, () => address(alice));
    assert.equal((await buyFor(eventId, most)).tickets.length, maxTicketRecipients);
  });

  it('refuses the zero address as a recipient, reverting the whole group', async () => {
    const eventId = await chain.newEvent();
    await rejectsWith(buyFor(eventId, [address(alice), zeroAddress]), 'ERC721InvalidReceiver', /cannot receive tokens/);
    assert.equal(await sold(eventId), 0n);
    assert.equal(await hasValidTicket(chain.publicClient, { kiosk: kiosk(), eventId, holder: address(alice) }), false);
  });

  it('refuses a group larger than the seats left, and a sold-out, cancelled or ended event', async () => {
    const eventId = await chain.newEvent({ capacity: 3 });
    await buyFor(eventId, [address(alice)]);
    await rejectsWith(
      buyFor(eventId, [address(alice), address(bob), address(carol)]),
      'NotEnoughTickets',
      new RegExp(`Event ${eventId} has only 2 ticket\\(s\\) left; 3 were requested`),
    );
    await buyFor(eventId, [address(bob), address(carol)]);
    await rejectsWith(buyFor(eventId, [address(alice)]), 'NotEnoughTickets', /only 0 ticket\(s\) left/);
    assert.equal(await sold(eventId), 3n);

    const ended = await chain.newEvent();
    const { endsAt } = await chain.publicClient.readContract({
      address: chain.deployment.registry,
      abi: eventRegistryAbi,
      functionName: 'getEventTerms',
      args: [ended],
    });
    const cancelled = await chain.newEvent();
    await cancelEvent(chain.as(1), { registry: chain.deployment.registry, eventId: cancelled });
    await rejectsWith(buyFor(cancelled, [address(alice)], price), 'EventIsCancelled', /is cancelled/);
    await chain.advanceTo(endsAt);
    await rejectsWith(buyFor(ended, [address(alice)]), 'SalesClosed', /closed when it ended/);
    await rejectsWith(buyFor(999n, [address(alice)], price), 'EventNotFound', /Event 999 does not exist/);
  });

  it('mints to a contract recipient without a callback, and refuses a purchase re-entered from a refund payment', async () => {
    const [compiled] = compileContracts({ 'test/contracts/GroupBuyer.sol': 'GroupBuyer' }).contracts;
    assert.ok(compiled);
    const buyerAbi = compiled.abi as Abi;
    const wallet = chain.as(payer).walletClient;
    const deployHash = await wallet.deployContract({
      abi: buyerAbi,
      bytecode: compiled.bytecode,
      args: [kiosk()],
      chain: chain.anvil.chain,
    });
    const { contractAddress } = await chain.publicClient.waitForTransactionReceipt({ hash: deployHash });
    assert.ok(contractAddress);
    const groupBuyer = getAddress(contractAddress);
    const call = (functionName: string, args: unknown[], value = 0n) =>
      withContractErrors(`GroupBuyer.${functionName}`, async () => {
        const hash = await wallet.writeContract({
          address: groupBuyer,
          abi: buyerAbi,
          functionName,
          args,
          value,
          chain: chain.anvil.chain,
        });
        return chain.publicClient.waitForTransactionReceipt({ hash });
      });

    const eventId = await chain.newEvent();
    const receipt = await call('buyFor', [eventId, [groupBuyer, address(alice)]], price * 2n);
    const [own] = parseEventLogs({ abi: ticketKioskAbi, eventName: 'TicketPurchased', logs: receipt.logs });
    assert.ok(own);
    assert.equal(own.args.buyer, groupBuyer, 'a contract without onERC721Received holds its ticket');

    await rejectsWith(call('refundReentering', [own.args.ticketId]), 'PaymentFailed', /the receiver rejected the payment/);
    assert.equal(await sold(eventId), 2n, 'neither the refund nor the re-entered purchase happened');
    assert.equal(await hasValidTicket(chain.publicClient, { kiosk: kiosk(), eventId, holder: groupBuyer }), true);
  });
});
