import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseEventLogs } from 'viem';
import {
  buyTicket,
  cancelEvent,
  getEvent,
  hasValidTicket,
  refundTicket,
  ticketKioskAbi,
  ticketsSold,
  transferTicket,
  withContractErrors,
  withdrawProceeds,
} from '../src/node.ts';
import { defaultEvent, netReceived, rejectsWith, startTestChain, type TestChain } from './fixtures.ts';

const price = defaultEvent.ticketPrice;
const creator = 1;
const [alice, bob, carol, dave] = [2, 3, 4, 5];

describe('TicketKiosk', () => {
  let chain: TestChain;
  before(async () => {
    chain = await startTestChain();
  });
  after(() => chain.stop());

  const kiosk = () => chain.deployment.kiosk;
  const buy = (buyer: number, eventId: bigint, paid = price) => buyTicket(chain.as(buyer), { kiosk: kiosk(), eventId, price: paid });
  const valid = (eventId: bigint, holder: number) =>
    hasValidTicket(chain.publicClient, { kiosk: kiosk(), eventId, holder: chain.account(holder).address });
  const sold = (eventId: bigint) => ticketsSold(chain.publicClient, { kiosk: kiosk(), eventId });
  const eventTimes = (eventId: bigint) => getEvent(chain.publicClient, { registry: chain.deployment.registry, eventId });
  const readKiosk = {
    eventOf: (ticketId: bigint) =>
      chain.publicClient.readContract({ address: kiosk(), abi: ticketKioskAbi, functionName: 'eventOf', args: [ticketId] }),
    pricePaid: (ticketId: bigint) =>
      chain.publicClient.readContract({ address: kiosk(), abi: ticketKioskAbi, functionName: 'pricePaid', args: [ticketId] }),
    ownerOf: (ticketId: bigint) =>
      chain.publicClient.readContract({ address: kiosk(), abi: ticketKioskAbi, functionName: 'ownerOf', args: [ticketId] }),
    tokenURI: (ticketId: bigint) =>
      chain.publicClient.readContract({ address: kiosk(), abi: ticketKioskAbi, functionName: 'tokenURI', args: [ticketId] }),
  };

  it('sells a ticket at the exact price, bound to its event, and logs TicketPurchased', async () => {
    const eventId = await chain.newEvent();
    assert.equal(await valid(eventId, alice), false);
    const { ticketId, receipt } = await buy(alice, eventId);
    assert.deepEqual(
      parseEventLogs({ abi: ticketKioskAbi, eventName: 'TicketPurchased', logs: receipt.logs }).map((log) => log.args),
      [{ ticketId, eventId, buyer: chain.account(alice).address, price }],
    );
    assert.equal(await readKiosk.eventOf(ticketId), eventId);
    assert.equal(await readKiosk.pricePaid(ticketId), price);
    assert.equal(await readKiosk.ownerOf(ticketId), chain.account(alice).address);
    assert.equal(await readKiosk.tokenURI(ticketId), defaultEvent.metadataURI, 'a ticket shows its event metadata');
    assert.equal(await valid(eventId, alice), true);
    assert.equal(await sold(eventId), 1n);
  });

  it('refuses any payment other than the exact price', async () => {
    const eventId = await chain.newEvent();
    await rejectsWith(
      buy(alice, eventId, price - 1n),
      'WrongPayment',
      /a ticket costs 0\.01 ETH \(10000000000000000 wei\) but 0\.009999999999999999 ETH/,
    );
    await rejectsWith(buy(alice, eventId, price + 1n), 'WrongPayment', /Wrong payment/);
    await rejectsWith(buy(alice, eventId, 0n), 'WrongPayment', /Wrong payment/);
    await rejectsWith(buy(alice, 999n, price), 'EventNotFound', /Event 999 does not exist/);
  });

  it('sells out at capacity, and a refund gives the seat back', async () => {
    const eventId = await chain.newEvent({ capacity: 2 });
    const first = await buy(alice, eventId);
    await buy(bob, eventId);
    await rejectsWith(buy(carol, eventId), 'SoldOut', new RegExp(`^Event ${eventId} is sold out \\(capacity 2\\)\\.$`));
    await refundTicket(chain.as(alice), { kiosk: kiosk(), ticketId: first.ticketId });
    assert.equal(await sold(eventId), 1n);
    await buy(carol, eventId);
    assert.equal(await sold(eventId), 2n);
  });

  it('keeps selling while the event runs and closes sales when it ends', async () => {
    const eventId = await chain.newEvent();
    const { startsAt, endsAt } = await eventTimes(eventId);
    await chain.advanceTo(startsAt + 1n);
    await buy(alice, eventId);
    await chain.advanceTo(endsAt);
    await rejectsWith(buy(bob, eventId), 'SalesClosed', new RegExp(`Ticket sales for event ${eventId} closed when it ended`));
  });

  it('refunds the holder the price paid before the event starts, and burns the ticket', async () => {
    const eventId = await chain.newEvent();
    const { ticketId } = await buy(alice, eventId);
    const kioskBefore = await chain.publicClient.getBalance({ address: kiosk() });
    let logs: ReturnType<typeof parseEventLogs<typeof ticketKioskAbi>> = [];
    const received = await netReceived(chain, chain.account(alice).address, async () => {
      const result = await refundTicket(chain.as(alice), { kiosk: kiosk(), ticketId });
      assert.equal(result.amount, price);
      logs = parseEventLogs({ abi: ticketKioskAbi, logs: result.receipt.logs });
      return result;
    });
    assert.equal(received, price);
    assert.equal(await chain.publicClient.getBalance({ address: kiosk() }), kioskBefore - price);
    assert.deepEqual(
      logs.filter((log) => log.eventName === 'TicketRefunded').map((log) => log.args),
      [{ ticketId, eventId, holder: chain.account(alice).address, amount: price }],
    );
    assert.equal(await valid(eventId, alice), false);
    assert.equal(await sold(eventId), 0n);
    await rejectsWith(
      withContractErrors('ownerOf', () => readKiosk.ownerOf(ticketId)),
      'ERC721NonexistentToken',
      /does not exist/,
    );
  });

  it('refuses a second refund of the same ticket, and refunds by anyone but the holder', async () => {
    const eventId = await chain.newEvent();
    const { ticketId } = await buy(alice, eventId);
    await rejectsWith(
      refundTicket(chain.as(bob), { kiosk: kiosk(), ticketId }),
      'NotTicketHolder',
      new RegExp(`Only the holder of ticket ${ticketId} may refund it; ${chain.account(bob).address} does not hold it`),
    );
    await refundTicket(chain.as(alice), { kiosk: kiosk(), ticketId });
    await rejectsWith(
      refundTicket(chain.as(alice), { kiosk: kiosk(), ticketId }),
      'TicketAlreadyRefunded',
      new RegExp(`Ticket ${ticketId} was already refunded`),
    );
    await rejectsWith(
      refundTicket(chain.as(alice), { kiosk: kiosk(), ticketId: 99_999n }),
      'TicketNotFound',
      /Ticket 99999 does not exist/,
    );
  });

  it('closes the refund window when the event starts', async () => {
    const eventId = await chain.newEvent();
    const { ticketId } = await buy(alice, eventId);
    const { startsAt } = await eventTimes(eventId);
    await chain.advanceTo(startsAt);
    await rejectsWith(
      refundTicket(chain.as(alice), { kiosk: kiosk(), ticketId }),
      'RefundWindowClosed',
      new RegExp(`Ticket ${ticketId} can no longer be refunded: its event started at ${new Date(Number(startsAt) * 1000).toISOString()}`),
    );
  });

  it('lets every holder refund a cancelled event at any time, and stops sales and access', async () => {
    const eventId = await chain.newEvent({ capacity: 3 });
    const tickets = [await buy(alice, eventId), await buy(bob, eventId), await buy(carol, eventId)];
    const { startsAt } = await eventTimes(eventId);
    await chain.advanceTo(startsAt + 60n);
    await cancelEvent(chain.as(creator), { registry: chain.deployment.registry, eventId });
    assert.equal(await valid(eventId, alice), false, 'a cancelled event admits nobody');
    await rejectsWith(buy(dave, eventId), 'EventIsCancelled', new RegExp(`Event ${eventId} is cancelled`));
    await rejectsWith(withdrawProceeds(chain.as(creator), { kiosk: kiosk(), eventId }), 'EventIsCancelled', /is cancelled/);

    const holders = [alice, bob, carol];
    for (const [index, { ticketId }] of tickets.entries()) {
      const holder = holders[index] ?? alice;
      const received = await netReceived(chain, chain.account(holder).address, () =>
        refundTicket(chain.as(holder), { kiosk: kiosk(), ticketId }),
      );
      assert.equal(received, price);
    }
    assert.equal(await sold(eventId), 0n);
  });

  it('moves chat access with a transferred ticket and refunds the new holder', async () => {
    const eventId = await chain.newEvent();
    const { ticketId } = await buy(alice, eventId);
    const { receipt } = await transferTicket(chain.as(alice), { kiosk: kiosk(), ticketId, to: chain.account(bob).address });
    assert.deepEqual(
      parseEventLogs({ abi: ticketKioskAbi, eventName: 'TicketTransferred', logs: receipt.logs }).map((log) => log.args),
      [{ ticketId, eventId, from: chain.account(alice).address, to: chain.account(bob).address }],
    );
    assert.equal(await valid(eventId, alice), false);
    assert.equal(await valid(eventId, bob), true);

    await rejectsWith(refundTicket(chain.as(alice), { kiosk: kiosk(), ticketId }), 'NotTicketHolder', /Only the holder/);
    const received = await netReceived(chain, chain.account(bob).address, () => refundTicket(chain.as(bob), { kiosk: kiosk(), ticketId }));
    assert.equal(received, price, 'the refund goes to the current holder');
    assert.equal(await valid(eventId, bob), false);
  });

  it('counts each holder per event, so one of two tickets leaving keeps access', async () => {
    const eventId = await chain.newEvent();
    const other = await chain.newEvent();
    const first = await buy(alice, eventId);
    await buy(alice, eventId);
    await buy(alice, other);
    await transferTicket(chain.as(alice), { kiosk: kiosk(), ticketId: first.ticketId, to: chain.account(bob).address });
    assert.equal(await valid(eventId, alice), true);
    assert.equal(await valid(eventId, bob), true);
    assert.equal(await valid(other, bob), false, 'a ticket is valid for its own event only');
    await rejectsWith(
      transferTicket(chain.as(carol), {
        kiosk: kiosk(),
        ticketId: first.ticketId,
        from: chain.account(bob).address,
        to: chain.account(carol).address,
      }),
      'ERC721InsufficientApproval',
      /is neither the owner of token .* nor approved/,
    );
  });

  it('pays the creator the proceeds of tickets not refunded, once, only after the event ended', async () => {
    const eventId = await chain.newEvent({ capacity: 5 });
    const refunded = await buy(alice, eventId);
    await buy(bob, eventId);
    await buy(carol, eventId);
    await refundTicket(chain.as(alice), { kiosk: kiosk(), ticketId: refunded.ticketId });

    const { endsAt } = await eventTimes(eventId);
    await rejectsWith(
      withdrawProceeds(chain.as(creator), { kiosk: kiosk(), eventId }),
      'EventNotEnded',
      new RegExp(`Event ${eventId} has not ended yet`),
    );
    await chain.advanceTo(endsAt);
    await rejectsWith(withdrawProceeds(chain.as(alice), { kiosk: kiosk(), eventId }), 'NotEventCreator', /Only the creator/);

    let logged: bigint | undefined;
    const received = await netReceived(chain, chain.account(creator).address, async () => {
      const result = await withdrawProceeds(chain.as(creator), { kiosk: kiosk(), eventId });
      logged = result.amount;
      return result;
    });
    assert.equal(received, 2n * price);
    assert.equal(logged, 2n * price);
    await rejectsWith(
      withdrawProceeds(chain.as(creator), { kiosk: kiosk(), eventId }),
      'ProceedsAlreadyWithdrawn',
      new RegExp(`The proceeds of event ${eventId} were already withdrawn`),
    );
  });

  it('runs a free event: tickets for 0, refunds of 0 that free the seat, a withdrawal of 0', async () => {
    const eventId = await chain.newEvent({ ticketPrice: 0n, capacity: 1 });
    await rejectsWith(buy(bob, eventId, 1n), 'WrongPayment', /costs 0 ETH/);
    const { ticketId } = await buy(alice, eventId, 0n);
    await rejectsWith(buy(bob, eventId, 0n), 'SoldOut', /sold out \(capacity 1\)/);
    assert.equal(await valid(eventId, alice), true);
    const { amount } = await refundTicket(chain.as(alice), { kiosk: kiosk(), ticketId });
    assert.equal(amount, 0n);
    await buy(bob, eventId, 0n);
    const { endsAt } = await eventTimes(eventId);
    await chain.advanceTo(endsAt);
    assert.equal((await withdrawProceeds(chain.as(creator), { kiosk: kiosk(), eventId })).amount, 0n);
  });
});
