import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { test } from 'node:test';
import { createEvent } from '@ticketchat/contracts';
import { createEventGroupDraft, nodeRuntime, publishEventGroup } from '@ticketchat/chat/node';
import { putEventMetadata } from '@ticketchat/metadata';
import { eventually } from '@ticketchat/test-support';
import { pino } from 'pino';
import { parseEther } from 'viem';
import { ConfigError, resolveConfig, type GatekeeperStatus } from '../src/index.ts';
import { buy, isMember, membersOf, mintEvent, newWallet, startAgent, useAgentStack, waitManaged, xmtpOf } from './fixtures/agentStack.ts';
import { unaryGrpcStatus } from './fixtures/rawGrpc.ts';

// @xmtp/proto's ESM build does not load in Node; its CommonJS build does.
const { mlsApi } = createRequire(import.meta.url)('@xmtp/proto') as typeof import('@xmtp/proto');

const context = useAgentStack();

test('/health, /status and /metrics on loopback; anything else is refused without harm', async () => {
  const { stack, agent } = context;
  assert.match(agent.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const event = await mintEvent(stack, agent);
  await waitManaged(agent, event.eventId);
  const buyer = await newWallet(stack);
  const buyerXmtp = await xmtpOf(stack, buyer);
  await buy(stack, buyer, event);
  await eventually('added', () => isMember(buyerXmtp, event.groupId));
  await agent.idle();

  await eventually('healthy once live', async () => (await fetch(`${agent.url}/health`)).status === 200);
  const status = (await (await fetch(`${agent.url}/status`)).json()) as GatekeeperStatus;
  assert.equal(status.inboxId, agent.inboxId);
  assert.equal(status.chain.live, true);
  assert.equal(status.chain.lagBlocks, 0);
  assert.deepEqual(
    status.events.map(({ state, members, holders, others, waiting }) => ({ state, members, holders, others, waiting })),
    [{ state: 'managed', members: 3, holders: 1, others: 2, waiting: [] }],
  );
  const metrics = await (await fetch(`${agent.url}/metrics`)).text();
  assert.match(metrics, /^gatekeeper_commits_total\{action="add"\} 1$/m);
  assert.match(metrics, /^gatekeeper_managed_events\{state="managed"\} 1$/m);
  assert.match(metrics, /^gatekeeper_pending_holders 0$/m);

  assert.equal((await fetch(`${agent.url}/status`, { method: 'POST', body: 'x'.repeat(100_000) })).status, 405);
  assert.equal((await fetch(`${agent.url}/../../etc/passwd`)).status, 404);
  // A client that sends half a request and never finishes does not stop others from being served.
  const stalled = connect(Number(new URL(agent.url).port), '127.0.0.1');
  await new Promise((resolve) => stalled.once('connect', resolve));
  stalled.write('GET /status HTTP/1.1\r\nHost: x\r\n');
  assert.equal((await fetch(`${agent.url}/health`)).status, 200);
  stalled.destroy();
});

/** An event on the chain whose group is still the creator's draft: the agent is not in it until it is published. */
async function registerWithUnpublishedGroup(name: string) {
  const { stack } = context;
  const group = await createEventGroupDraft(nodeRuntime, await stack.xmtp(1), { name });
  const now = await stack.now();
  const startsAt = now + 3_600n;
  const endsAt = now + 7_200n;
  // Real metadata: the agent reads it (for sections) before it manages any event.
  const { uri: metadataURI } = await putEventMetadata(stack.metadataStore, {
    schemaVersion: 1,
    title: name,
    description: '',
    category: 'test',
    startsAt: new Date(Number(startsAt) * 1000).toISOString(),
    endsAt: new Date(Number(endsAt) * 1000).toISOString(),
    image: 'https://example.com/event.png',
    chat: { xmtpGroupId: group.id },
    chain: { chainId: stack.deployment.chainId, registry: stack.deployment.registry, kiosk: stack.deployment.kiosk },
  });
  const { eventId } = await createEvent(stack.chain(1), {
    registry: stack.deployment.registry,
    startsAt,
    endsAt,
    ticketPrice: parseEther('0.001'),
    capacity: 10,
    metadataURI,
    chatGroupId: group.id,
  });
  return { group, eventId };
}

test('a group bound to another event is never managed, and its buyers are not added to it', async () => {
  const { stack, agent } = context;
  const real = await mintEvent(stack, agent, 'The real one');
  // The spoof: a second event whose group carries the first event's binding (its creator lied).
  const { group, eventId } = await registerWithUnpublishedGroup('Spoof');
  await publishEventGroup(group, {
    binding: { chainId: stack.deployment.chainId, registry: stack.deployment.registry, eventId: real.eventId },
    agentInboxIds: [agent.inboxId],
  });
  const refused = await eventually('the spoofed group refused', async () =>
    (await agent.status()).events.find((e) => e.eventId === eventId.toString() && e.note?.includes('bound to event')),
  );
  assert.equal(refused.state, 'awaiting-group');
  const buyer = await newWallet(stack);
  const buyerXmtp = await xmtpOf(stack, buyer);
  await buy(stack, buyer, { eventId } as Parameters<typeof buy>[2]);
  await agent.idle();
  assert.equal(await isMember(buyerXmtp, group.id), false);
});

test('a group that never reaches the agent is looked for less and less often (in its note); its welcome brings it in at once', async () => {
  const { stack, agent } = context;
  // The creator registers the event but does not publish its group (the agent is not in it yet).
  const { group, eventId } = await registerWithUnpublishedGroup('Late');
  const noteOf = async () => (await agent.status()).events.find((e) => e.eventId === eventId.toString())?.note ?? '';
  await eventually('the agent backs off', async () => {
    const seconds = /has not reached the agent yet \(next look within (\d+) s\)/.exec(await noteOf())?.[1];
    return seconds !== undefined && Number(seconds) >= 4;
  });
  await publishEventGroup(group, {
    binding: { chainId: stack.deployment.chainId, registry: stack.deployment.registry, eventId },
    agentInboxIds: [agent.inboxId],
  });
  await waitManaged(agent, eventId);
  assert.equal(await noteOf(), '');
});

test('the same welcome delivered again (the creator streaming, then re-sent through the node) is acted on once, with no commit of its own', async () => {
  const { stack } = context;
  const lines: { msg?: string; eventId?: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const watched = await startAgent(stack, { name: 'once', logger });
  const creator = await stack.xmtp(1);
  // libxmtp has been seen to publish a welcome twice while the group's creator streams: it streams here.
  const creatorStream = await creator.conversations.streamAllMessages({ onValue: () => undefined });
  try {
    const event = await mintEvent(stack, watched, 'Once');
    await waitManaged(watched, event.eventId);

    // Every welcome the new agent's installation received (this group's) is published again, byte for byte.
    const [state] = await creator.preferences.fetchInboxStates([watched.inboxId]);
    const installationKey = state!.installations[0]!.bytes;
    const welcomes = await stack.node.store.queryWelcomes(installationKey, { direction: 'ascending', limit: 100, cursor: 0n });
    assert.ok(welcomes.length > 0 && welcomes.every((welcome) => welcome.kind === 'v1'));
    for (const welcome of welcomes) {
      const request = mlsApi.SendWelcomeMessagesRequest.encode({
        messages: [
          {
            v1: {
              installationKey: welcome.installationKey,
              data: welcome.data,
              hpkePublicKey: welcome.hpkePublicKey,
              wrapperAlgorithm: welcome.wrapperAlgorithm as never,
              welcomeMetadata: welcome.welcomeMetadata,
            },
          },
        ],
      }).finish();
      assert.equal(await unaryGrpcStatus(stack.node.grpcUrl, '/xmtp.mls.api.v1.MlsApi/SendWelcomeMessages', request), 0, 'accepted');
    }
    const stored = await stack.node.store.queryWelcomes(installationKey, { direction: 'ascending', limit: 100, cursor: 0n });
    assert.equal(stored.length, welcomes.length, 'the node stores a byte-identical welcome once, as node-go does');
    // Another event's log makes the agent read its welcomes again; once that one is managed, the re-sent one was read too.
    const next = await mintEvent(stack, watched, 'Next');
    await waitManaged(watched, next.eventId);
    await watched.idle();

    const adoptions = lines.filter((line) => line.msg === 'managing event group' && line.eventId === event.eventId.toString());
    assert.equal(adoptions.length, 1, 'adopted once');
    assert.equal(
      lines.filter((line) => line.msg === 'membership commit').length,
      0,
      'no holders: no commit, however often the welcome came',
    );
    assert.deepEqual(await membersOf(stack, event.groupId), new Set([(await stack.xmtp(1)).inboxId, watched.inboxId]));
  } finally {
    await creatorStream.end();
    await watched.stop();
  }
});

test('bad configuration fails with "Validation failed:" naming the key', () => {
  const good = {
    walletKey: `0x${'11'.repeat(32)}`,
    xmtp: { env: 'local' },
    dataDir: '/tmp/x',
    chain: { rpcUrl: 'http://127.0.0.1:1', chainId: 1, registry: `0x${'22'.repeat(20)}`, kiosk: `0x${'33'.repeat(20)}`, fromBlock: 0n },
  } as const;
  assert.doesNotThrow(() => resolveConfig(good));
  assert.throws(
    () => resolveConfig({ ...good, walletKey: '0x1234' }),
    (error: Error) => error instanceof ConfigError && /walletKey/.test(error.message),
  );
  assert.throws(() => resolveConfig({ ...good, chain: { ...good.chain, kiosk: '0xnope' as never } }), /Validation failed: chain.kiosk/);
  assert.throws(() => resolveConfig({ ...good, batch: { maxSize: 0 } }), /Validation failed: batch.maxSize/);
  assert.throws(() => resolveConfig({ ...good, chain: { ...good.chain, wsUrl: 'http://x' } }), /Validation failed: chain.wsUrl/);
  // The state is SQLite unless a Postgres URL is given; anything else is refused without echoing a password.
  assert.equal(resolveConfig(good).database, undefined);
  assert.equal(resolveConfig({ ...good, database: 'postgresql://agent:secret@db/agents' }).database, 'postgresql://agent:secret@db/agents');
  for (const database of ['mysql://agent:secret@db/agents', 'postgres://', '/var/lib/gatekeeper.db', 'postgres://agent:secret@db/x y']) {
    assert.throws(
      () => resolveConfig({ ...good, database }),
      (error: Error) => /Validation failed: database/.test(error.message) && !error.message.includes('secret'),
      database,
    );
  }
  assert.throws(() => resolveConfig({ ...good, leaseTtlMs: 100 }), /Validation failed: leaseTtlMs/);
});
