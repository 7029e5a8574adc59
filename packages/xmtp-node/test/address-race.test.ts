/*
 * Two inboxes racing to link the same address, each through its own replica of one Postgres, with
 * raw identity updates as a client (or an attacker) sends them.
 *
 * What the network does, the node does: linking an address that another inbox holds is allowed
 * (libxmtp's "reassign inbox id"), and the address index names the inbox whose link is newest in
 * the identity log's order. So both updates are accepted, and exactly one inbox wins the address:
 * every answer names one inbox, never both, never flips back once it moved on, and both replicas
 * end on the same winner, the link with the higher sequence id.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Long from 'long';
import { startPostgres } from '@ticketchat/test-support/postgres';
import { startXmtpNode, type RunningXmtpNode } from '../src/index.ts';
import { identityApi } from '../src/protocol/codecs.ts';
import { grpcFrame, rawGrpcCall } from './fixtures/grpcCall.ts';
import { inboxOf, publishRequest, signedUpdate, walletSigner, type WalletSigner } from './fixtures/identityUpdates.ts';

const IDENTITY = '/xmtp.identity.api.v1.IdentityApi';
const ROUNDS = 8;

async function publish(node: RunningXmtpNode, update: Parameters<typeof publishRequest>[0]): Promise<number> {
  const { status, message } = await rawGrpcCall(node.grpcUrl, `${IDENTITY}/PublishIdentityUpdate`, publishRequest(update));
  assert.ok(status === 0 || status === 3, `a valid update is accepted or refused with a reason, not ${status} ${message}`);
  return status;
}

/** The index's answer for one address, asked twice in one request: the two must agree. */
async function inboxFor(node: RunningXmtpNode, address: string): Promise<string> {
  const request = identityApi.GetInboxIdsRequest.encode({
    requests: [address, address.toUpperCase().replace('0X', '0x')].map((identifier) => ({ identifier, identifierKind: 1 })),
  }).finish();
  const { status, messages } = await rawGrpcCall(node.grpcUrl, `${IDENTITY}/GetInboxIds`, grpcFrame(request));
  assert.equal(status, 0);
  const [first, second] = identityApi.GetInboxIdsResponse.decode(messages[0]!).responses.map((r) => r.inboxId ?? 'none');
  assert.equal(first, second, 'one answer never names two inboxes for one address');
  return first!;
}

/** The sequence ids of an inbox's log, as one replica serves it. */
async function logOf(node: RunningXmtpNode, inboxId: string): Promise<bigint[]> {
  const request = identityApi.GetIdentityUpdatesRequest.encode({ requests: [{ inboxId, sequenceId: Long.UZERO }] }).finish();
  const { status, messages } = await rawGrpcCall(node.grpcUrl, `${IDENTITY}/GetIdentityUpdates`, grpcFrame(request));
  assert.equal(status, 0);
  const [response] = identityApi.GetIdentityUpdatesResponse.decode(messages[0]!).responses;
  return response!.updates.map((u) => BigInt(u.sequenceId.toString()));
}

/** An inbox owned by `owner`, created through `node` before the race. */
async function createInbox(node: RunningXmtpNode, owner: WalletSigner): Promise<string> {
  const inboxId = inboxOf(owner);
  assert.equal(await publish(node, await signedUpdate(inboxId, [{ createInbox: { owner: owner.address, by: owner } }])), 0);
  return inboxId;
}

test(
  'two inboxes linking one address at once through two replicas: one wins, the same on both, never both',
  { timeout: 120_000 },
  async (t) => {
    const postgres = await startPostgres();
    t.after(() => postgres.stop());
    const replica = () => startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null, database: postgres.url });
    const replicaA = await replica();
    t.after(() => replicaA.stop());
    const replicaB = await replica();
    t.after(() => replicaB.stop());

    const paths = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const contested = walletSigner();
      const ownerX = walletSigner();
      const inboxX = await createInbox(replicaA, ownerX);
      const ownerY = walletSigner();
      const inboxY = await createInbox(replicaB, ownerY);
      const linkX = await signedUpdate(inboxX, [{ add: { member: contested.member, existing: ownerX, added: contested } }]);
      const linkY = await signedUpdate(inboxY, [{ add: { member: contested.member, existing: ownerY, added: contested } }]);

      // Both replicas are asked, over and over, while the two links race.
      const seen: Record<'A' | 'B', string[]> = { A: [], B: [] };
      let racing = true;
      const watch = async (node: RunningXmtpNode, answers: string[]) => {
        do {
          const answer = await inboxFor(node, contested.address);
          if (answers.at(-1) !== answer) answers.push(answer);
        } while (racing);
      };
      const watchers = [watch(replicaA, seen.A), watch(replicaB, seen.B)];
      const statuses = await Promise.all([publish(replicaA, linkX), publish(replicaB, linkY)]);
      racing = false;
      await Promise.all(watchers);
      // A watcher's last question may have been asked before the second link committed: each
      // replica is asked once more now that both have.
      for (const [node, answers] of [
        [replicaA, seen.A],
        [replicaB, seen.B],
      ] as const) {
        const answer = await inboxFor(node, contested.address);
        if (answers.at(-1) !== answer) answers.push(answer);
      }

      assert.deepEqual(statuses, [0, 0], `round ${round}: both links are accepted, as the network accepts a reassigned address`);
      const [logX, logY] = await Promise.all([logOf(replicaA, inboxX), logOf(replicaA, inboxY)]);
      assert.deepEqual(await logOf(replicaB, inboxX), logX, 'both replicas serve the same log');
      assert.deepEqual(await logOf(replicaB, inboxY), logY);
      const winner = logX.at(-1)! > logY.at(-1)! ? inboxX : inboxY;
      const loser = winner === inboxY ? inboxX : inboxY;
      for (const [name, answers] of Object.entries(seen)) {
        assert.equal(answers.at(-1), winner, `round ${round}: replica ${name} ends on the newer link`);
        // none, then possibly the loser (committed first), then the winner: never back.
        const allowed = [['none', loser, winner], ['none', winner], [loser, winner], [winner]].map((path) => path.join(' -> '));
        const path = answers.join(' -> ').replaceAll(winner, 'winner').replaceAll(loser, 'loser');
        assert.ok(allowed.includes(answers.join(' -> ')), `round ${round}: replica ${name} answered ${path}`);
        paths.set(path, (paths.get(path) ?? 0) + 1);
      }
      assert.equal(await inboxFor(replicaA, contested.address), await inboxFor(replicaB, contested.address));
    }
    t.diagnostic(`answers seen per replica and round: ${JSON.stringify(Object.fromEntries(paths))}`);
  },
);
