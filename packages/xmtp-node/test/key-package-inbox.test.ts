/*
 * A key package's credential must name an inbox its installation key belongs to. A hostile raw
 * client holding its own Ed25519 key signs a perfect key package naming someone else's inbox: the
 * node never hands it to anyone, refuses it outright once the inbox has revoked that installation,
 * and the inbox's real installations are served and join groups as before.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startXmtpNode, type RunningXmtpNode } from '../src/index.ts';
import { mlsApi } from '../src/protocol/codecs.ts';
import { createTestClient, createTestWallet, texts, type TestClient } from './fixtures/clients.ts';
import { grpcFrame, rawGrpcCall } from './fixtures/grpcCall.ts';
import { rawPublicKey, signedKeyPackage } from './fixtures/keyPackages.ts';

const MLS = '/xmtp.mls.api.v1.MlsApi';
const Status = { OK: 0, INVALID_ARGUMENT: 3 } as const;
const TIMEOUT = { timeout: 60_000 };

describe("a key package naming someone else's inbox", () => {
  let node: RunningXmtpNode;
  let victim: TestClient;
  let friend: TestClient;

  const upload = (keyPackage: Uint8Array) =>
    rawGrpcCall(
      node.grpcUrl,
      `${MLS}/UploadKeyPackage`,
      grpcFrame(
        mlsApi.UploadKeyPackageRequest.encode({ keyPackage: { keyPackageTlsSerialized: keyPackage }, isInboxIdCredential: true }).finish(),
      ),
    );
  const fetchKeyPackages = async (installationKeys: Uint8Array[]) => {
    const result = await rawGrpcCall(
      node.grpcUrl,
      `${MLS}/FetchKeyPackages`,
      grpcFrame(mlsApi.FetchKeyPackagesRequest.encode({ installationKeys }).finish()),
    );
    assert.equal(result.status, Status.OK, result.message);
    return mlsApi.FetchKeyPackagesResponse.decode(result.messages[0]!).keyPackages.map((entry) => entry.keyPackageTlsSerialized.length);
  };

  before(async () => {
    node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null });
    [victim, friend] = await Promise.all([createTestClient(node, createTestWallet()), createTestClient(node, createTestWallet())]);
  });
  after(() => node.stop());

  test("is never served, while the inbox's real installation is", TIMEOUT, async () => {
    const attackerKeys = generateKeyPairSync('ed25519');
    // Accepted for now (libxmtp uploads before publishing the update that adds the installation)...
    assert.equal((await upload(signedKeyPackage(victim.inboxId, attackerKeys))).status, Status.OK);
    // ...but never handed out, because the victim's log does not list the attacker's key.
    const [forged, real] = await fetchKeyPackages([rawPublicKey(attackerKeys.publicKey), Buffer.from(victim.installationId, 'hex')]);
    assert.equal(forged, 0);
    assert.ok(real! > 0);
  });

  test('is refused outright once the inbox has revoked that installation', TIMEOUT, async () => {
    const wallet = createTestWallet();
    const [first, second] = [await createTestClient(node, wallet), await createTestClient(node, wallet)];
    const secondKey = Buffer.from(second.installationId, 'hex');
    const [secondsKeyPackage] = await node.store.fetchKeyPackages([secondKey]);
    assert.ok(secondsKeyPackage);
    assert.deepEqual(await fetchKeyPackages([secondKey]), [secondsKeyPackage.length]);

    await first.revokeInstallations([secondKey]);
    assert.deepEqual(await fetchKeyPackages([secondKey]), [0]);
    const refused = await upload(secondsKeyPackage);
    assert.equal(refused.status, Status.INVALID_ARGUMENT);
    assert.match(refused.message, /invalid identity: installation [0-9a-f]{64} was revoked from inbox/);
  });

  test('the victim is still added to groups and chats', TIMEOUT, async () => {
    const group = await friend.conversations.createGroup([victim.inboxId]);
    await group.sendText('you are still reachable');
    await victim.conversations.sync();
    const joined = await victim.conversations.getConversationById(group.id);
    assert.ok(joined);
    await joined.sync();
    await joined.sendText('and I can answer');
    await group.sync();
    assert.deepEqual(await texts(group), ['you are still reachable', 'and I can answer']);
  });
});
