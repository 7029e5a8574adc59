import assert from 'node:assert/strict';
import { test } from 'node:test';
import Long from 'long';
import { hexToBytes } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { applyIdentityUpdate, MAX_IDENTITY_UPDATES_PER_INBOX, verifyIdentityUpdateSignatures } from '../../src/identity/identityUpdate.ts';
import { deriveInboxId } from '../../src/identity/inboxId.ts';
import { identityUpdateSignatureText } from '../../src/identity/signatureText.ts';
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
type Signature = NonNullable<Associations.CreateInbox['initialIdentifierSignature']>;
const createInboxAction = (address: string, signed: Signature | undefined): Associations.IdentityAction => ({
  createInbox: {
    initialIdentifier: address,
    nonce: Long.fromNumber(1, true),
    initialIdentifierSignature: signed,
    initialIdentifierKind: 1,
  },
});
const linkAddressAction = (
  address: string,
  existing: Signature | undefined,
  added: Signature | undefined,
): Associations.IdentityAction => ({
  add: { newMemberIdentifier: { ethereumAddress: address }, existingMemberSignature: existing, newMemberSignature: added },
});
const createInbox = createInboxAction(owner.toUpperCase().replace('0X', '0x'), signature);
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
  const add = linkAddressAction(other, signature, signature);
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
  const alice = privateKeyToAccount(generatePrivateKey());
  const mallory = privateKeyToAccount(generatePrivateKey());
  const aliceAddress = alice.address.toLowerCase();
  const aliceInbox = deriveInboxId(alice.address, 1n);
  const malloryInbox = deriveInboxId(mallory.address, 1n);
  /** The update with every signature made by `account` over the update's signature text. */
  const signedBy = async (account: typeof alice, build: (signed: Signature | undefined) => Associations.IdentityUpdate) => {
    const text = identityUpdateSignatureText(build(undefined))!;
    return build({ erc191: { bytes: hexToBytes(await account.signMessage({ message: text })) } });
  };
  const applyVerified = async (signed: Associations.IdentityUpdate, prior: StoredIdentityUpdate[] = []) =>
    applyIdentityUpdate(signed, prior, await verifyIdentityUpdateSignatures(signed));

  const createAlicesInbox = (signed: Signature | undefined) => update([createInboxAction(aliceAddress, signed)], aliceInbox);
  assert.deepEqual((await applyVerified(await signedBy(alice, createAlicesInbox))).linked, [aliceAddress]);
  await assert.rejects(applyVerified(await signedBy(mallory, createAlicesInbox)), /CreateInbox must be signed by its owner/);

  // Mallory links Alice's address to her own inbox, signing both sides herself.
  const malloryPrior: StoredIdentityUpdate[] = [
    {
      sequenceId: 1n,
      inboxId: malloryInbox,
      serverTimestampNs: 1n,
      update: associations.IdentityUpdate.encode(
        update([createInboxAction(mallory.address.toLowerCase(), signature)], malloryInbox),
      ).finish(),
    },
  ];
  const stealAlicesAddress = (signed: Signature | undefined) => update([linkAddressAction(aliceAddress, signed, signed)], malloryInbox);
  await assert.rejects(applyVerified(await signedBy(mallory, stealAlicesAddress), malloryPrior), /the new member must sign for itself/);
});
