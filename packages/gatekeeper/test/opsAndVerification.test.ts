import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { createEvent } from '@ticketchat/contracts';
import { createEventGroupDraft, nodeRuntime, publishEventGroup } from '@ticketchat/chat/node';
import { eventually } from '@ticketchat/test-support';
import { parseEther } from 'viem';
import { ConfigError, resolveConfig, type GatekeeperStatus } from '../src/index.ts';
import { buy, isMember, mintEvent, newWallet, useAgentStack, waitManaged, xmtpOf } from './fixtures/agentStack.ts';

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

test('a group bound to another event is never managed, and its buyers are not added to it', async () => {
  const { stack, agent } = context;
  const creator = await stack.xmtp(1);
  const real = await mintEvent(stack, agent, 'The real one');
  // The spoof: a second event whose group carries the first event's binding (its creator lied).
  const group = await createEventGroupDraft(nodeRuntime, creator, { name: 'Spoof' });
  const now = await stack.now();
  const { eventId } = await createEvent(stack.chain(1), {
    registry: stack.deployment.registry,
    startsAt: now + 3_600n,
    endsAt: now + 7_200n,
    ticketPrice: parseEther('0.001'),
    capacity: 10,
    metadataURI: 'ipfs://bagaaieraspoof',
    chatGroupId: group.id,
  });
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
