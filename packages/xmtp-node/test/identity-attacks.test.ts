/*
 * The identity attacks of issue 7, made as an attacker makes them: raw gRPC calls with hand-built
 * protobuf, nothing but the node's port and public addresses and inbox ids. Each is refused with
 * INVALID_ARGUMENT, stores nothing, and the victims' real @xmtp/node-sdk clients carry on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConsentState, generateInboxId, IdentifierKind } from '@xmtp/node-sdk';
import Long from 'long';
import protobuf from 'protobufjs/minimal.js';
import { startXmtpNode, type RunningXmtpNode } from '../src/index.ts';
import { deriveInboxId } from '../src/identity/inboxId.ts';
import { identityApi } from '../src/protocol/codecs.ts';
import { createTestClient, createTestWallet, eventually, texts, type TestClient, type TestWallet } from './fixtures/clients.ts';
import { grpcFrame, rawGrpcCall } from './fixtures/grpcCall.ts';
import {
  type ActionSpec,
  encodeUpdate,
  forgedSignatures,
  inboxOf,
  installationSigner,
  passkeySigner,
  publishRequest,
  registration,
  type SignatureSource,
  signedUpdate,
  walletSigner,
} from './fixtures/identityUpdates.ts';

const IDENTITY = '/xmtp.identity.api.v1.IdentityApi';
const INVALID_ARGUMENT = 3;
/** The nonce @xmtp/node-sdk registers a new wallet with (its generateInboxId default). */
const SDK_NONCE = 1n;

const attacker = walletSigner();
const attackerPasskey = passkeySigner();

/** Signatures an attacker can put where the victim's belongs, and why the node refuses each. */
const forgeries: [string, SignatureSource, RegExp][] = [
  ...forgedSignatures,
  ["the attacker's own valid passkey signature", attackerPasskey, /signed by passkey|cannot sign for/],
  ["the attacker's own valid wallet signature", attacker, /signed by ethereum 0x/],
];

async function publish(node: RunningXmtpNode, update: Parameters<typeof publishRequest>[0]) {
  return rawGrpcCall(node.grpcUrl, `${IDENTITY}/PublishIdentityUpdate`, publishRequest(update));
}

/** Everything an attack could change: each address's inbox and each inbox's log. */
async function snapshot(node: RunningXmtpNode, addresses: string[], inboxIds: string[]) {
  const ids = await rawGrpcCall(
    node.grpcUrl,
    `${IDENTITY}/GetInboxIds`,
    grpcFrame(
      identityApi.GetInboxIdsRequest.encode({ requests: addresses.map((identifier) => ({ identifier, identifierKind: 1 })) }).finish(),
    ),
  );
  const logs = await rawGrpcCall(
    node.grpcUrl,
    `${IDENTITY}/GetIdentityUpdates`,
    grpcFrame(
      identityApi.GetIdentityUpdatesRequest.encode({ requests: inboxIds.map((inboxId) => ({ inboxId, sequenceId: Long.UZERO })) }).finish(),
    ),
  );
  assert.equal(ids.status, 0);
  assert.equal(logs.status, 0);
  return {
    inboxes: identityApi.GetInboxIdsResponse.decode(ids.messages[0]!).responses.map((r) => `${r.identifier} -> ${r.inboxId ?? 'none'}`),
    logs: identityApi.GetIdentityUpdatesResponse.decode(logs.messages[0]!).responses.map(
      (r) => `${r.inboxId}: ${r.updates.map((u) => u.sequenceId.toString())}`,
    ),
  };
}

