/*
 * The feed's state machine against a scripted in-memory SDK: what happens when a stream will not
 * open, dies silently, or the node is unreachable. (The real SDK and node are exercised in
 * ../roomResilience.test.ts; these cases cannot be forced on them on demand.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageFeed, type FeedState } from '../../src/rooms/messageFeed.ts';
import type { MessageStreamHandlers, XmtpMessage } from '../../src/sdk/types.ts';
import { eventually } from '@ticketchat/test-support';

const GROUP = 'group-1';

class ScriptedSdk {
  stored: XmtpMessage[] = [];
  streamOpens = 0;
  refuseStreams = 0;
  offline = false;
  private pushLive: ((message: XmtpMessage) => void) | undefined;
  private failLive: (() => void) | undefined;

  /** A message reaches the server: stored, and pushed on the live stream unless `silent`. */
  arrive(text: string, options: { silent?: boolean } = {}): XmtpMessage {
    const message: XmtpMessage = {
      id: `m${this.stored.length + 1}`,
      conversationId: GROUP,
      senderInboxId: 'creator',
      sentAtNs: BigInt(Date.now()) * 1_000_000n + BigInt(this.stored.length),
      content: text,
      contentType: { typeId: 'text' },
    };
    this.stored.push(message);
    if (!options.silent) this.pushLive?.(message);
    return message;
  }

  failStream(): void {
    this.failLive?.();
  }

  readonly group = {
    id: GROUP,
    sync: async () => {
      if (this.offline) throw new Error('node unreachable');
    },
  };

  readonly listSince = async (sentAfterNs: bigint) => this.stored.filter((m) => m.sentAtNs > sentAfterNs);

  readonly openStream = async (handlers: MessageStreamHandlers) => {
    this.streamOpens++;
    if (this.refuseStreams > 0) {
      this.refuseStreams--;
      throw new Error('subscribe refused');
    }
    this.pushLive = handlers.onMessage;
    this.failLive = handlers.onFail;
    return {
      end: async () => {
        this.pushLive = undefined;
        this.failLive = undefined;
      },
    };
  };
}

function startFeed(sdk: ScriptedSdk, overrides: { failuresBeforePolling?: number; watchdogMs?: number } = {}) {
  const delivered: string[] = [];
  const states: FeedState[] = [];
  const feed = new MessageFeed({
    group: sdk.group,
    listSince: sdk.listSince,
    openStream: sdk.openStream,
    onMessage: (message) => delivered.push(String(message.content)),
    onState: (state) => states.push(state),
    reconnect: { initialMs: 20, maxMs: 100 },
    watchdogMs: overrides.watchdogMs ?? 60_000,
    pollMs: 20,
    failuresBeforePolling: overrides.failuresBeforePolling ?? 3,
  });
  return { feed, delivered, states };
}

test('live messages are delivered once even when a replay also finds them', async () => {
  const sdk = new ScriptedSdk();
  const { feed, delivered, states } = startFeed(sdk);
  await feed.start(0n);
  sdk.arrive('one');
  sdk.failStream();
  await eventually('the stream to reopen', () => sdk.streamOpens === 2 && feed.currentState === 'live');
  sdk.arrive('two');
  await eventually('two messages', () => delivered.length === 2);
  await feed.close();
  assert.deepEqual(delivered, ['one', 'two']);
  assert.deepEqual(states, ['live', 'connecting', 'live', 'closed']);
});

test('messages that arrive while the stream is down are replayed from the database', async () => {
  const sdk = new ScriptedSdk();
  const { feed, delivered } = startFeed(sdk);
  await feed.start(0n);
  sdk.refuseStreams = 2;
  sdk.failStream();
  sdk.arrive('during the outage', { silent: true });
  await eventually('the replayed message', () => delivered.includes('during the outage'));
  await eventually('live again', () => feed.currentState === 'live');
  await feed.close();
});

test('a stream that keeps failing turns the room to polling, and back to live when it recovers', async () => {
  const sdk = new ScriptedSdk();
  sdk.refuseStreams = 1_000;
  const { feed, delivered, states } = startFeed(sdk, { failuresBeforePolling: 3 });
  await feed.start(0n);
  await eventually('degraded', () => feed.currentState === 'degraded');
  sdk.arrive('while polling', { silent: true });
  await eventually('polling to deliver', () => delivered.includes('while polling'));
  sdk.refuseStreams = 0;
  await eventually('live again', () => feed.currentState === 'live', 5_000);
  await feed.close();
  assert.ok(states.indexOf('degraded') < states.lastIndexOf('live'));
});

test('a silently dead stream is noticed by the watchdog', async () => {
  const sdk = new ScriptedSdk();
  const { feed, delivered } = startFeed(sdk, { watchdogMs: 50 });
  await feed.start(0n);
  // The server has it, but the stream never says so.
  sdk.arrive('lost by the stream', { silent: true });
  await eventually('the watchdog to deliver it', () => delivered.includes('lost by the stream'));
  await eventually('a fresh stream', () => sdk.streamOpens >= 2);
  await feed.close();
  assert.deepEqual(delivered, ['lost by the stream']);
});

test('an unreachable node is reported as offline until it comes back', async () => {
  const sdk = new ScriptedSdk();
  const { feed, states } = startFeed(sdk);
  sdk.offline = true;
  await feed.start(0n);
  assert.equal(feed.currentState, 'offline');
  sdk.offline = false;
  await eventually('live', () => feed.currentState === 'live');
  await feed.close();
  assert.deepEqual(states.slice(0, 2), ['offline', 'live']);
});
