import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { parseGroupMessage } from '../../src/mls/mlsMessage.ts';
import { encodeVector, TlsReader } from '../../src/mls/tlsReader.ts';
import { signedKeyPackage, signWithLabel, uint16, vector } from '../fixtures/keyPackages.ts';
import { privateMessage, uint64 } from '../fixtures/mlsFrames.ts';

const GROUP = new Uint8Array(16).fill(0x42);
const uint32 = (value: number) => Buffer.from([value >>> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]);
interface PublicShape {
  sender: Buffer;
  contentType: number;
  body: Buffer;
  sign?: (content: Buffer) => Buffer;
  tags?: Buffer;
}

function publicMessage({ sender, contentType, body, sign: signContent, tags = Buffer.alloc(0) }: PublicShape): Buffer {
  const content = Buffer.concat([vector(GROUP), uint64(9n), sender, vector([]), Buffer.from([contentType]), body]);
  const signature = signContent ? signContent(content) : Buffer.alloc(64, 7);
  return Buffer.concat([Buffer.from([0, 1, 0, 1]), content, vector(signature), tags]);
}

function newMemberProposal(signer = generateKeyPairSync('ed25519'), adder = signer): Buffer {
  const body = Buffer.concat([uint16(1), signedKeyPackage('ab'.repeat(32), adder)]);
  return publicMessage({
    sender: Buffer.from([3]),
    contentType: 2,
    body,
    sign: (content) => signWithLabel(signer.privateKey, 'FramedContentTBS', Buffer.concat([Buffer.from([0, 1, 0, 1]), content])),
  });
}

test('reads group id, epoch and whether a private message is a commit', () => {
  const commit = parseGroupMessage(privateMessage(GROUP, { contentType: 3, epoch: 7n }));
  assert.deepEqual(Buffer.from(commit.groupId), Buffer.from(GROUP));
  assert.equal(commit.epoch, 7n);
  assert.equal(commit.isCommit, true);
  assert.equal(parseGroupMessage(privateMessage(GROUP)).isCommit, false);
});

test('refuses truncated, padded, unknown and wrong-version messages', () => {
  const whole = privateMessage(GROUP);
  assert.throws(() => parseGroupMessage(whole.subarray(0, whole.length - 1)), /truncated/);
  assert.throws(() => parseGroupMessage(Buffer.concat([whole, Buffer.from([0])])), /trailing/);
  assert.throws(() => parseGroupMessage(privateMessage(GROUP, { contentType: 9 })), /content type 9/);
  assert.throws(() => parseGroupMessage(Buffer.from([0, 2, 0, 2])), /version 2/);
  assert.throws(() => parseGroupMessage(Buffer.from([0, 1, 0, 5])), /wire format 5/);
});

test('refuses private messages whose fields cannot be what a client encrypted', () => {
  assert.throws(() => parseGroupMessage(privateMessage(new Uint8Array(7))), /group_id is 7 bytes, expected 16/);
  assert.throws(() => parseGroupMessage(privateMessage(GROUP, { senderDataBytes: 16 })), /encrypted_sender_data is 16 bytes/);
  assert.throws(() => parseGroupMessage(privateMessage(GROUP, { ciphertextBytes: 16 })), /holds no content/);
});

test('a new member proposal signed by the key package it adds is accepted', () => {
  const header = parseGroupMessage(newMemberProposal());
  assert.equal(header.isCommit, false);
  assert.equal(header.epoch, 9n);
});

test('a new member proposal signed by anyone else, or with a forged key package, is refused', () => {
  assert.throws(
    () => parseGroupMessage(newMemberProposal(generateKeyPairSync('ed25519'), generateKeyPairSync('ed25519'))),
    /not signed by the key package/,
  );
  const forged = newMemberProposal();
  forged[forged.length - 70]! ^= 1; // inside the key package's signature
  assert.throws(() => parseGroupMessage(forged), /key package signature does not verify/);
});

test('members may not send public messages, and nobody sends public application data', () => {
  const memberCommit = publicMessage({
    sender: Buffer.concat([Buffer.from([1]), uint32(0)]),
    contentType: 3,
    body: Buffer.concat([vector([]), Buffer.from([0])]), // no proposals, no path
    tags: Buffer.concat([vector(new Uint8Array(32)), vector(new Uint8Array(32))]), // confirmation and membership tags
  });
  assert.throws(() => parseGroupMessage(memberCommit), /only as PrivateMessage/);
  const application = publicMessage({ sender: Buffer.from([3]), contentType: 1, body: vector([1, 2, 3]) });
  assert.throws(() => parseGroupMessage(application), /application data must be sent as a PrivateMessage/);
});

test('a junk commit body, a missing membership tag or an unknown proposal is refused while parsing', () => {
  const junkCommit = publicMessage({ sender: Buffer.concat([Buffer.from([1]), uint32(0)]), contentType: 3, body: Buffer.alloc(24, 0xee) });
  assert.throws(() => parseGroupMessage(junkCommit), /commit proposals/);
  const untagged = publicMessage({
    sender: Buffer.concat([Buffer.from([1]), uint32(0)]),
    contentType: 3,
    body: Buffer.concat([vector([]), Buffer.from([0])]),
    tags: vector(new Uint8Array(32)),
  });
  assert.throws(() => parseGroupMessage(untagged), /truncated: membership_tag/);
  const custom = publicMessage({
    sender: Buffer.concat([Buffer.from([2]), uint32(0)]),
    contentType: 2,
    body: Buffer.concat([uint16(0xf001), vector([])]),
  });
  assert.throws(() => parseGroupMessage(custom), /proposal type 0xf001 is not an RFC 9420 proposal/);
  const externalRemove = publicMessage({
    sender: Buffer.concat([Buffer.from([2]), uint32(0)]),
    contentType: 2,
    body: Buffer.concat([uint16(3), uint32(4)]),
  });
  assert.equal(parseGroupMessage(externalRemove).isCommit, false);
  assert.throws(() => parseGroupMessage(Buffer.concat([externalRemove, Buffer.from([0])])), /trailing/);
});

test('variable-length integers round-trip at each size and must be minimal', () => {
  for (const length of [0, 63, 64, 16_383, 16_384, 70_000]) {
    const reader = new TlsReader(encodeVector(new Uint8Array(length)));
    assert.equal(reader.vector('v').length, length);
    reader.expectEnd('vector');
  }
  assert.throws(() => new TlsReader(Buffer.from([0xc0])).varint(), /0b11/);
  assert.throws(() => new TlsReader(Buffer.from([0x40, 0x05])).varint(), /not minimally encoded/);
  assert.throws(() => new TlsReader(Buffer.from([0x80, 0, 0, 0x05])).varint(), /not minimally encoded/);
});

test('senders from outside the group are held to what RFC 9420 lets each send', () => {
  const external = Buffer.concat([Buffer.from([2]), uint32(0)]);
  const externalUpdate = publicMessage({ sender: external, contentType: 2, body: Buffer.concat([uint16(6), vector([1])]) });
  assert.throws(() => parseGroupMessage(externalUpdate), /external sender may not send proposal type 6/);
  const leaflessCommit = publicMessage({
    sender: Buffer.from([4]),
    contentType: 3,
    body: Buffer.concat([vector([]), Buffer.from([0])]),
    tags: vector(new Uint8Array(32)),
  });
  assert.throws(() => parseGroupMessage(leaflessCommit), /new_member_commit must be a commit with an UpdatePath/);
});