describe('identity attacks from a raw client', () => {
  let node: RunningXmtpNode;
  let victim: TestWallet;
  let friend: TestWallet;
  let newcomer: TestWallet;
  let victimClient: TestClient;
  let friendClient: TestClient;
  let victimInbox: string;
  let watched: () => ReturnType<typeof snapshot>;

  /** Publishes the update, expects INVALID_ARGUMENT matching `reason`, and that nothing changed. */
  async function refused(update: Parameters<typeof publishRequest>[0], reason: RegExp, what: string) {
    const before = await watched();
    const result = await publish(node, update);
    assert.equal(result.status, INVALID_ARGUMENT, `${what}: ${result.message}`);
    assert.match(result.message, reason, what);
    assert.deepEqual(await watched(), before, `${what}: nothing is stored`);
  }

  before(async () => {
    node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null });
    [victim, friend, newcomer] = [createTestWallet(), createTestWallet(), createTestWallet()];
    [victimClient, friendClient] = await Promise.all([createTestClient(node, victim), createTestClient(node, friend)]);
    victimInbox = victimClient.inboxId;
    // The attacker owns a proper inbox, registered the raw way, to attack from.
    const own = await publish(
      node,
      await signedUpdate(inboxOf(attacker, SDK_NONCE), registration(attacker, installationSigner(), SDK_NONCE)),
    );
    assert.equal(own.status, 0, own.message);
    const newcomerInbox = generateInboxId({ identifier: newcomer.address, identifierKind: IdentifierKind.Ethereum });
    const addresses = [victim.address, newcomer.address, attacker.address];
    const inboxes = [
      victimInbox,
      newcomerInbox,
      inboxOf(attacker, SDK_NONCE),
      deriveInboxId(victim.address, 7n),
      deriveInboxId(newcomer.address, 0n),
    ];
    watched = () => snapshot(node, addresses, inboxes);
  });
  after(() => node.stop());

  test("CreateInbox for a registered victim's address, with a new nonce, is refused for every forged signature", async () => {
    for (const [name, signature, reason] of forgeries) {
      const update = await signedUpdate(deriveInboxId(victim.address, 7n), [
        { createInbox: { owner: victim.address, nonce: 7n, by: signature } },
      ]);
      await refused(update, reason, name);
    }
  });

  test('the first nonce of an address that never registered cannot be taken', async () => {
    for (const nonce of [SDK_NONCE, 0n]) {
      for (const [name, signature, reason] of forgeries) {
        const update = await signedUpdate(deriveInboxId(newcomer.address, nonce), [
          { createInbox: { owner: newcomer.address, nonce, by: signature } },
          { add: { member: attacker.member, existing: signature, added: attacker } },
        ]);
        await refused(update, reason, `nonce ${nonce}, ${name}`);
      }
    }
  });

  test("an address that never signed cannot be added to the attacker's inbox, nor to the victim's", async () => {
    for (const [name, signature, reason] of forgeries.filter(([, source]) => source !== attacker)) {
      const intoOwn: ActionSpec = { add: { member: { ethereumAddress: victim.address }, existing: attacker, added: signature } };
      await refused(await signedUpdate(inboxOf(attacker, SDK_NONCE), [intoOwn]), reason, `into the attacker's inbox, ${name}`);
    }
    // Signed by the attacker on both sides: the new member must sign for itself.
    const both: ActionSpec = { add: { member: { ethereumAddress: newcomer.address }, existing: attacker, added: attacker } };
    await refused(await signedUpdate(inboxOf(attacker, SDK_NONCE), [both]), /the new member must sign for itself/, 'attacker signs both');
    // The attacker's own address into the victim's inbox: the attacker is no member there.
    const intoVictims: ActionSpec = { add: { member: attacker.member, existing: attacker, added: attacker } };
    await refused(
      await signedUpdate(victimInbox, [intoVictims]),
      /a member cannot add itself|neither a member nor the recovery/,
      'into the victim',
    );
    const vouched: ActionSpec = { add: { member: attackerPasskey.member, existing: attacker, added: attackerPasskey } };
    await refused(await signedUpdate(victimInbox, [vouched]), /neither a member nor the recovery identifier/, 'passkey into the victim');
  });

  test("the victim's recovery address cannot be changed nor their address revoked", async () => {
    for (const [name, signature, reason] of forgeries) {
      const change = await signedUpdate(victimInbox, [{ changeRecovery: { to: attacker.address, by: signature } }]);
      await refused(change, reason, `change recovery, ${name}`);
      const revoke = await signedUpdate(victimInbox, [{ revoke: { member: { ethereumAddress: victim.address }, by: signature } }]);
      await refused(revoke, reason, `revoke, ${name}`);
    }
  });

  test("one unsigned or undecodable update cannot poison the victim's log", async () => {
    const installation = installationSigner();
    await refused(
      await signedUpdate(victimInbox, [{ add: { member: installation.member, existing: undefined, added: installation } }]),
      /existing member signature\): signature is missing/,
      'an installation added without the existing member signature',
    );
    const noKind = { inboxId: victimInbox, clientTimestampNs: Long.UZERO, actions: [{}] };
    await refused(noKind, /identity action has no kind set/, 'an action of no kind');
    await refused({ inboxId: victimInbox, clientTimestampNs: Long.UZERO, actions: [] }, /has no actions/, 'no actions');
    const valid = encodeUpdate(
      await signedUpdate(victimInbox, [{ revoke: { member: { ethereumAddress: victim.address }, by: attacker } }]),
    );
    const duplicated = Buffer.concat([valid, protobuf.Writer.create().uint32(26).string(victimInbox).finish()]);
    await refused(duplicated, /inbox_id appears more than once/, 'a field sent twice');
    await refused(Buffer.from([0x0a, 0x05, 0x0a, 0x80]), /not a valid IdentityUpdate/, 'truncated protobuf');
  });

  test('a correctly signed passkey joins an inbox and signs for it; a wrongly signed one is refused', async () => {
    const [owner, passkey, installation] = [walletSigner(), passkeySigner(), installationSigner()];
    const inboxId = inboxOf(owner, SDK_NONCE);
    const joined = await publish(
      node,
      await signedUpdate(inboxId, [
        { createInbox: { owner: owner.address, nonce: SDK_NONCE, by: owner } },
        { add: { member: passkey.member, existing: owner, added: passkey } },
      ]),
    );
    assert.equal(joined.status, 0, joined.message);
    const wrong = passkeySigner('https://ticketchat.test', (data) => data.replace('webauthn.get', 'webauthn.create'));
    const refusedPasskey = await publish(
      node,
      await signedUpdate(inboxId, [{ add: { member: wrong.member, existing: owner, added: wrong } }]),
    );
    assert.equal(refusedPasskey.status, INVALID_ARGUMENT);
    assert.match(refusedPasskey.message, /the passkey signature does not verify/);
    const byPasskey = await publish(
      node,
      await signedUpdate(inboxId, [{ add: { member: installation.member, existing: passkey, added: installation } }]),
    );
    assert.equal(byPasskey.status, 0, byPasskey.message);
  });

  test('afterwards the real clients register, create a group and talk as before', async () => {
    const group = await victimClient.conversations.createGroup([friendClient.inboxId]);
    await group.sendText('the room still opens');
    await friendClient.conversations.sync();
    const received = await friendClient.conversations.getConversationById(group.id);
    assert.ok(received, 'the friend sees the group');
    await received.updateConsentState(ConsentState.Allowed);
    await eventually('the message arrives', async () => {
      await received.sync();
      return (await texts(received)).includes('the room still opens') || undefined;
    });

    const newcomerClient = await createTestClient(node, newcomer);
    assert.equal(newcomerClient.inboxId, generateInboxId({ identifier: newcomer.address, identifierKind: IdentifierKind.Ethereum }));
    const found = await friendClient.fetchInboxIdByIdentifier({ identifier: newcomer.address, identifierKind: IdentifierKind.Ethereum });
    assert.equal(found, newcomerClient.inboxId);
    await group.addMembers([newcomerClient.inboxId]);
    await group.sendText('welcome');
  });
});
