import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { ClientPool, FileKeyStore, nodeRuntime } from '@ticketchat/chat/node';
import { eventually } from '@ticketchat/test-support';
import { ContentTypeJoinRequest, joinRequestCodec, type EncodedJoinRequest, type MintedEvent } from '@ticketchat/chat/node';
import {
  askAgent,
  buy,
  isMember,
  mintEvent,
  newWallet,
  linkAddress,
  useAgentStack,
  waitManaged,
  xmtpOf,
  type ChatClient,
} from './fixtures/agentStack.ts';

// No scheduled queue look-ups during these tests: only the DM can bring a late holder in.
let event: MintedEvent;
const context = useAgentStack({ pendingRetryMs: 3_600_000, joinRateLimit: { requests: 3, perMs: 60_000 } }, async ({ stack, agent }) => {
  event = await mintEvent(stack, agent);
  await waitManaged(agent, event.eventId);
});

/** Asks this file's agent (see `askAgent`). */
const ask = (client: ChatClient, message: string | EncodedJoinRequest) => askAgent(context.agent, client, message);

test('a holder whose ticket sits on another address of the inbox joins by DM', async () => {
  const { stack, agent } = context;
  // Bought with a wallet that had no XMTP identity; the holder then linked it to the inbox they use.
  const [ticketWallet, phoneWallet] = [await newWallet(stack), await newWallet(stack)];
  await buy(stack, ticketWallet, event);
  await eventually('queued', async () => (await agent.status()).pending.length > 0);
  const phone = await xmtpOf(stack, phoneWallet);
  await linkAddress(phone, ticketWallet);
  assert.equal(await isMember(phone, event.groupId), false);

  const answer = await ask(phone, `join ${event.eventId}`);
  assert.match(answer, /You're in/);
  assert.ok(await isMember(phone, event.groupId));
});

test("a member's new installation (the same wallet in a new browser) is let in by asking", async () => {
  const { stack } = context;
  const wallet = await newWallet(stack);
  const first = await xmtpOf(stack, wallet);
  await buy(stack, wallet, event);
  await eventually('the agent adds the buyer', () => isMember(first, event.groupId));

  // A second database for the same wallet: a new installation of an inbox already in the group.
  const elsewhere = new ClientPool<ChatClient>({
    runtime: nodeRuntime,
    env: 'local',
    apiUrl: stack.node.grpcUrl,
    historySyncUrl: null,
    directory: join(stack.directory, 'second-device'),
    keyStore: new FileKeyStore(),
    deviceSync: false,
  });
  const second = await elsewhere.get({ account: wallet.account });
  assert.equal(second.inboxId, first.inboxId);
  assert.notEqual(second.installationId, first.installationId);
  assert.equal(await isMember(second, event.groupId), false, 'nobody has sent since: the new installation waits');

  assert.match(await ask(second, `join ${event.eventId}`), /You're in/);
  assert.ok(await isMember(second, event.groupId));
  assert.ok(await isMember(first, event.groupId), 'the first installation stays');

  // The creator holds no ticket, yet a new device of theirs is let in the same way.
  const creatorElsewhere = await elsewhere.get({ walletClient: stack.chainClients(1).walletClient });
  assert.equal(await isMember(creatorElsewhere, event.groupId), false);
  assert.match(await ask(creatorElsewhere, `join ${event.eventId}`), /You're in/);
  assert.ok(await isMember(creatorElsewhere, event.groupId));
});

test('a non-holder is refused clearly, and junk gets the help text', async () => {
  const { stack } = context;
  const stranger = await xmtpOf(stack, await newWallet(stack));
  assert.match(await ask(stranger, `join ${event.eventId}`), /holds a valid ticket .* cannot join/);
  assert.equal(await isMember(stranger, event.groupId), false);
  assert.match(await ask(stranger, 'join 999999'), /no chat run by this agent/);
});

test('requests are rate-limited per inbox; a flood gets one notice and no service', async () => {
  const { stack } = context;
  const flooder = await xmtpOf(stack, await newWallet(stack));
  const other = await xmtpOf(stack, await newWallet(stack));
  assert.match(await ask(flooder, 'hello?'), /join <event id>/);
  assert.match(await ask(flooder, 'x'.repeat(5_000)), /join <event id>/);
  assert.match(await ask(flooder, `join ${event.eventId}`), /cannot join/);
  assert.match(await ask(flooder, `join ${event.eventId}`), /Too many requests/);
  // Others are unaffected.
  assert.match(await ask(other, `join ${event.eventId}`), /cannot join/);
});

test('a structured join request (ticketchat.app/join-request:1.0) lets a holder in', async () => {
  const { stack, agent } = context;
  // Bought before registering on XMTP; with no scheduled look-ups, only the request brings them in.
  const wallet = await newWallet(stack);
  await buy(stack, wallet, event);
  await eventually('queued', async () => (await agent.status()).pending.some((p) => p.address === wallet.account.address.toLowerCase()));
  const holder = await xmtpOf(stack, wallet);
  assert.match(await ask(holder, joinRequestCodec.encode({ eventId: event.eventId.toString() })), /You're in/);
  assert.ok(await isMember(holder, event.groupId));

  const stranger = await xmtpOf(stack, await newWallet(stack));
  assert.match(await ask(stranger, joinRequestCodec.encode({ eventId: event.eventId.toString() })), /cannot join/);
  assert.equal(await isMember(stranger, event.groupId), false);
});

test('malformed structured requests and unknown content types are refused with the reason; the agent keeps serving', async () => {
  const { stack } = context;
  const raw = (content: string | Uint8Array, type: EncodedJoinRequest['type'] = { ...ContentTypeJoinRequest }): EncodedJoinRequest => ({
    type,
    parameters: {},
    content: typeof content === 'string' ? new TextEncoder().encode(content) : content,
  });
  const valid = `{"eventId":"${event.eventId}"}`;
  const cases: [EncodedJoinRequest, RegExp][] = [
    [raw(`{"eventId":${event.eventId}}`), /eventId must be a string .* got a number/],
    [raw(`{"eventId":"${'9'.repeat(500)}"}`), /positive decimal uint256/],
    [raw('{"eventId":"seven"}'), /positive decimal uint256/],
    [raw('{}'), /needs an eventId/],
    [raw(new Uint8Array([0x7b, 0xff, 0x00, 0xfe])), /UTF-8 JSON/],
    [raw(`{"eventId":"1","pad":"${'x'.repeat(4_000)}"}`), /at most 1024 bytes/],
    [
      raw(valid, { authorityId: 'evil.example', typeId: 'join-request', versionMajor: 1, versionMinor: 0 }),
      /not evil\.example\/join-request:1\.0/,
    ],
    [raw(valid, { ...ContentTypeJoinRequest, versionMajor: 2 }), /not ticketchat\.app\/join-request:2\.0/],
    [raw(valid, { ...ContentTypeJoinRequest, versionMinor: 1 }), /reads join-request version 1\.0/],
  ];
  // The rate limit is 3 a minute per inbox: a new hostile inbox every 3 requests.
  for (let index = 0; index < cases.length; index += 3) {
    const hostile = await xmtpOf(stack, await newWallet(stack));
    for (const [message, refusal] of cases.slice(index, index + 3)) {
      const answer = await ask(hostile, message);
      assert.match(answer, refusal);
      assert.match(answer, /join <event id>/, 'the refusal says what to send instead');
    }
    assert.equal(await isMember(hostile, event.groupId), false);
  }
  // Still serving: a non-holder's text request gets its usual answer.
  const after = await xmtpOf(stack, await newWallet(stack));
  assert.match(await ask(after, `join ${event.eventId}`), /cannot join/);
});
