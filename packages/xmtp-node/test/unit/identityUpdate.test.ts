import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import protobuf from 'protobufjs/minimal.js';
import { addressChanges, applyVerifiedUpdate, type AssociationState } from '../../src/identity/associationState.ts';
import { readIdentityUpdate, verifyIdentityUpdate } from '../../src/identity/identityUpdate.ts';
import { deriveInboxId } from '../../src/identity/inboxId.ts';
import { SmartWalletVerifier } from '../../src/identity/smartWallets.ts';
import type { Associations } from '../../src/protocol/codecs.ts';
import {
  type ActionSpec,
  encodeUpdate,
  forgedSignatures,
  inboxOf,
  installationSigner,
  passkeySigner,
  registration,
  signatureText,
  signedUpdate,
  walletSigner,
} from '../fixtures/identityUpdates.ts';

const noChains = new SmartWalletVerifier();

/** The update as the node reads, verifies and applies it to `state`. */
async function apply(update: Associations.IdentityUpdate, state?: AssociationState): Promise<AssociationState> {
  return applyVerifiedUpdate(state, await verifyIdentityUpdate(readIdentityUpdate(encodeUpdate(update)), noChains));
}

async function applyAll(inboxId: string, ...updates: ActionSpec[][]): Promise<AssociationState> {
  let state: AssociationState | undefined;
  for (const specs of updates) state = await apply(await signedUpdate(inboxId, specs), state);
  return state!;
}

describe('signature text', () => {
  test("is libxmtp's text, byte for byte", () => {
    const owner = '0x1234567890abcdef1234567890abcdef12345678';
    const address = '0x4567890abcdef1234567890abcdef12345678123';
    const update: Associations.IdentityUpdate = {
      inboxId: deriveInboxId(owner, 0n),
      clientTimestampNs: { toString: () => '12' } as Associations.IdentityUpdate['clientTimestampNs'],
      actions: [
        { createInbox: { initialIdentifier: owner, nonce: 0 as never, initialIdentifierSignature: undefined, initialIdentifierKind: 1 } },
        { add: { newMemberIdentifier: { ethereumAddress: address }, existingMemberSignature: undefined, newMemberSignature: undefined } },
        {
          add: {
            newMemberIdentifier: { installationPublicKey: new Uint8Array([1, 2, 3]) },
            existingMemberSignature: undefined,
            newMemberSignature: undefined,
          },
        },
        { revoke: { memberToRevoke: { ethereumAddress: address }, recoveryIdentifierSignature: undefined } },
        { revoke: { memberToRevoke: { installationPublicKey: new Uint8Array([1, 2, 3]) }, recoveryIdentifierSignature: undefined } },
        {
          changeRecoveryAddress: {
            newRecoveryIdentifier: '0x7890abcdef1234567890abcdef12345678123456',
            existingRecoveryIdentifierSignature: undefined,
            newRecoveryIdentifierKind: 1,
          },
        },
      ],
    };
    assert.equal(
      signatureText(update),
      [
        'XMTP : Authenticate to inbox',
        '',
        'Inbox ID: fcd18d86276d7a99fe522dba9660c420f03c8648785ada7c5daae232a3df77a9',
        'Current time: 1970-01-01T00:00:00Z',
        '',
        '- Create inbox',
        '  (Owner: 0x1234567890abcdef1234567890abcdef12345678)',
        '- Link address to inbox',
        '  (Address: 0x4567890abcdef1234567890abcdef12345678123)',
        '- Grant messaging access to app',
        '  (ID: 010203)',
        '- Unlink address from inbox',
        '  (Address: 0x4567890abcdef1234567890abcdef12345678123)',
        '- Revoke messaging access from app',
        '  (ID: 010203)',
        '- Change inbox recovery address',
        '  (Address: 0x7890abcdef1234567890abcdef12345678123456)',
        '',
        'For more info: https://xmtp.org/signatures',
      ].join('\n'),
    );
  });
});

