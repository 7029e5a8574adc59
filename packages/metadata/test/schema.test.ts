import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventMetadataJsonSchema, MetadataValidationError, validateEventMetadata, type EventMetadata } from '../src/node.ts';
import { offChainDeployment, refusedFor, sampleMetadata } from './fixtures.ts';

const valid = sampleMetadata(offChainDeployment);

describe('event metadata schema', () => {
  it('accepts a complete document, with or without the event id', () => {
    assert.deepEqual(validateEventMetadata(valid), valid);
    assert.deepEqual(
      validateEventMetadata({ ...valid, eventId: '7', image: 'ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy' })
        .eventId,
      '7',
    );
  });

  it('names the field in the message', () => {
    assert.throws(
      () => validateEventMetadata({ ...valid, title: '' }),
      (error: unknown) =>
        error instanceof MetadataValidationError && error.shortMessage === 'Invalid event metadata (write): title must not be empty.',
    );
    assert.throws(
      () => validateEventMetadata({ ...valid, chat: { xmtpGroupId: 'ABC' } }, 'read'),
      (error: unknown) =>
        error instanceof MetadataValidationError &&
        /^Invalid event metadata \(read\): chat\.xmtpGroupId must be the XMTP group id/.test(error.shortMessage),
    );
  });

  it('refuses each kind of bad field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ schemaVersion: 2 }, 'schemaVersion'],
      [{ title: 42 }, 'title'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ description: null }, 'description'],
      [{ category: '  ' }, 'category'],
      [{ startsAt: '2026-12-01 20:00' }, 'startsAt'],
      [{ endsAt: '2026-12-01T22:00:00' }, 'endsAt'],
      [{ endsAt: '2026-12-01T19:00:00Z' }, 'endsAt'],
      [{ image: 'http://insecure.example.org/a.jpg' }, 'image'],
      [{ image: 'ipfs://not-a-cid' }, 'image'],
      [{ chat: { xmtpGroupId: '0xabcd' } }, 'chat.xmtpGroupId'],
      [{ chat: {} }, 'chat.xmtpGroupId'],
      [{ chain: { ...valid.chain, chainId: 0 } }, 'chain.chainId'],
      [{ chain: { ...valid.chain, registry: '0x1234' } }, 'chain.registry'],
      [{ chain: { ...valid.chain, kiosk: undefined } }, 'chain.kiosk'],
      [{ eventId: 7 }, 'eventId'],
      [{ eventId: '0' }, 'eventId'],
      [{ organiser: 'someone' }, 'organiser'],
    ];
    for (const [change, path] of cases) {
      assert.deepEqual(refusedFor({ ...valid, ...change }), [path], `${JSON.stringify(change)} should be refused at ${path}`);
    }
    const { title: _, ...withoutTitle } = valid;
    assert.deepEqual(refusedFor(withoutTitle), ['title']);
    assert.deepEqual(refusedFor([valid]), ['(document)']);
    assert.deepEqual(refusedFor({ ...valid, title: '', category: '' } satisfies Partial<EventMetadata> & object), ['title', 'category']);
  });

  it('exports a JSON Schema listing the same required fields', () => {
    assert.deepEqual([...eventMetadataJsonSchema.required].sort(), Object.keys(valid).sort());
  });
});
