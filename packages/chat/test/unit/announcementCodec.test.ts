import assert from 'node:assert/strict';
import { test } from 'node:test';
import { announcementCodec, isAnnouncementType, newAnnouncementId, parseAnnouncement } from '../../src/index.ts';
import { toChatMessage } from '../../src/rooms/chatMessage.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const encodedWith = (content: Uint8Array) => ({ ...announcementCodec.encode({ id: newAnnouncementId(), text: 'hi' }), content });

test('an announcement round-trips through the codec, with a fallback for clients without it', () => {
  const announcement = { id: newAnnouncementId(), text: 'Doors open 🎉' };
  const encoded = announcementCodec.encode(announcement);
  assert.deepEqual(encoded.type, { authorityId: 'ticketchat.app', typeId: 'announcement', versionMajor: 1, versionMinor: 0 });
  assert.equal(encoded.fallback, 'Announcement: Doors open 🎉');
  assert.deepEqual(announcementCodec.decode(encoded), announcement);
  assert.match(newAnnouncementId(), /^[0-9a-f]{32}$/);
  assert.notEqual(newAnnouncementId(), newAnnouncementId());
});

test('the codec refuses to encode a bad announcement', () => {
  for (const bad of [
    { id: 'short', text: 'x' },
    { id: newAnnouncementId(), text: ' ' },
    { id: newAnnouncementId(), text: 'x'.repeat(4_001) },
  ]) {
    assert.throws(() => announcementCodec.encode(bad), TypeError);
  }
});

test('hostile bytes decode to nothing, never to an exception', () => {
  const id = newAnnouncementId();
  const hostile = [
    bytes(''),
    bytes('not json'),
    bytes('null'),
    bytes('[]'),
    bytes('"text"'),
    bytes(JSON.stringify({ id })),
    bytes(JSON.stringify({ id: id.toUpperCase(), text: 'x' })),
    bytes(JSON.stringify({ id: `${id}00`, text: 'x' })),
    bytes(JSON.stringify({ id, text: 7 })),
    bytes(JSON.stringify({ id, text: 'x', sender: 'the creator' })),
    bytes(JSON.stringify({ id, text: 'x'.repeat(4_001) })),
    new Uint8Array([0xff, 0xfe, 0x7b]),
    bytes(`{"id":"${id}","text":"${'x'.repeat(70_000)}"}`),
  ];
  for (const content of hostile)
    assert.equal(announcementCodec.decode(encodedWith(content)), undefined, new TextDecoder().decode(content).slice(0, 40));
  assert.equal(parseAnnouncement(undefined), undefined);
});

test('only the ticketchat.app authority makes an announcement; the room reads one only from well-formed content', () => {
  assert.equal(isAnnouncementType({ authorityId: 'ticketchat.app', typeId: 'announcement' }), true);
  assert.equal(isAnnouncementType({ authorityId: 'evil.example', typeId: 'announcement' }), false);
  assert.equal(isAnnouncementType({ typeId: 'announcement' }), false);
  const base = { id: 'm1', conversationId: 'g', senderInboxId: 'inbox', sentAtNs: 1_000_000n };
  const id = newAnnouncementId();
  const type = { authorityId: 'ticketchat.app', typeId: 'announcement' };
  assert.deepEqual(toChatMessage({ ...base, contentType: type, content: { id, text: 'hi' } }, 'removed'), {
    id: 'm1',
    senderInboxId: 'inbox',
    sentAtNs: 1_000_000n,
    sentAt: new Date(1),
    kind: 'announcement',
    announcementId: id,
    text: 'hi',
  });
  assert.equal(toChatMessage({ ...base, contentType: type, content: undefined }, 'removed'), undefined, 'the codec gave up on it');
  assert.equal(
    toChatMessage({ ...base, contentType: { ...type, authorityId: 'evil.example' }, content: { id, text: 'hi' } }, 'removed'),
    undefined,
  );
});
