import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chatSectionLimits, eventMetadataJsonSchema, validateEventMetadata } from '../src/node.ts';
import { offChainDeployment, refusedFor, sampleMetadata } from './fixtures.ts';

const base = sampleMetadata(offChainDeployment);
const first = base.chat.xmtpGroupId;
/** A distinct XMTP-shaped group id (32 bytes of lowercase hex) per index. */
const groupId = (index: number) => `c${index.toString(16).padStart(63, '0')}`;
const staffMember = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

/** A document whose `chat` is the sample's with `chat` merged in. */
const withChat = (chat: Record<string, unknown>) => ({ ...base, chat: { ...base.chat, ...chat } });

describe('event metadata: chat sections and staff', () => {
  it('accepts a sectioned event with staff, and a one-group event with staff only', () => {
    const sectioned = withChat({ sections: [first, groupId(1), groupId(2)], sectionSeats: 240, staff: [staffMember] });
    assert.deepEqual(validateEventMetadata(sectioned), sectioned);
    assert.deepEqual(validateEventMetadata(withChat({ staff: [] })).chat.staff, []);
    assert.equal(validateEventMetadata(base).chat.sections, undefined, 'absent: one group, as before');
    const most = [first, ...Array.from({ length: chatSectionLimits.maxSections - 1 }, (_, index) => groupId(index + 1))];
    assert.equal(validateEventMetadata(withChat({ sections: most, sectionSeats: 1 })).chat.sections?.length, 1_000);
  });

  it('refuses a section list that does not start with the group id the chain records', () => {
    assert.deepEqual(refusedFor(withChat({ sections: [groupId(1), first], sectionSeats: 2 })), ['chat.sections[0]']);
    assert.deepEqual(refusedFor(withChat({ sections: [groupId(1), groupId(2)], sectionSeats: 2 })), ['chat.sections[0]']);
  });

  it('refuses repeated section ids, even the first one twice', () => {
    assert.deepEqual(refusedFor(withChat({ sections: [first, first], sectionSeats: 2 })), ['chat.sections[1]']);
    assert.deepEqual(refusedFor(withChat({ sections: [first, groupId(1), groupId(2), groupId(1)], sectionSeats: 2 })), [
      'chat.sections[3]',
    ]);
  });

  it('refuses too few or too many sections, and a list that is not a list', () => {
    const tooMany = [first, ...Array.from({ length: chatSectionLimits.maxSections }, (_, index) => groupId(index + 1))];
    assert.equal(tooMany.length, 1_001);
    for (const sections of [tooMany, [first], [], first, { 0: first }, null]) {
      assert.deepEqual(refusedFor(withChat({ sections, sectionSeats: 2 })), ['chat.sections'], `${JSON.stringify(sections).slice(0, 40)}`);
    }
  });

  it('refuses section ids that are not lowercase hex', () => {
    const bad = ['ABCD', '0xabcd', 'abc', '', 'zz', 7, null, { id: 'ab' }];
    for (const id of bad) {
      assert.deepEqual(refusedFor(withChat({ sections: [first, id], sectionSeats: 2 })), ['chat.sections[1]'], JSON.stringify(id));
    }
  });

  it('refuses section sizes outside 1..250 or not integers, and sections without a size (or a size without sections)', () => {
    for (const sectionSeats of [0, 251, 2.5, -1, '2', null, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.deepEqual(refusedFor(withChat({ sections: [first, groupId(1)], sectionSeats })), ['chat.sectionSeats'], String(sectionSeats));
    }
    assert.deepEqual(refusedFor(withChat({ sections: [first, groupId(1)] })), ['chat.sectionSeats']);
    assert.deepEqual(refusedFor(withChat({ sectionSeats: 2 })), ['chat.sectionSeats']);
  });

  it('refuses more than 50 staff, bad addresses, and the same address twice in any case', () => {
    const staff = Array.from({ length: chatSectionLimits.maxStaff + 1 }, (_, index) => `0x${index.toString(16).padStart(40, '0')}`);
    assert.deepEqual(refusedFor(withChat({ staff })), ['chat.staff']);
    assert.equal(validateEventMetadata(withChat({ staff: staff.slice(0, 50) })).chat.staff?.length, 50);
    for (const address of ['0x1234', staffMember.slice(2), `${staffMember}00`, 42, null]) {
      assert.deepEqual(refusedFor(withChat({ staff: [address] })), ['chat.staff[0]'], JSON.stringify(address));
    }
    assert.deepEqual(refusedFor(withChat({ staff: [staffMember, staffMember.toLowerCase()] })), ['chat.staff[1]']);
    assert.deepEqual(refusedFor(withChat({ staff: staffMember })), ['chat.staff']);
  });

  it('refuses unknown chat fields', () => {
    assert.deepEqual(refusedFor(withChat({ section: 1 })), ['chat.section']);
  });

  it('states the same bounds in the JSON Schema', () => {
    const { sections, sectionSeats, staff } = eventMetadataJsonSchema.properties.chat.properties;
    assert.deepEqual([sections.minItems, sections.maxItems, sections.uniqueItems], [2, 1_000, true]);
    assert.deepEqual([sectionSeats.minimum, sectionSeats.maximum], [1, 250]);
    assert.equal(staff.maxItems, 50);
    assert.deepEqual(eventMetadataJsonSchema.properties.chat.dependentRequired, { sections: ['sectionSeats'], sectionSeats: ['sections'] });
    assert.deepEqual(eventMetadataJsonSchema.properties.chat.required, ['xmtpGroupId']);
  });
});
