import assert from 'node:assert/strict';
import { test } from 'node:test';
import Long from 'long';
import { applyIdentityUpdate, MAX_IDENTITY_UPDATES_PER_INBOX } from '../../src/identity/identityUpdate.ts';
import { deriveInboxId } from '../../src/identity/inboxId.ts';
import { associations, type Associations } from '../../src/protocol/codecs.ts';
import type { StoredIdentityUpdate } from '../../src/store/types.ts';

const owner = '0x00000000000000000000000000000000000000aa';
const other = '0x00000000000000000000000000000000000000bb';
const inboxId = deriveInboxId(owner, 1n);
const signature = { erc191: { bytes: new Uint8Array(65) } };
const update = (actions: Associations.IdentityAction[], id = inboxId): Associations.IdentityUpdate => ({
  inboxId: id,
  clientTimestampNs: Long.UZERO,
  actions,
});
const createInbox: Associations.IdentityAction = {
  createInbox: {
    initialIdentifier: owner.toUpperCase().replace('0X', '0x'),
    nonce: Long.fromNumber(1, true),
    initialIdentifierSignature: signature,
    initialIdentifierKind: 1,
  },
};
const prior = (count: number): StoredIdentityUpdate[] =>
  Array.from({ length: count }, (_, i) => ({ sequenceId: BigInt(i + 1), inboxId, serverTimestampNs: 1n, update: new Uint8Array() }));

test('CreateInbox links its owner (lowercased) when the inbox id derives from it', () => {
  assert.deepEqual(applyIdentityUpdate(update([createInbox]), []), { linked: [owner], unlinked: [] });
});

test('an inbox id that does not derive from the owner and nonce is refused', () => {
  assert.throws(() => applyIdentityUpdate(update([createInbox], deriveInboxId(other, 1n)), []), /does not derive/);
});

test('an inbox is created once, before anything else', () => {
  assert.throws(() => applyIdentityUpdate(update([createInbox]), prior(1)), /already exists/);
  const add: Associations.IdentityAction = {
    add: { newMemberIdentifier: { ethereumAddress: other }, existingMemberSignature: signature, newMemberSignature: signature },
  };
  assert.throws(() => applyIdentityUpdate(update([add]), []), /does not exist yet/);
  assert.deepEqual(applyIdentityUpdate(update([add]), prior(1)), { linked: [other], unlinked: [] });
});

test('revocations unlink addresses; unsigned actions and full logs are refused', () => {
  const revoke: Associations.IdentityAction = {
    revoke: { memberToRevoke: { ethereumAddress: other }, recoveryIdentifierSignature: signature },
  };
  assert.deepEqual(applyIdentityUpdate(update([revoke]), prior(2)), { linked: [], unlinked: [other] });
  const unsigned: Associations.IdentityAction = {
    revoke: { memberToRevoke: { ethereumAddress: other }, recoveryIdentifierSignature: undefined },
  };
  assert.throws(() => applyIdentityUpdate(update([unsigned]), prior(2)), /not signed/);
  assert.throws(() => applyIdentityUpdate(update([revoke]), prior(MAX_IDENTITY_UPDATES_PER_INBOX)), /maximum/);
  assert.throws(() => applyIdentityUpdate(update([]), prior(1)), /no actions/);
});

test('signatures are checked: a forged CreateInbox or a stolen address is refused', async () => {
  const { generatePrivateKey, privateKeyToAccount } = await import('viem/accounts');
  const { hexToBytes } = await import('viem');
  const { verifyIdentityUpdateSignatures } = await import('../../src/identity/identityUpdate.ts');
  const { identityUpdateSignatureText } = await import('../../src/identity/signatureText.ts');
  const alice = privateKeyToAccount(generatePrivateKey());
  const mallory = privateKeyToAccount(generatePrivateKey());
  const signedBy = async (account: typeof alice, unsigned: Associations.IdentityUpdate) => ({
    erc191: { bytes: hexToBytes(await account.signMessage({ message: identityUpdateSignatureText(unsigned)! })) },
  });
  const aliceInbox = deriveInboxId(alice.address, 1n);
  const createUpdate = (signature: { erc191: { bytes: Uint8Array } } | undefined): Associations.IdentityUpdate =>
    update(
      [
        {
          createInbox: {
            initialIdentifier: alice.address.toLowerCase(),
            nonce: Long.fromNumber(1, true),
            initialIdentifierSignature: signature,
            initialIdentifierKind: 1,
          },
        },
      ],
      aliceInbox,
    );

  const genuine = createUpdate(await signedBy(alice, createUpdate(undefined)));
  assert.deepEqual(applyIdentityUpdate(genuine, [], await verifyIdentityUpdateSignatures(genuine)).linked, [alice.address.toLowerCase()]);
  const forged = createUpdate(await signedBy(mallory, createUpdate(undefined)));
  await assert.rejects(
    (async () => applyIdentityUpdate(forged, [], await verifyIdentityUpdateSignatures(forged)))(),
    /CreateInbox must be signed by its owner/,
  );

  // Mallory links Alice's address to her own inbox, signing both sides herself.
  const malloryInbox = deriveInboxId(mallory.address, 1n);
  const malloryPrior: StoredIdentityUpdate[] = [
    {
      sequenceId: 1n,
      inboxId: malloryInbox,
      serverTimestampNs: 1n,
      update: associations.IdentityUpdate.encode(
        update(
          [
            {
              createInbox: {
                initialIdentifier: mallory.address.toLowerCase(),
                nonce: Long.fromNumber(1, true),
                initialIdentifierSignature: signature,
                initialIdentifierKind: 1,
              },
            },
          ],
          malloryInbox,
        ),
      ).finish(),
    },
  ];
  const stealUnsigned = update(
    [
      {
        add: {
          newMemberIdentifier: { ethereumAddress: alice.address.toLowerCase() },
          existingMemberSignature: undefined,
          newMemberSignature: undefined,
        },
      },
    ],
    malloryInbox,
  );
  const malloriesSignature = await signedBy(mallory, stealUnsigned);
  const steal = update(
    [
      {
        add: {
          newMemberIdentifier: { ethereumAddress: alice.address.toLowerCase() },
          existingMemberSignature: malloriesSignature,
          newMemberSignature: malloriesSignature,
        },
      },
    ],
    malloryInbox,
  );
  await assert.rejects(
    (async () => applyIdentityUpdate(steal, malloryPrior, await verifyIdentityUpdateSignatures(steal)))(),
    /the new member must sign for itself/,
  );
});
