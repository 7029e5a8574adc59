import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent, findFreePort, setChatGroupId, type TicketchatPublicClient } from '@ticketchat/contracts/node';
import { createPublicClient, http } from 'viem';
import {
  ChatDiscoveryError,
  discoverEventChat,
  MetadataNotFoundError,
  putEventMetadata,
  type ChatDisagreement,
  type EventMetadata,
} from '../src/node.ts';
import { openTempStore, sampleMetadata, startTestChain, unixSeconds, type TempStore, type TestChain } from './fixtures.ts';

describe('discoverEventChat', () => {
  let chain: TestChain;
  let store: TempStore;
  let unreachableChain: TicketchatPublicClient;
  before(async () => {
    chain = await startTestChain();
    store = await openTempStore();
    // Nothing listens on a port the OS just handed out and took back: every request is refused.
    unreachableChain = createPublicClient({ transport: http(`http://127.0.0.1:${await findFreePort()}`, { retryCount: 0 }) });
  });
  after(async () => {
    await store.remove();
    await chain.stop();
  });

  /** Writes metadata, creates the event with the metadata's group id, and returns both. */
  const publishEvent = async (overrides: Partial<EventMetadata> = {}) => {
    const document = sampleMetadata(chain.deployment, overrides);
    const { uri } = await putEventMetadata(store, document);
    const { eventId } = await createEvent(chain.clients, {
      registry: chain.deployment.registry,
      startsAt: unixSeconds(document.startsAt),
      endsAt: unixSeconds(document.endsAt),
      ticketPrice: 0n,
      capacity: 10,
      metadataURI: uri,
      chatGroupId: document.chat.xmtpGroupId,
    });
    return { eventId, uri, document };
  };
  const discover = (eventId: bigint, extra: Partial<Parameters<typeof discoverEventChat>[0]> = {}) =>
    discoverEventChat({ publicClient: chain.clients.publicClient, registry: chain.deployment.registry, eventId, store, ...extra });

  it('reads the group id from the chain, with the metadata alongside when both agree', async () => {
    const { eventId, document } = await publishEvent();
    const found = await discover(eventId);
    assert.equal(found.source, 'chain');
    assert.equal(found.groupId, document.chat.xmtpGroupId);
    assert.equal(found.creator, chain.clients.walletClient.account.address);
    assert.equal(found.event?.eventId, eventId);
    assert.deepEqual(found.metadata, document);
    assert.equal('disagreement' in found ? found.disagreement : undefined, undefined);
  });

  it('lets the chain win when the two disagree, and reports the disagreement', async () => {
    const { eventId, document } = await publishEvent({ title: 'Group replaced on chain' });
    await setChatGroupId(chain.clients, { registry: chain.deployment.registry, eventId, chatGroupId: 'ffeeddccbbaa99887766554433221100' });
    const reported: ChatDisagreement[] = [];
    const found = await discover(eventId, { onDisagreement: (disagreement) => reported.push(disagreement) });
    assert.equal(found.source, 'chain');
    assert.equal(found.groupId, 'ffeeddccbbaa99887766554433221100');
    const expected = { eventId, chain: 'ffeeddccbbaa99887766554433221100', ipfs: document.chat.xmtpGroupId };
    assert.deepEqual(found.source === 'chain' ? found.disagreement : undefined, expected);
    assert.deepEqual(reported, [expected]);
  });

  it('still answers from the chain when the metadata is not in the store, saying why', async () => {
    const { eventId } = await publishEvent({ title: 'Metadata elsewhere' });
    const emptyStore = await openTempStore();
    try {
      const found = await discover(eventId, { store: emptyStore });
      assert.equal(found.source, 'chain');
      assert.equal(found.metadata, undefined);
      assert.ok(found.source === 'chain' && found.metadataError instanceof MetadataNotFoundError);
    } finally {
      await emptyStore.remove();
    }
  });

  it('falls back to the IPFS metadata when the chain cannot be read', async () => {
    const { eventId, uri, document } = await publishEvent({ title: 'Chain down' });
    const found = await discover(eventId, { publicClient: unreachableChain, knownMetadataURI: uri });
    assert.equal(found.source, 'ipfs');
    assert.equal(found.groupId, document.chat.xmtpGroupId);
    assert.deepEqual(found.metadata, document);
    assert.ok(found.source === 'ipfs' && /getEvent\(event \d+\) failed/.test(found.chainError.shortMessage));
  });

  it('fails clearly when the chain is down and no usable metadata is known', async () => {
    const { eventId } = await publishEvent({ title: 'Nothing known' });
    await assert.rejects(
      discover(eventId, { publicClient: unreachableChain }),
      (error: unknown) => error instanceof ChatDiscoveryError && /no metadata URI is known/.test(error.shortMessage),
    );
    const foreign = await putEventMetadata(
      store,
      sampleMetadata({ ...chain.deployment, registry: '0x000000000000000000000000000000000000dEaD' }),
    );
    await assert.rejects(
      discover(eventId, { publicClient: unreachableChain, knownMetadataURI: foreign.uri }),
      (error: unknown) =>
        error instanceof ChatDiscoveryError &&
        /describes event \(unset\) of registry 0x000000000000000000000000000000000000dEaD/.test(error.shortMessage),
    );
  });
});
