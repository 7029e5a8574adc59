/*
 * The whole story through the real `ticketchat` bin, reading its --json: the stack started the way
 * `npm start` starts it (anvil, contracts, our XMTP node, the IPFS gateway, the membership agent),
 * a creator's event, two buyers, a conversation every tail sees exactly once, a refund that cuts
 * one buyer off while the other keeps reading, the agent's status, then a restart that keeps
 * everything and a --fresh start that keeps nothing.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { eventually } from '@ticketchat/test-support';
import { devAccount } from '../src/stack/devAccounts.ts';
import { cleanUp, cli, cliJson, scratchDataDir, startDevStack, tailChat, type ChatTail, type RunningDevStack } from './fixtures/cli.ts';

const creator = devAccount(1);
const alice = devAccount(2);
const bob = devAccount(3);

type History = { member: boolean; messages: { id: string; text?: string }[] };
type AgentStatus = { inboxId: string; events: { eventId: string; state: string; members: number; holders: number }[] };

describe('ticketchat from npm start to a refund, a restart and a fresh start', { timeout: 300_000 }, () => {
  let dataDir: string;
  let running: RunningDevStack | undefined;
  let eventId: string;
  let aliceTicket: string;
  let bobTicket: string;
  const tails: ChatTail[] = [];
  const as = (key: string) => ({ privateKey: key });
  const json = <T = Record<string, unknown>>(args: string[], key?: string) =>
    cliJson<T>([...args, '--data-dir', dataDir], key ? as(key) : {});
  after(async () => {
    for (const tail of tails) await tail.stop();
    await running?.stop();
    cleanUp();
  });

  test('the stack starts on free loopback ports and writes its stack file', async () => {
    dataDir = scratchDataDir();
    running = await startDevStack(dataDir);
    const { stack } = running;
    for (const url of [stack.chain.rpcUrl, stack.xmtp.apiUrl, stack.xmtp.webUrl, stack.ipfs.gatewayUrl, stack.agent!.url]) {
      assert.match(url, /^https?:\/\/127\.0\.0\.1:\d+$/, 'nothing listens beyond loopback');
    }
    assert.ok(existsSync(join(dataDir, 'stack.json')));
    // The web app is served too, told where everything is.
    assert.match(stack.web?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const config = (await (await fetch(new URL('config.json', stack.web!.url))).json()) as Record<string, unknown>;
    assert.deepEqual(
      [config.rpcUrl, config.xmtpApiUrl, config.ipfsGatewayUrl, config.agentInboxId, config.registry, config.historySyncUrl],
      [stack.chain.rpcUrl, stack.xmtp.webUrl, stack.ipfs.gatewayUrl, stack.agent!.inboxId, stack.chain.registry, stack.xmtp.historySyncUrl],
    );
    assert.equal((config.demoAccounts as unknown[]).length, 4);
  });

  test('a creator creates an event; two buyers buy and the agent lets them into its chat', async () => {
    const created = await json<{ eventId: string; agentInboxIds: string[] }>(
      ['event', 'create', '--title', 'Rooftop set', '--price', '0.01', '--capacity', '10'],
      creator.privateKey,
    );
    eventId = created.eventId;
    assert.deepEqual(created.agentInboxIds, [running!.stack.agent!.inboxId]);
    const [a, b] = await Promise.all(
      [alice, bob].map((buyer) =>
        json<{ ticketId: string; inChat: boolean }>(['ticket', 'buy', eventId, '--wait-chat', '60'], buyer.privateKey),
      ),
    );
    assert.equal(a!.inChat, true);
    assert.equal(b!.inChat, true);
    aliceTicket = a!.ticketId;
    bobTicket = b!.ticketId;
    const [listed] = await json<{ eventId: string; title: string; ticketsSold: string }[]>(['event', 'list']);
    assert.deepEqual([listed!.eventId, listed!.title, listed!.ticketsSold], [eventId, 'Rooftop set', '2']);
  });

  test('they chat with the creator, and each tail sees each message exactly once', async () => {
    const [aliceTail, bobTail] = await Promise.all([
      tailChat(dataDir, eventId, alice.privateKey),
      tailChat(dataDir, eventId, bob.privateKey),
    ]);
    tails.push(aliceTail, bobTail);
    await json(['chat', 'send', eventId, 'Welcome', 'to', 'the', 'show!'], creator.privateKey);
    await json(['chat', 'send', eventId, 'Hi from Alice'], alice.privateKey);
    await json(['chat', 'send', eventId, 'Hi from Bob'], bob.privateKey);
    const expected = ['Welcome to the show!', 'Hi from Alice', 'Hi from Bob'];
    for (const tail of [aliceTail, bobTail]) {
      await eventually(
        'each tail to show the three messages',
        () => expected.every((text) => tail.messages.some((m) => m.text === text)),
        30_000,
      );
      assert.equal(new Set(tail.messages.map((m) => m.id)).size, tail.messages.length, 'no message twice');
      assert.deepEqual(tail.messages.map((m) => m.text).sort(), [...expected].sort());
    }
    assert.equal(aliceTail.messages.find((m) => m.text === 'Hi from Alice')?.fromMe, true);
  });

  test('Alice refunds: she no longer reads what follows, Bob still does, and agent status says so', async () => {
    const refund = await json<{ eventId: string }>(['ticket', 'refund', aliceTicket], alice.privateKey);
    assert.equal(refund.eventId, eventId);
    await eventually(
      'the agent to remove Alice',
      async () => !(await json<History>(['chat', 'history', eventId], alice.privateKey)).member,
      30_000,
    );
    await json(['chat', 'send', eventId, 'Only ticket holders read this'], creator.privateKey);
    const [aliceTail, bobTail] = tails as [ChatTail, ChatTail];
    await eventually('Bob to read it live', () => bobTail.messages.some((m) => m.text === 'Only ticket holders read this'), 30_000);
    const bobsHistory = await json<History>(['chat', 'history', eventId], bob.privateKey);
    assert.ok(bobsHistory.member && bobsHistory.messages.some((m) => m.text === 'Only ticket holders read this'));
    const alicesHistory = await json<History>(['chat', 'history', eventId], alice.privateKey);
    assert.equal(alicesHistory.member, false);
    assert.ok(
      alicesHistory.messages.some((m) => m.text === 'Hi from Alice'),
      'what came before stays readable',
    );
    assert.ok(!alicesHistory.messages.some((m) => m.text === 'Only ticket holders read this'), 'nothing after the refund reaches her');
    assert.ok(!aliceTail.messages.some((m) => m.text === 'Only ticket holders read this'));
    assert.equal(await aliceTail.exited, 4, "Alice's tail ends: she is no longer in the chat");

    const status = await json<AgentStatus>(['agent', 'status']);
    const managed = status.events.find((event) => event.eventId === eventId);
    assert.equal(managed?.state, 'managed');
    assert.equal(managed?.holders, 1, 'Bob is the only holder left');
    assert.equal(managed?.members, 3, 'the creator, the agent and Bob');
    // Alice can no longer write either.
    const refused = await cli(['chat', 'send', eventId, 'let me in', '--data-dir', dataDir], as(alice.privateKey));
    assert.equal(refused.code, 4, refused.stderr);
    assert.match(refused.stderr, /no longer in event \d+'s chat/);
  });

  test('exit codes scripts can trust', async () => {
    const notFound = await cli(['event', 'show', '999', '--data-dir', dataDir]);
    assert.equal(notFound.code, 3, notFound.stderr);
    assert.match(notFound.stderr, /^error: Event 999 does not exist\./);
    const notHolder = await cli(['ticket', 'refund', aliceTicket, '--data-dir', dataDir], as(bob.privateKey));
    assert.equal(notHolder.code, 4, notHolder.stderr);
    const noAccount = await cli(['ticket', 'buy', eventId, '--data-dir', dataDir]);
    assert.equal(noAccount.code, 2);
    assert.match(noAccount.stderr, /--private-key or set TICKETCHAT_PRIVATE_KEY/);
    const badKey = await cli(['ticket', 'buy', eventId, '--data-dir', dataDir], as('0xnot-a-key-but-a-secret'));
    assert.equal(badKey.code, 2);
    assert.doesNotMatch(badKey.stdout + badKey.stderr, /not-a-key-but-a-secret/, 'a key is never echoed, even a wrong one');
    const usage = await cli(['ticket', 'buy', 'seven', '--data-dir', dataDir]);
    assert.equal(usage.code, 2);
    const jsonError = await cli(['event', 'show', '999', '--json', '--data-dir', dataDir]);
    assert.equal((JSON.parse(jsonError.stderr.trim().split('\n').at(-1)!) as { error: { exitCode: number } }).error.exitCode, 3);
  });

  test('a restart keeps events, tickets, memberships and history', async () => {
    const [, bobTail] = tails.splice(0);
    assert.equal(await bobTail!.stop(), 0, 'Ctrl-C ends a tail cleanly');
    assert.equal(await running!.stop(), 0, 'Ctrl-C stops the stack cleanly');
    assert.ok(!existsSync(join(dataDir, 'stack.json')), 'the stack file goes with the stack');
    const stopped = await cli(['event', 'list', '--data-dir', dataDir]);
    assert.equal(stopped.code, 5, 'with no stack running, the commands say so');
    assert.match(stopped.stderr, /npm start/);

    running = await startDevStack(dataDir);
    const [listed] = await json<{ eventId: string; title: string; ticketsSold: string }[]>(['event', 'list']);
    assert.deepEqual([listed!.eventId, listed!.title, listed!.ticketsSold], [eventId, 'Rooftop set', '1']);
    const bobsHistory = await json<History>(['chat', 'history', eventId], bob.privateKey);
    assert.equal(bobsHistory.member, true);
    assert.deepEqual(
      bobsHistory.messages.map((m) => m.text),
      ['Welcome to the show!', 'Hi from Alice', 'Hi from Bob', 'Only ticket holders read this'],
    );
    assert.equal((await json<History>(['chat', 'history', eventId], alice.privateKey)).member, false);
    await json(['chat', 'send', eventId, 'Still here after a restart'], bob.privateKey);
    const managed = (await json<AgentStatus>(['agent', 'status'])).events.find((event) => event.eventId === eventId);
    assert.deepEqual([managed?.members, managed?.holders], [3, 1]);
  });

  test('a transfer moves the chat with the ticket', async () => {
    const carol = devAccount(4);
    const moved = await json<{ eventId: string; to: string }>(['ticket', 'transfer', bobTicket, carol.address], bob.privateKey);
    assert.deepEqual([moved.eventId, moved.to], [eventId, carol.address]);
    await eventually(
      'the agent to let Carol in',
      async () => (await cli(['chat', 'history', eventId, '--data-dir', dataDir], as(carol.privateKey))).code === 0,
      30_000,
    );
    const carolsHistory = await json<History>(['chat', 'history', eventId], carol.privateKey);
    assert.equal(carolsHistory.member, true);
    await eventually(
      'the agent to remove Bob',
      async () => !(await json<History>(['chat', 'history', eventId], bob.privateKey)).member,
      30_000,
    );
  });

  test('--fresh starts empty', async () => {
    await running!.stop();
    running = await startDevStack(dataDir, ['--fresh']);
    assert.deepEqual(await json(['event', 'list']), []);
    assert.deepEqual((await json<AgentStatus>(['agent', 'status'])).events, []);
  });
});