describe('association rules with verified signatures', () => {
  test('a registration links its owner; an owner that did not sign is refused', async () => {
    const [alice, mallory, installation] = [walletSigner(), walletSigner(), installationSigner()];
    const state = await applyAll(inboxOf(alice), registration(alice, installation));
    assert.deepEqual(addressChanges(undefined, state), { linked: [alice.address], unlinked: [] });
    const forged = await signedUpdate(inboxOf(alice), [{ createInbox: { owner: alice.address, by: mallory } }]);
    await assert.rejects(apply(forged), /CreateInbox must be signed by its owner/);
  });

  test('a mixed-case owner is refused (no signature can prove it, so clients reject it)', async () => {
    const alice = walletSigner();
    const owner = alice.address
      .replace('0x', '0X')
      .replace(/[a-f]/g, (c) => c.toUpperCase())
      .replace('0X', '0x');
    await assert.rejects(
      apply(await signedUpdate(deriveInboxId(owner, 0n), [{ createInbox: { owner, by: alice } }])),
      /must be signed by its owner/,
    );
  });

  for (const [name, signature, error] of forgedSignatures) {
    test(`CreateInbox with ${name} is refused`, async () => {
      const alice = walletSigner();
      await assert.rejects(apply(await signedUpdate(inboxOf(alice), [{ createInbox: { owner: alice.address, by: signature } }])), error);
    });
  }

  test('a new member must sign for itself, and an installation cannot add an installation', async () => {
    const [alice, victim, installation, second] = [walletSigner(), walletSigner(), installationSigner(), installationSigner()];
    const state = await applyAll(inboxOf(alice), registration(alice, installation));
    const steal = await signedUpdate(inboxOf(alice), [{ add: { member: victim.member, existing: alice, added: alice } }]);
    await assert.rejects(apply(steal, state), /the new member must sign for itself/);
    const sprawl = await signedUpdate(inboxOf(alice), [{ add: { member: second.member, existing: installation, added: second } }]);
    await assert.rejects(apply(sprawl, state), /an installation cannot add another installation/);
  });

  test('only the recovery address revokes; revoking an address drops the installations it added', async () => {
    const [alice, bob, installation, bobsInstallation] = [walletSigner(), walletSigner(), installationSigner(), installationSigner()];
    const inboxId = inboxOf(alice);
    const state = await applyAll(inboxId, registration(alice, installation), [
      { add: { member: bob.member, existing: alice, added: bob } },
      { add: { member: bobsInstallation.member, existing: bob, added: bobsInstallation } },
    ]);
    const byBob = await signedUpdate(inboxId, [{ revoke: { member: alice.member, by: bob } }]);
    await assert.rejects(apply(byBob, state), /only the recovery identifier/);
    const revoked = await apply(await signedUpdate(inboxId, [{ revoke: { member: bob.member, by: alice } }]), state);
    assert.deepEqual(addressChanges(state, revoked), { linked: [], unlinked: [bob.address] });
    assert.deepEqual(
      [...revoked.members.values()].map((member) => member.id.kind).sort(),
      ['ethereum', 'installation'],
      "bob's installation left with him",
    );
  });

  test('a signature cannot be replayed from an earlier update', async () => {
    const [alice, bob] = [walletSigner(), walletSigner()];
    const inboxId = inboxOf(alice);
    const created = await applyAll(inboxId, [{ createInbox: { owner: alice.address, by: alice } }]);
    const addBob = await signedUpdate(inboxId, [{ add: { member: bob.member, existing: alice, added: bob } }]);
    const withBob = await apply(addBob, created);
    const withoutBob = await apply(await signedUpdate(inboxId, [{ revoke: { member: bob.member, by: alice } }]), withBob);
    await assert.rejects(apply(addBob, withoutBob), /replayed from an earlier update/);
  });

  test('a correctly signed passkey owns an inbox and adds an installation; a wrong one is refused', async () => {
    const [passkey, installation] = [passkeySigner(), installationSigner()];
    const inboxId = deriveInboxId(passkey.identifier, 0n);
    const specs: ActionSpec[] = [
      { createInbox: { owner: passkey.identifier, kind: 2, by: passkey } },
      { add: { member: installation.member, existing: passkey, added: installation } },
    ];
    const state = await apply(await signedUpdate(inboxId, specs));
    assert.deepEqual(addressChanges(undefined, state), { linked: [], unlinked: [] }, 'passkeys are not indexed by address');
    assert.equal(state.members.size, 2);

    const otherKey = passkeySigner();
    await assert.rejects(
      apply(await signedUpdate(inboxId, [{ createInbox: { owner: passkey.identifier, kind: 2, by: otherKey } }])),
      /signed by its owner/,
    );
    const otherChallenge = passkeySigner('https://ticketchat.test', (data) => data.replace(/"challenge":"[^"]*"/, '"challenge":"b3RoZXI"'));
    const id = deriveInboxId(otherChallenge.identifier, 0n);
    await assert.rejects(
      apply(await signedUpdate(id, [{ createInbox: { owner: otherChallenge.identifier, kind: 2, by: otherChallenge } }])),
      /challenge is not this update's signature text/,
    );
    const alteredData = passkeySigner('https://ticketchat.test', (data) => data.replace('webauthn.get', 'webauthn.got'));
    const id2 = deriveInboxId(alteredData.identifier, 0n);
    await assert.rejects(
      apply(await signedUpdate(id2, [{ createInbox: { owner: alteredData.identifier, kind: 2, by: alteredData } }])),
      /passkey signature does not verify/,
    );
  });

  test('timestamps past i64 print as chrono prints them (wrapped to before 1970)', () => {
    const update = {
      inboxId: 'x',
      clientTimestampNs: { toString: () => '18446744073709551615' },
      actions: [],
    } as unknown as Associations.IdentityUpdate;
    assert.match(signatureText(update), /Current time: 1969-12-31T23:59:59Z/);
  });
});

describe('wire format both decoders read alike', () => {
  const field = (writer: protobuf.Writer, number: number, bytes: Uint8Array) => writer.uint32((number << 3) | 2).bytes(bytes);

  test('a duplicated field, two oneof members, a wrong wire type or bad UTF-8 are refused', async () => {
    const alice = walletSigner();
    const good = encodeUpdate(await signedUpdate(inboxOf(alice), [{ createInbox: { owner: alice.address, by: alice } }]));
    assert.doesNotThrow(() => readIdentityUpdate(good));
    const inbox = new TextEncoder().encode(inboxOf(alice));
    const duplicated = Buffer.concat([good, field(protobuf.Writer.create(), 3, inbox).finish()]);
    assert.throws(() => readIdentityUpdate(duplicated), /inbox_id appears more than once/);
    const wrongType = Buffer.concat([
      good,
      protobuf.Writer.create()
        .uint32((2 << 3) | 2)
        .bytes(new Uint8Array(1))
        .finish(),
    ]);
    assert.throws(() => readIdentityUpdate(wrongType), /client_timestamp_ns has wire type 2/);
    const bothKinds = protobuf.Writer.create();
    const action = protobuf.Writer.create();
    field(action, 3, new Uint8Array());
    field(action, 4, new Uint8Array());
    field(bothKinds, 1, action.finish());
    assert.throws(() => readIdentityUpdate(bothKinds.finish()), /sets both revoke and change_recovery_address/);
    const badUtf8 = field(protobuf.Writer.create(), 3, new Uint8Array([0xff, 0xfe])).finish();
    assert.throws(() => readIdentityUpdate(badUtf8), /inbox_id is not valid UTF-8/);
  });
});
