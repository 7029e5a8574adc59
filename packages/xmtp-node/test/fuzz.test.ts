/*
 * Property-based fuzzing of every RPC with mutated REAL requests: a real @xmtp/node-sdk run goes
 * through a recording proxy, then fast-check damages each recorded request (bit flips,
 * truncation, trailing junk, duplicated or dropped fields, lying length prefixes and frame
 * headers) and sends it raw. Every call must end with a gRPC status before its deadline (or, for
 * a subscription that stays valid, stay open), no handler may fail internally, and afterwards the
 * node still answers /health and serves real clients.
 */
import assert from 'node:assert/strict';
import { connect, type ClientHttp2Session } from 'node:http2';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import Long from 'long';
import { startXmtpNode, type RunningXmtpNode } from '../src/index.ts';
import { identityApi, mlsApi } from '../src/protocol/codecs.ts';
import { Collector, createTestClient, createTestWallet, eventually, texts } from './fixtures/clients.ts';
import { grpcFrame, type RawCallOutcome, rawGrpcCallOn } from './fixtures/grpcCall.ts';
import { firstMessage, mutationArbitrary } from './fixtures/protobufMutations.ts';
import { startRecordingProxy } from './fixtures/recordingProxy.ts';

const MLS = '/xmtp.mls.api.v1.MlsApi';
const IDENTITY = '/xmtp.identity.api.v1.IdentityApi';
/** Every RPC the node implements. */
const RPCS = [
  `${IDENTITY}/GetInboxIds`,
  `${IDENTITY}/GetIdentityUpdates`,
  `${IDENTITY}/PublishIdentityUpdate`,
  `${IDENTITY}/VerifySmartContractWalletSignatures`,
  `${MLS}/UploadKeyPackage`,
  `${MLS}/FetchKeyPackages`,
  `${MLS}/RegisterInstallation`,
  `${MLS}/SendGroupMessages`,
  `${MLS}/SendWelcomeMessages`,
  `${MLS}/QueryGroupMessages`,
  `${MLS}/QueryWelcomeMessages`,
  `${MLS}/SubscribeGroupMessages`,
  `${MLS}/SubscribeWelcomeMessages`,
  `${MLS}/GetNewestGroupMessage`,
  `${MLS}/BatchPublishCommitLog`,
  `${MLS}/BatchQueryCommitLog`,
];
/** Cases per RPC: about 4,000 in all, sized to finish within a minute on a loaded 2-core machine. */
const RUNS_PER_RPC = 250;
const CALL_DEADLINE_MS = 10_000;
/** A subscription that answered its headers and is still streaming after this is healthy, not hung. */
const OPEN_AFTER_MS = 30;
const Status = { OK: 0, UNKNOWN: 2, INTERNAL: 13 } as const;

