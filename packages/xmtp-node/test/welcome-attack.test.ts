/*
 * Welcomes from a hostile raw client: junk an installation could never open is refused with
 * INVALID_ARGUMENT and never stored, while real clients' welcomes (HPKE v1, and the pointer plus
 * pointee form libxmtp uses when it adds more than two installations at once) still land.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startXmtpNode, type RunningXmtpNode } from '../src/index.ts';
import { encodeVector } from '../src/mls/tlsReader.ts';
import { mlsApi, type MlsApi } from '../src/protocol/codecs.ts';
import { createTestClient, createTestWallet, texts, type TestClient } from './fixtures/clients.ts';
import { grpcFrame, rawGrpcCall } from './fixtures/grpcCall.ts';

const SEND_WELCOME_MESSAGES = '/xmtp.mls.api.v1.MlsApi/SendWelcomeMessages';
const INVALID_ARGUMENT = 3;
const TIMEOUT = { timeout: 60_000 };
const XWING = 2;
const CURVE25519 = 1;

/** An X-Wing HPKECiphertext: a 1120-byte kem_output and a sealed payload. */
const xwingSealed = (kemOutput = 1120, ciphertext = 64) =>
  Buffer.concat([encodeVector(new Uint8Array(kemOutput).fill(3)), encodeVector(new Uint8Array(ciphertext).fill(4))]);

function sendWelcome(message: MlsApi.WelcomeMessageInput): Buffer {
  return grpcFrame(mlsApi.SendWelcomeMessagesRequest.encode({ messages: [message] }).finish());
}

describe('hostile welcomes', () => {
  let node: RunningXmtpNode;
  let creator: TestClient;
  let members: TestClient[];
  let victimKey: Buffer;

  before(async () => {
    node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null });
    const clients = await Promise.all([1, 2, 3, 4].map(() => createTestClient(node, createTestWallet())));
    creator = clients[0]!;
    members = clients.slice(1);
    victimKey = Buffer.from(members[0]!.installationId, 'hex');
  });
  after(() => node.stop());

  test('junk welcomes to a real installation are refused and nothing is stored', TIMEOUT, async () => {
    const v1 = (fields: Partial<MlsApi.WelcomeMessageInput_V1>): MlsApi.WelcomeMessageInput => ({
      v1: {
        installationKey: victimKey,
        data: xwingSealed(),
        hpkePublicKey: new Uint8Array(1216),
        wrapperAlgorithm: XWING,
        welcomeMetadata: new Uint8Array(),
        ...fields,
      },
    });
    const pointer = (fields: Partial<MlsApi.WelcomeMessageInput_WelcomePointer>): MlsApi.WelcomeMessageInput => ({
      welcomePointer: {
        installationKey: victimKey,
        welcomePointer: xwingSealed(),
        hpkePublicKey: new Uint8Array(1216),
        wrapperAlgorithm: XWING,
        ...fields,
      },
    });
    const cases: [string, MlsApi.WelcomeMessageInput, RegExp][] = [
      ['data that is no HPKECiphertext', v1({ data: Buffer.alloc(60, 0xee) }), /data kem_output/],
      ['an HPKECiphertext with trailing bytes', v1({ data: Buffer.concat([xwingSealed(), Buffer.from([0])]) }), /trailing/],
      ['a kem_output of the wrong size', v1({ data: xwingSealed(32) }), /kem_output is 32 bytes, expected 1120/],
      ['an HPKE key of the wrong size', v1({ hpkePublicKey: new Uint8Array(32) }), /hpke_public_key is 32 bytes, expected 1216/],
      ['an empty sealed payload', v1({ data: xwingSealed(1120, 16) }), /holds no AEAD-sealed content/],
      ['metadata shorter than a tag', v1({ welcomeMetadata: new Uint8Array(5) }), /welcome_metadata of 5 bytes/],
      [
        'an unknown wrapper algorithm',
        v1({ wrapperAlgorithm: 9 as MlsApi.WelcomeMessageInput_V1['wrapperAlgorithm'] }),
        /wrapper_algorithm 9/,
      ],
      ['a short installation key', v1({ installationKey: victimKey.subarray(0, 31) }), /installation_key is 31 bytes/],
      [
        'a pointer not wrapped with XWing',
        pointer({ wrapperAlgorithm: CURVE25519 as MlsApi.WelcomeMessageInput_WelcomePointer['wrapperAlgorithm'] }),
        /must be wrapped with XWing/,
      ],
      ['a pointer that is no HPKECiphertext', pointer({ welcomePointer: Buffer.alloc(40, 1) }), /welcome_pointer kem_output/],
      [
        'a symmetric pointee with an HPKE key',
        v1({ wrapperAlgorithm: 3, data: Buffer.alloc(64), hpkePublicKey: new Uint8Array(32) }),
        /no hpke_public_key/,
      ],
    ];
    for (const [what, message, reason] of cases) {
      const result = await rawGrpcCall(node.grpcUrl, SEND_WELCOME_MESSAGES, sendWelcome(message));
      assert.equal(result.status, INVALID_ARGUMENT, `${what}: ${result.message}`);
      assert.match(result.message, reason, what);
    }
    assert.equal((await node.store.queryWelcomes(victimKey, { direction: 'ascending', limit: 100, cursor: 0n })).length, 0);
  });

  test('real welcomes, v1 and pointers alike, still land', TIMEOUT, async () => {
    // Three installations at once: libxmtp sends a symmetric pointee plus one pointer each.
    const group = await creator.conversations.createGroup(members.map((member) => member.inboxId));
    await group.sendText('welcome all');
    for (const member of members) {
      await member.conversations.sync();
      const joined = await member.conversations.getConversationById(group.id);
      assert.ok(joined, `${member.inboxId} joined`);
      await joined.sync();
      assert.deepEqual(await texts(joined), ['welcome all']);
    }
    const stored = await node.store.queryWelcomes(victimKey, { direction: 'ascending', limit: 100, cursor: 0n });
    assert.deepEqual(
      stored.map((welcome) => welcome.kind),
      ['pointer'],
    );
  });
});
