import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { createEvent, findFreePort, setChatGroupId, type Deployment, type TicketchatPublicClient } from '@ticketchat/contracts/node';
import { MetadataNotFoundError, openMetadataStore, putEventMetadata, type EventMetadata } from '@ticketchat/metadata/node';
import { createPublicClient, http } from 'viem';
import { ChatDiscoveryError, discoverEventChat, discoverEventRoom, nodeRuntime, type ChatDisagreement } from '../src/node.ts';
import { startTestStack, type TestStack } from './fixtures/stack.ts';

/** An event's metadata document as its creator would write it before the mint. */
function eventDocument(deployment: Deployment, overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    schemaVersion: 1,
    title: 'Discovery night',
    description: 'A chat found from the chain first.',
    category: 'talk',
    startsAt: '2026-12-01T20:00:00Z',
    endsAt: '2026-12-01T22:00:00Z',
    image: 'https://images.example.org/discovery.jpg',
    chat: { xmtpGroupId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' },
    chain: { chainId: deployment.chainId, registry: deployment.registry, kiosk: deployment.kiosk },
    ...overrides,
  };
}

const unixSeconds = (isoDateTime: string) => BigInt(Math.floor(Date.parse(isoDateTime) / 1000));

describe('discoverEventChat', () => {
  let stack: TestStack;
  let unreachableChain: TicketchatPublicClient;
  before(async () => {
    stack = await startTestStack();
    // Nothing listens on a port the OS just handed out and took back: every request is refused.
    unreachableChain = createPublicClient({ transport: http(`http://127.0.0.1:${await findFreePort()}`, { retryCount: 0 }) });
  });
  after(() => stack.stop());
  const creator = () => stack.chainClients(1);
  const store = () => stack.metadataStore;

  /** Writes metadata, creates the event with the metadata's group id, and returns both. */
  const publishEvent = async (overrides: Partial<EventMetadata> = {}) => {
    const document = eventDocument(stack.deployment, overrides);
    const { uri } = await putEventMetadata(store(), document);
    const { eventId } = await createEvent(creator(), {
      registry: stack.deployment.registry,
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
    discoverEventChat({ publicClient: creator().publicClient, registry: stack.deployment.registry, eventId, store: store(), ...extra });

  it('reads the group id from the chain, with the metadata alongside when both agree', async () => {
    const { eventId, document } = await publishEvent();
    const found = await discover(eventId);
    assert.equal(found.source, 'chain');
    assert.equal(found.groupId, document.chat.xmtpGroupId);
    assert.equal(found.creator, creator().walletClient.account.address);
    assert.equal(found.event?.eventId, eventId);
    assert.deepEqual(found.metadata, document);
    assert.equal('disagreement' in found ? found.disagreement : undefined, undefined);
  });

  it('lets the chain win when the two disagree, and reports the disagreement', async () => {
    const { eventId, document } = await publishEvent({ title: 'Group replaced on chain' });
    await setChatGroupId(creator(), { registry: stack.deployment.registry, eventId, chatGroupId: 'ffeeddccbbaa99887766554433221100' });
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
    const emptyStore = await openMetadataStore({ directory: join(stack.directory, 'empty-ipfs') });
    try {
      const found = await discover(eventId, { store: emptyStore });
      assert.equal(found.source, 'chain');
      assert.equal(found.metadata, undefined);
      assert.ok(found.source === 'chain' && found.metadataError instanceof MetadataNotFoundError);
    } finally {
      await emptyStore.stop();
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

  it('returns sections and staff only from the metadata the chain names, never from a fallback URI', async () => {
    const groupId = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
    const staff = [creator().walletClient.account.address];
    const chat = { xmtpGroupId: groupId, sections: [groupId, 'aa'.repeat(16)], sectionSeats: 100, staff };
    const { eventId, uri } = await publishEvent({ title: 'Sectioned', chat });
    const onChain = await discover(eventId);
    assert.deepEqual([onChain.sections, onChain.sectionSeats, onChain.staff], [chat.sections, 100, staff]);
    const fallback = await discover(eventId, { publicClient: unreachableChain, knownMetadataURI: uri });
    assert.equal(fallback.source, 'ipfs');
    assert.deepEqual(fallback.metadata.chat, chat, 'the document has them');
    assert.deepEqual(
      [fallback.sections, fallback.sectionSeats, fallback.staff],
      [undefined, undefined, undefined],
      'but nothing vouches for them',
    );
    // The creator pointed the chain at another group since: the list no longer starts with it, so it is stale.
    await setChatGroupId(creator(), { registry: stack.deployment.registry, eventId, chatGroupId: 'ffeeddccbbaa99887766554433221100' });
    const replaced = await discover(eventId);
    assert.deepEqual([replaced.sections, replaced.sectionSeats, replaced.staff], [undefined, undefined, staff]);
  });

  it('fails clearly when the chain is down and no usable metadata is known', async () => {
    const { eventId } = await publishEvent({ title: 'Nothing known' });
    await assert.rejects(
      discover(eventId, { publicClient: unreachableChain }),
      (error: unknown) => error instanceof ChatDiscoveryError && /no metadata URI is known/.test(error.shortMessage),
    );
    const foreign = await putEventMetadata(
      store(),
      eventDocument({ ...stack.deployment, registry: '0x000000000000000000000000000000000000dEaD' }),
    );
    await assert.rejects(
      discover(eventId, { publicClient: unreachableChain, knownMetadataURI: foreign.uri }),
      (error: unknown) =>
        error instanceof ChatDiscoveryError &&
        /describes event \(unset\) of registry 0x000000000000000000000000000000000000dEaD/.test(error.shortMessage),
    );
  });

  it("refuses a room with chat's own error when the chain, the only source of the creator, cannot be read", async () => {
    const { eventId } = await publishEvent({ title: 'Room without a chain' });
    await assert.rejects(
      discoverEventRoom({
        runtime: nodeRuntime,
        client: await stack.xmtp(3),
        publicClient: unreachableChain,
        chainId: stack.deployment.chainId,
        registry: stack.deployment.registry,
        eventId,
        metadataStore: store(),
      }),
      (error: unknown) =>
        error instanceof ChatDiscoveryError &&
        new RegExp(`^Event ${eventId}'s chat cannot be verified without the chain: getEvent\\(event ${eventId}\\) failed`).test(
          error.shortMessage,
        ),
    );
  });
});