describe('fuzzing every RPC with mutated real requests', () => {
  let node: RunningXmtpNode;
  let session: ClientHttp2Session;
  const seeds = new Map<string, Buffer[]>();

  before(async () => {
    node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null });
    const proxy = await startRecordingProxy(node.grpcUrl);
    const viaProxy = { ...node, grpcUrl: proxy.url };
    const [alice, bob, carol] = await Promise.all(
      [createTestWallet(), createTestWallet(), createTestWallet()].map((wallet) => createTestClient(viaProxy, wallet)),
    );
    const streamed = new Collector<unknown>();
    const stream = await bob!.conversations.streamAllMessages({ onValue: streamed.add });
    const group = await alice!.conversations.createGroup([bob!.inboxId]);
    await group.sendText('recorded');
    await group.addMembers([carol!.inboxId]);
    await bob!.conversations.sync();
    const bobsGroup = (await bob!.conversations.getConversationById(group.id))!;
    await bobsGroup.sync();
    await bobsGroup.sendText('recorded reply');
    await streamed.waitFor(1, 'a streamed message');
    await stream.end();
    await eventually('the reply reaches alice', async () => {
      await group.sync();
      return (await texts(group)).includes('recorded reply') || undefined;
    });
    await alice!.conversations.syncAll();
    // libxmtp's commit-log worker publishes on its own schedule (a jittered interval); give it a
    // moment, and build the request from recorded parts if it does not come.
    await eventually('a commit-log publish', () => proxy.recorded.get(`${MLS}/BatchPublishCommitLog`), 5_000).catch(() => undefined);
    await proxy.close();
    for (const [path, bodies] of proxy.recorded)
      seeds.set(
        path,
        bodies.filter((body) => body.length >= 5),
      );
    addSynthesizedSeeds(seeds);
    session = connect(node.grpcUrl);
    session.on('error', () => undefined);
  });
  after(async () => {
    session?.close();
    await node?.stop();
  });

  test('the real run recorded a request of every RPC (or its parts, for the few it may not send)', () => {
    assert.deepEqual(
      RPCS.filter((path) => !seeds.get(path)?.length),
      [],
    );
  });

  for (const path of RPCS) {
    test(`${path.split('/').pop()}: ${RUNS_PER_RPC} mutated requests each get a status, none an internal error`, async (t) => {
      const recorded = seeds.get(path) ?? [];
      const tally = new Map<string, number>();
      assert.ok(recorded.length > 0, 'no recorded request');
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...recorded), mutationArbitrary, async (seed, mutation) => {
          const outcome: RawCallOutcome = await rawGrpcCallOn(session, path, mutation.apply(firstMessage(seed)), {
            deadlineMs: CALL_DEADLINE_MS,
            ...(path.includes('/Subscribe') ? { openAfterMs: OPEN_AFTER_MS } : {}),
          });
          const label = outcome.kind === 'status' ? `status ${outcome.status}` : outcome.kind;
          tally.set(label, (tally.get(label) ?? 0) + 1);
          if (outcome.kind === 'no-status') throw new Error(`${mutation.name}: ${outcome.reason}`);
          if (outcome.kind === 'status' && (outcome.status === Status.INTERNAL || outcome.status === Status.UNKNOWN)) {
            throw new Error(`${mutation.name}: status ${outcome.status} "${outcome.message}"`);
          }
        }),
        { numRuns: RUNS_PER_RPC },
      );
      t.diagnostic(`outcomes: ${[...tally].map(([label, count]) => `${label} x${count}`).join(', ')}`);
    });
  }

  test('afterwards the node answers /health and real clients still talk', async () => {
    const health = await fetch(`${node.grpcUrl}/health`);
    assert.equal(health.status, 200);
    const [dave, erin] = await Promise.all([createTestClient(node, createTestWallet()), createTestClient(node, createTestWallet())]);
    const group = await dave.conversations.createGroup([erin.inboxId]);
    await group.sendText('still here');
    await erin.conversations.sync();
    const received = (await erin.conversations.getConversationById(group.id))!;
    await eventually('the message arrives', async () => {
      await received.sync();
      return (await texts(received)).includes('still here') || undefined;
    });
  });
});

/**
 * No SDK calls RegisterInstallation (deprecated) or, without a smart wallet, the SCW check, and
 * the commit-log publish may not fall within the run: their seeds are built from recorded parts.
 */
function addSynthesizedSeeds(seeds: Map<string, Buffer[]>): void {
  const commitQuery = seeds.get(`${MLS}/BatchQueryCommitLog`)?.[0];
  const commit = seeds.get(`${MLS}/SendGroupMessages`)?.[0];
  if (commitQuery && commit && !seeds.has(`${MLS}/BatchPublishCommitLog`)) {
    const { groupId } = mlsApi.BatchQueryCommitLogRequest.decode(firstMessage(commitQuery)).requests[0]!;
    const { data } = mlsApi.SendGroupMessagesRequest.decode(firstMessage(commit)).messages[0]!.v1!;
    const signature = { bytes: new Uint8Array(64).fill(3), publicKey: new Uint8Array(32).fill(4) };
    const request = mlsApi.BatchPublishCommitLogRequest.encode({
      requests: [{ groupId, serializedCommitLogEntry: data, signature }],
    }).finish();
    seeds.set(`${MLS}/BatchPublishCommitLog`, [grpcFrame(request)]);
  }
  const upload = seeds.get(`${MLS}/UploadKeyPackage`)?.[0];
  if (upload && !seeds.has(`${MLS}/RegisterInstallation`)) {
    const { keyPackage } = mlsApi.UploadKeyPackageRequest.decode(firstMessage(upload));
    seeds.set(`${MLS}/RegisterInstallation`, [
      grpcFrame(mlsApi.RegisterInstallationRequest.encode({ keyPackage, isInboxIdCredential: false }).finish()),
    ]);
  }
  if (!seeds.has(`${IDENTITY}/VerifySmartContractWalletSignatures`)) {
    const request = identityApi.VerifySmartContractWalletSignaturesRequest.encode({
      signatures: [
        {
          accountId: 'eip155:31337:0x00000000000000000000000000000000000000aa',
          blockNumber: Long.fromNumber(1, true),
          hash: new Uint8Array(32).fill(7),
          signature: new Uint8Array(65).fill(9),
        },
      ],
    }).finish();
    seeds.set(`${IDENTITY}/VerifySmartContractWalletSignatures`, [grpcFrame(request)]);
  }
}
