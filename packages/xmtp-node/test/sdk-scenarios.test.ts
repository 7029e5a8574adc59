/*
 * The real @xmtp/node-sdk against the node, end to end with real MLS encryption: registration,
 * optimistic groups, adds by inbox id and by address, both directions, live streams, consent,
 * removal, late joiners, reopening from a database, and device sync of history; once on each storage
 * backend (SQLite, and Postgres in a private cluster).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConsentState, IdentifierKind, type DecodedMessage, type Group } from '@xmtp/node-sdk';
import type { RunningXmtpNode } from '../src/index.ts';
import { BACKENDS } from './fixtures/backends.ts';
import { Collector, createTestClient, createTestWallet, eventually, scratchDirectory, texts, type TestClient } from './fixtures/clients.ts';

const TIMEOUT = { timeout: 60_000 };

for (const backend of BACKENDS) {
  describe(`real node-sdk clients against the node on ${backend.name}`, () => {
    let node: RunningXmtpNode;
    let creator: TestClient;
    let bob: TestClient;
    let carol: TestClient;
    let carolAddress: string;

    before(async () => {
      node = await backend.startNode();
      const carolWallet = createTestWallet();
      carolAddress = carolWallet.address;
      [creator, bob, carol] = await Promise.all([
        createTestClient(node, createTestWallet()),
        createTestClient(node, createTestWallet()),
        createTestClient(node, carolWallet),
      ]);
    });
    after(() => node.stop());

    test('registered wallets are found by address', TIMEOUT, async () => {
      const reachable = await creator.canMessage([{ identifier: carolAddress, identifierKind: IdentifierKind.Ethereum }]);
      assert.equal(reachable.get(carolAddress), true);
      const stranger = createTestWallet().address;
      const unknown = await creator.canMessage([{ identifier: stranger, identifierKind: IdentifierKind.Ethereum }]);
      assert.equal(unknown.get(stranger), false);
    });

    let group: Group<unknown>;

    test('an optimistic group is created offline and published by adding a member', TIMEOUT, async () => {
      group = creator.conversations.createGroupOptimistic({ groupName: 'Launch party' });
      await group.sendText('queued before publishing', true);
      // Adding the first member publishes the group and its queued message.
      await group.addMembers([bob.inboxId]);
      await group.publishMessages();
      await bob.conversations.sync();
      const bobsGroup = await eventually('bob to see the group', () => bob.conversations.getConversationById(group.id));
      assert.equal((bobsGroup as Group<unknown>).name, 'Launch party');
    });

    test('members are added by inbox id and by address, and messages flow both ways live', TIMEOUT, async () => {
      await group.addMembersByIdentifiers([{ identifier: carolAddress, identifierKind: IdentifierKind.Ethereum }]);
      const memberIds = (await group.members()).map((member) => member.inboxId).sort();
      assert.deepEqual(memberIds, [creator.inboxId, bob.inboxId, carol.inboxId].sort());

      const atBob = new Collector<DecodedMessage<unknown>>();
      const atCreator = new Collector<DecodedMessage<unknown>>();
      const bobStream = await bob.conversations.streamAllMessages({ onValue: atBob.add });
      const creatorStream = await creator.conversations.streamAllMessages({ onValue: atCreator.add });
      try {
        await group.sendText('hello from the creator');
        const received = await atBob.waitFor(1, 'bob to stream the creator message');
        assert.ok(received.some((m) => m.content === 'hello from the creator'));

        await bob.conversations.sync();
        const bobsGroup = (await bob.conversations.getConversationById(group.id))!;
        await bobsGroup.sendText('hello back from bob');
        await eventually('the creator to stream bob reply', () => atCreator.items.find((m) => m.content === 'hello back from bob'));
      } finally {
        await bobStream.end();
        await creatorStream.end();
      }
    });

    test('syncAll honours consent states', TIMEOUT, async () => {
      await carol.conversations.sync();
      const carolsGroup = (await carol.conversations.getConversationById(group.id))!;
      // A group one is added to starts with unknown consent, hidden from an Allowed-only listing.
      assert.equal(carolsGroup.consentState(), ConsentState.Unknown);
      assert.equal(carol.conversations.listGroups({ consentStates: [ConsentState.Allowed] }).length, 0);

      carolsGroup.updateConsentState(ConsentState.Allowed);
      await group.sendText('after carol consented');
      await carol.conversations.syncAll([ConsentState.Allowed]);
      assert.deepEqual(
        carol.conversations.listGroups({ consentStates: [ConsentState.Allowed] }).map((g) => g.id),
        [group.id],
      );
      assert.ok((await texts(carolsGroup)).includes('after carol consented'));
    });

    test('a removed member cannot read anything sent after its removal', TIMEOUT, async () => {
      await group.removeMembers([carol.inboxId]);
      await group.sendText('after carol left');
      const carolsGroup = (await carol.conversations.getConversationById(group.id))!;
      await carolsGroup.sync().catch(() => undefined);
      await carol.conversations.syncAll();
      assert.equal(carolsGroup.isActive, false);
      assert.ok(!(await texts(carolsGroup)).includes('after carol left'));
      await assert.rejects(carolsGroup.sendText('let me back in'));
    });

    test('a late joiner sees only what follows its join', TIMEOUT, async () => {
      const dave = await createTestClient(node, createTestWallet());
      await group.sendText('before dave joined');
      await group.addMembers([dave.inboxId]);
      await group.sendText('after dave joined');
      await dave.conversations.sync();
      const davesGroup = await eventually('dave to see the group', () => dave.conversations.getConversationById(group.id));
      await davesGroup.sync();
      const seen = await texts(davesGroup);
      assert.ok(seen.includes('after dave joined'), JSON.stringify(seen));
      assert.ok(!seen.includes('before dave joined'));
      assert.ok(!seen.includes('hello from the creator'));
    });
  });

  test(`${backend.name}: a client reopened from its database keeps its inbox and installation`, TIMEOUT, async (t) => {
    const node = await backend.startNode();
    t.after(() => node.stop());
    const wallet = createTestWallet();
    const dbPath = join(scratchDirectory(t), 'wallet.db3');
    const first = await createTestClient(node, wallet, { dbPath });
    const peer = await createTestClient(node, createTestWallet());
    const group = await peer.conversations.createGroup([first.inboxId]);
    await group.sendText('kept across restarts');

    const reopened = await createTestClient(node, wallet, { dbPath });
    assert.equal(reopened.inboxId, first.inboxId);
    assert.equal(reopened.installationId, first.installationId);
    const state = await reopened.preferences.fetchInboxState();
    assert.equal(state.installations.length, 1, 'reopening must not register a new installation');
    await reopened.conversations.sync();
    const reopenedGroup = (await reopened.conversations.getConversationById(group.id))!;
    await reopenedGroup.sync();
    assert.ok((await texts(reopenedGroup)).includes('kept across restarts'));
    await reopenedGroup.sendText('still able to send');
    await group.sync();
    assert.ok((await texts(group)).includes('still able to send'));
  });

  test(
    `${backend.name}: a wallet's second installation pulls the first one's history through device sync`,
    { timeout: 120_000 },
    async (t) => {
      const node = await backend.startNode();
      t.after(() => node.stop());
      const wallet = createTestWallet();
      const dir = scratchDirectory(t);
      const laptop = await createTestClient(node, wallet, { dbPath: join(dir, 'laptop.db3'), deviceSync: true });
      const friend = await createTestClient(node, createTestWallet());
      const group = await friend.conversations.createGroup([laptop.inboxId]);
      await group.sendText('history worth keeping');
      await laptop.conversations.sync();
      const laptopGroup = (await laptop.conversations.getConversationById(group.id))!;
      await laptopGroup.sync();
      assert.ok((await texts(laptopGroup)).includes('history worth keeping'));

      const phone = await createTestClient(node, wallet, { dbPath: join(dir, 'phone.db3'), deviceSync: true });
      assert.equal(phone.inboxId, laptop.inboxId);
      assert.notEqual(phone.installationId, laptop.installationId);

      // The phone's sync worker invites the laptop into their shared sync group; until the laptop has
      // joined it, an archive it sends reaches no other installation. So send until the phone sees one.
      let attempt = 0;
      const pin = await eventually(
        'the phone to see an archive from the laptop',
        async () => {
          const candidate = `pin-${++attempt}`;
          await laptop.conversations.sync();
          await laptop.syncAllDeviceSyncGroups();
          await laptop.sendSyncArchive(candidate, undefined, node.historySyncUrl);
          await phone.syncAllDeviceSyncGroups();
          return phone.listAvailableArchives(1).some((archive) => archive.pin === candidate) ? candidate : undefined;
        },
        60_000,
      );
      await phone.processSyncArchive(pin);
      const phoneGroup = await eventually('the imported group on the phone', () => phone.conversations.getConversationById(group.id));
      assert.ok((await texts(phoneGroup)).includes('history worth keeping'));
    },
  );
}
