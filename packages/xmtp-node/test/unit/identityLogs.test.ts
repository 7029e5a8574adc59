import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdentityLogs, MAX_IDENTITY_UPDATES_PER_INBOX } from '../../src/api/identityLogs.ts';
import { SmartWalletVerifier } from '../../src/identity/smartWallets.ts';
import { SqliteStore } from '../../src/store/sqlite/sqliteStore.ts';
import { encodeUpdate, inboxOf, installationSigner, registration, signedUpdate, walletSigner } from '../fixtures/identityUpdates.ts';

test('a restarted node rebuilds each inbox state from its log: members, recovery and used signatures', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.after(() => store.close());
  const [alice, bob, installation] = [walletSigner(), walletSigner(), installationSigner()];
  const inboxId = inboxOf(alice);
  const before = new IdentityLogs(store, new SmartWalletVerifier());
  await before.publish(encodeUpdate(await signedUpdate(inboxId, registration(alice, installation))));
  const addBob = encodeUpdate(await signedUpdate(inboxId, [{ add: { member: bob.member, existing: installation, added: bob } }]));
  await before.publish(addBob);
  await before.publish(encodeUpdate(await signedUpdate(inboxId, [{ revoke: { member: bob.member, by: alice } }])));
  assert.equal(await store.inboxIdForAddress(bob.address), undefined);

  // A fresh instance knows nothing in memory: everything below depends on replaying the stored log.
  const after = new IdentityLogs(store, new SmartWalletVerifier());
  await assert.rejects(after.publish(addBob), /replayed from an earlier update/);
  const newcomer = walletSigner();
  const byBob = encodeUpdate(await signedUpdate(inboxId, [{ add: { member: newcomer.member, existing: bob, added: newcomer } }]));
  await assert.rejects(after.publish(byBob), /neither a member nor the recovery identifier/);
  const carol = walletSigner();
  await after.publish(encodeUpdate(await signedUpdate(inboxId, [{ add: { member: carol.member, existing: installation, added: carol } }])));
  assert.equal(await store.inboxIdForAddress(carol.address), inboxId);
  assert.equal((await store.identityUpdates(inboxId, 0n)).length, 4);
});

test('concurrent publishes to one inbox each extend the state the previous one left', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.after(() => store.close());
  const alice = walletSigner();
  const inboxId = inboxOf(alice);
  const logs = new IdentityLogs(store, new SmartWalletVerifier());
  await logs.publish(encodeUpdate(await signedUpdate(inboxId, [{ createInbox: { owner: alice.address, by: alice } }])));
  const installations = Array.from({ length: 8 }, () => installationSigner());
  const updates = await Promise.all(
    installations.map((installation) =>
      signedUpdate(inboxId, [{ add: { member: installation.member, existing: alice, added: installation } }]),
    ),
  );
  // Concurrent publishes each see the state the previous one left; none is lost or applied twice.
  await Promise.all(updates.map((update) => logs.publish(encodeUpdate(update))));
  assert.equal((await store.identityUpdates(inboxId, 0n)).length, 1 + installations.length);
});

test('a log at its cap takes no more; entries an older node stored unverified count but change nothing', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.after(() => store.close());
  const [alice, installation] = [walletSigner(), installationSigner()];
  const inboxId = inboxOf(alice);
  await new IdentityLogs(store, new SmartWalletVerifier()).publish(
    encodeUpdate(await signedUpdate(inboxId, [{ createInbox: { owner: alice.address, by: alice } }])),
  );
  for (let index = 1; index < MAX_IDENTITY_UPDATES_PER_INBOX; index++) {
    await store.appendIdentityUpdate(inboxId, new Uint8Array([0x1a, 0x01, 0x78]), () => ({ linked: [], unlinked: [] }));
  }
  const add = encodeUpdate(await signedUpdate(inboxId, [{ add: { member: installation.member, existing: alice, added: installation } }]));
  await assert.rejects(new IdentityLogs(store, new SmartWalletVerifier()).publish(add), /already has 256 identity updates, the maximum/);
});
