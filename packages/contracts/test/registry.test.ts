import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseEventLogs } from 'viem';
import {
  cancelEvent,
  createEvent,
  eventRegistryAbi,
  getEvent,
  InvalidChatGroupIdError,
  setChatGroupId,
  setMetadataURI,
  withContractErrors,
} from '../src/node.ts';
import { defaultEvent, rejectsWith, startTestChain, type TestChain } from './fixtures.ts';

describe('EventRegistry', () => {
  let chain: TestChain;
  before(async () => {
    chain = await startTestChain();
  });
  after(() => chain.stop());

  const registry = () => chain.deployment.registry;
  const eventParams = async () => {
    const { startsIn, lastsFor, ...rest } = defaultEvent;
    const startsAt = (await chain.now()) + startsIn;
    return { registry: registry(), startsAt, endsAt: startsAt + lastsFor, ...rest };
  };

  it('creates an event for the caller in one transaction, with the id taken from EventCreated', async () => {
    const params = await eventParams();
    const first = await createEvent(chain.as(1), params);
    const second = await createEvent(chain.as(2), { ...params, capacity: 500, ticketPrice: 0n });
    assert.equal(first.eventId, 1n, 'ids start at 1');
    assert.equal(second.eventId, 2n);

    const [log] = parseEventLogs({ abi: eventRegistryAbi, eventName: 'EventCreated', logs: first.receipt.logs });
    assert.deepEqual(log?.args, {
      eventId: 1n,
      creator: chain.account(1).address,
      startsAt: params.startsAt,
      endsAt: params.endsAt,
      ticketPrice: params.ticketPrice,
      capacity: params.capacity,
      metadataURI: params.metadataURI,
      chatGroupId: `0x${params.chatGroupId}`,
    });

    const event = await getEvent(chain.publicClient, { registry: registry(), eventId: first.eventId });
    assert.deepEqual(event, {
      eventId: 1n,
      creator: chain.account(1).address,
      startsAt: params.startsAt,
      endsAt: params.endsAt,
      ticketPrice: params.ticketPrice,
      capacity: params.capacity,
      cancelled: false,
      metadataURI: params.metadataURI,
      chatGroupId: params.chatGroupId,
    });
    assert.equal(
      await chain.publicClient.readContract({ address: registry(), abi: eventRegistryAbi, functionName: 'ownerOf', args: [1n] }),
      chain.account(1).address,
      'the event NFT goes to the creator',
    );
    assert.equal(
      await chain.publicClient.readContract({ address: registry(), abi: eventRegistryAbi, functionName: 'tokenURI', args: [1n] }),
      params.metadataURI,
    );
    assert.equal(await chain.publicClient.readContract({ address: registry(), abi: eventRegistryAbi, functionName: 'eventCount' }), 2n);
  });

  it('accepts a group id with 0x and any case, and stores it as the raw bytes', async () => {
    const { eventId } = await createEvent(chain.as(1), { ...(await eventParams()), chatGroupId: '0xABCDEF01' });
    assert.equal((await getEvent(chain.publicClient, { registry: registry(), eventId })).chatGroupId, 'abcdef01');
  });

  it('refuses invalid events with a clear reason', async () => {
    const params = await eventParams();
    await rejectsWith(createEvent(chain.as(1), { ...params, endsAt: params.startsAt }), 'InvalidSchedule', /must end after it starts/);
    const now = await chain.now();
    await rejectsWith(
      createEvent(chain.as(1), { ...params, startsAt: now - 7_200n, endsAt: now - 3_600n }),
      'InvalidSchedule',
      /in the future/,
    );
    await rejectsWith(createEvent(chain.as(1), { ...params, capacity: 0 }), 'ZeroCapacity', /capacity of at least one/);
    await rejectsWith(createEvent(chain.as(1), { ...params, metadataURI: '' }), 'EmptyMetadataURI', /metadata URI must not be empty/);
    await assert.rejects(createEvent(chain.as(1), { ...params, chatGroupId: '' }), InvalidChatGroupIdError);
    await assert.rejects(createEvent(chain.as(1), { ...params, chatGroupId: 'xyz' }), InvalidChatGroupIdError);
    // The client refuses an empty group id before sending; the contract refuses it too.
    await assert.rejects(createEvent(chain.as(1), { ...params, chatGroupId: '0x' }), InvalidChatGroupIdError);
    const { registry: _, ...args } = params;
    await rejectsWith(
      withContractErrors('createEvent', () =>
        chain.as(1).walletClient.writeContract({
          address: registry(),
          abi: eventRegistryAbi,
          functionName: 'createEvent',
          args: [{ ...args, chatGroupId: '0x' }],
          chain: chain.anvil.chain,
        }),
      ),
      'EmptyChatGroupId',
      /chat group id must not be empty/,
    );
  });

  it('creates an event that is already live (started, not ended)', async () => {
    const now = await chain.now();
    const { eventId } = await createEvent(chain.as(1), { ...(await eventParams()), startsAt: now - 60n, endsAt: now + 3_600n });
    assert.equal((await getEvent(chain.publicClient, { registry: registry(), eventId })).startsAt, now - 60n);
  });

  it('lets only the recorded creator change the metadata URI and the group id, each with its own log', async () => {
    const eventId = await chain.newEvent({ creatorIndex: 1 });
    const updatedURI = 'ipfs://bagaaieranewmetadata';
    const metadata = await setMetadataURI(chain.as(1), { registry: registry(), eventId, metadataURI: updatedURI });
    const group = await setChatGroupId(chain.as(1), { registry: registry(), eventId, chatGroupId: 'ff00ff00' });
    assert.deepEqual(
      parseEventLogs({ abi: eventRegistryAbi, logs: metadata.receipt.logs }).map((log) => [log.eventName, log.args]),
      [['MetadataURIUpdated', { eventId, metadataURI: updatedURI }]],
    );
    assert.deepEqual(
      parseEventLogs({ abi: eventRegistryAbi, logs: group.receipt.logs }).map((log) => [log.eventName, log.args]),
      [['ChatGroupIdUpdated', { eventId, chatGroupId: '0xff00ff00' }]],
    );
    const event = await getEvent(chain.publicClient, { registry: registry(), eventId });
    assert.equal(event.metadataURI, updatedURI);
    assert.equal(event.chatGroupId, 'ff00ff00');

    const stranger = chain.account(2).address;
    await rejectsWith(
      setMetadataURI(chain.as(2), { registry: registry(), eventId, metadataURI: 'ipfs://evil' }),
      'NotEventCreator',
      new RegExp(`Only the creator of event ${eventId} may do this; ${stranger} is not the creator`),
    );
    await rejectsWith(
      setChatGroupId(chain.as(2), { registry: registry(), eventId, chatGroupId: 'beef' }),
      'NotEventCreator',
      /Only the creator/,
    );
    await rejectsWith(
      withContractErrors('setChatGroupId', () =>
        chain.as(1).walletClient.writeContract({
          address: registry(),
          abi: eventRegistryAbi,
          functionName: 'setChatGroupId',
          args: [eventId, '0x'],
          chain: chain.anvil.chain,
        }),
      ),
      'EmptyChatGroupId',
      /must not be empty/,
    );
    await rejectsWith(
      setMetadataURI(chain.as(1), { registry: registry(), eventId, metadataURI: '' }),
      'EmptyMetadataURI',
      /must not be empty/,
    );
    await rejectsWith(
      setMetadataURI(chain.as(1), { registry: registry(), eventId: 999n, metadataURI: 'ipfs://x' }),
      'EventNotFound',
      /Event 999 does not exist/,
    );
  });

  it('does not give a later owner of the event NFT the creator rights', async () => {
    const eventId = await chain.newEvent({ creatorIndex: 1 });
    const creator = chain.as(1).walletClient;
    const hash = await creator.writeContract({
      address: registry(),
      abi: eventRegistryAbi,
      functionName: 'transferFrom',
      args: [creator.account.address, chain.account(3).address, eventId],
      chain: chain.anvil.chain,
    });
    await chain.publicClient.waitForTransactionReceipt({ hash });
    await rejectsWith(
      setChatGroupId(chain.as(3), { registry: registry(), eventId, chatGroupId: 'beef' }),
      'NotEventCreator',
      /Only the creator/,
    );
    await rejectsWith(cancelEvent(chain.as(3), { registry: registry(), eventId }), 'NotEventCreator', /Only the creator/);
    await setChatGroupId(chain.as(1), { registry: registry(), eventId, chatGroupId: 'beef' });
    assert.equal((await getEvent(chain.publicClient, { registry: registry(), eventId })).creator, chain.account(1).address);
  });

  it('cancels an event once, before it ends, by its creator only', async () => {
    const eventId = await chain.newEvent({ creatorIndex: 1 });
    await rejectsWith(cancelEvent(chain.as(2), { registry: registry(), eventId }), 'NotEventCreator', /Only the creator/);
    const { receipt } = await cancelEvent(chain.as(1), { registry: registry(), eventId });
    assert.deepEqual(
      parseEventLogs({ abi: eventRegistryAbi, logs: receipt.logs }).map((log) => log.eventName),
      ['EventCancelled'],
    );
    assert.equal((await getEvent(chain.publicClient, { registry: registry(), eventId })).cancelled, true);
    await rejectsWith(
      cancelEvent(chain.as(1), { registry: registry(), eventId }),
      'EventIsCancelled',
      new RegExp(`Event ${eventId} is cancelled`),
    );

    const ended = await chain.newEvent({ creatorIndex: 1, startsIn: 10n, lastsFor: 10n });
    const { endsAt } = await getEvent(chain.publicClient, { registry: registry(), eventId: ended });
    await chain.advanceTo(endsAt);
    await rejectsWith(
      cancelEvent(chain.as(1), { registry: registry(), eventId: ended }),
      'EventAlreadyEnded',
      new RegExp(`Event ${ended} already ended`),
    );
  });
});
