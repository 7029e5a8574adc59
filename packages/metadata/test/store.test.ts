import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { createEvent, getEvent } from '@ticketchat/contracts';
import { CID } from 'multiformats/cid';
import * as jsonCodec from 'multiformats/codecs/json';
import { sha256 } from 'multiformats/hashes/sha2';
import {
  getEventMetadata,
  InvalidMetadataReferenceError,
  MetadataIntegrityError,
  MetadataNotFoundError,
  MetadataValidationError,
  openMetadataStore,
  putEventMetadata,
} from '../src/node.ts';
import { blockFilePath, openTempStore, sampleMetadata, startTestChain, unixSeconds, type TempStore, type TestChain } from './fixtures.ts';

describe('event metadata in an IPFS block store', () => {
  let chain: TestChain;
  let store: TempStore;
  before(async () => {
    chain = await startTestChain();
    store = await openTempStore();
  });
  after(async () => {
    await store.remove();
    await chain.stop();
  });

  it('round trip: write, put the CID on chain with createEvent, read it back from the chain URI and verify', async () => {
    const document = sampleMetadata(chain.deployment);
    const { cid, uri } = await putEventMetadata(store, document);
    assert.equal(cid.version, 1);
    assert.equal(cid.code, jsonCodec.code);
    assert.equal(cid.multihash.code, sha256.code);
    assert.equal(uri, `ipfs://${cid.toString()}`);

    const { eventId } = await createEvent(chain.clients, {
      registry: chain.deployment.registry,
      startsAt: unixSeconds(document.startsAt),
      endsAt: unixSeconds(document.endsAt),
      ticketPrice: 0n,
      capacity: 50,
      metadataURI: uri,
      chatGroupId: document.chat.xmtpGroupId,
    });
    const onChain = await getEvent(chain.clients.publicClient, { registry: chain.deployment.registry, eventId });
    assert.equal(onChain.metadataURI, uri);

    const read = await getEventMetadata(store, onChain.metadataURI);
    assert.deepEqual(read.metadata, document);
    assert.equal(read.cid.toString(), cid.toString());
    assert.equal(read.metadata.chat.xmtpGroupId, onChain.chatGroupId);
  });

  it('gives one document one CID, whatever its key order, and keeps it across a restart', async () => {
    const document = sampleMetadata(chain.deployment, { title: 'Key order' });
    const reordered = Object.fromEntries(Object.entries(document).reverse()) as typeof document;
    const own = await openTempStore();
    try {
      const first = await putEventMetadata(own, document);
      const second = await putEventMetadata(own, reordered);
      assert.equal(second.cid.toString(), first.cid.toString());
      await own.stop();

      const reopened = await openMetadataStore({ directory: own.directory });
      try {
        assert.deepEqual((await getEventMetadata(reopened, first.cid)).metadata, document);
      } finally {
        await reopened.stop();
      }
    } finally {
      await own.remove();
    }
  });

  it('refuses bytes that were altered on disk', async () => {
    const { cid, uri } = await putEventMetadata(store, sampleMetadata(chain.deployment, { title: 'Tamper target' }));
    const tampered = jsonCodec.encode(sampleMetadata(chain.deployment, { title: 'Tamper target', chat: { xmtpGroupId: 'deadbeef' } }));
    await writeFile(await blockFilePath(store, cid), tampered);
    await assert.rejects(getEventMetadata(store, uri), (error: unknown) => {
      assert.ok(error instanceof MetadataIntegrityError);
      assert.match(error.shortMessage, new RegExp(`The stored bytes of ${cid.toString()} do not match its hash`));
      return true;
    });
  });

  it('refuses to write, and to read, a document that breaks the schema, naming the field', async () => {
    const bad = sampleMetadata(chain.deployment, { startsAt: 'tomorrow' });
    await assert.rejects(
      putEventMetadata(store, bad),
      (error: unknown) =>
        error instanceof MetadataValidationError && /\(write\): startsAt must be an ISO 8601 date-time/.test(error.shortMessage),
    );
    // A block written by someone else that hashes correctly but is not valid metadata.
    const bytes = jsonCodec.encode(bad);
    const cid = CID.createV1(jsonCodec.code, await sha256.digest(bytes));
    await store.blockstore.put(cid, bytes);
    await assert.rejects(
      getEventMetadata(store, cid),
      (error: unknown) => error instanceof MetadataValidationError && /\(read\): startsAt must be/.test(error.shortMessage),
    );
  });

  it('says clearly when a CID is missing or is not a metadata CID', async () => {
    const bytes = jsonCodec.encode({ never: 'stored' });
    const missing = CID.createV1(jsonCodec.code, await sha256.digest(bytes));
    await assert.rejects(getEventMetadata(store, missing), MetadataNotFoundError);
    await assert.rejects(getEventMetadata(store, 'ipfs://nonsense'), InvalidMetadataReferenceError);
    await assert.rejects(
      getEventMetadata(store, 'ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'),
      (error: unknown) => error instanceof InvalidMetadataReferenceError && /expected CIDv1, json codec/.test(error.shortMessage),
    );
  });
});
