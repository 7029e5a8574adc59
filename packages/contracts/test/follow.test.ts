import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';
import { createPublicClient, webSocket } from 'viem';
import {
  buyTicket,
  cancelEvent,
  compareCheckpoints,
  decodeCheckpoint,
  encodeCheckpoint,
  followTicketchatLogs,
  InvalidCheckpointError,
  refundTicket,
  setChatGroupId,
  transferTicket,
  type Checkpoint,
  type FollowTicketchatLogsOptions,
  type TicketchatLog,
} from '../src/node.ts';
import { defaultEvent, startTestChain, type TestChain } from './fixtures.ts';

type Follower = {
  logs: TicketchatLog[];
  batchesBeforeLive: boolean[];
  live: Promise<bigint>;
  waitForCount: (count: number) => Promise<void>;
  stop: () => Promise<void>;
};

type FollowParameters = FollowTicketchatLogsOptions extends infer Options
  ? Options extends unknown
    ? Omit<Options, 'onLogs' | 'onLive' | 'signal'>
    : never
  : never;

/** Runs a follower in the background, collecting every log it hands over. */
function follow(options: FollowParameters): Follower {
  const logs: TicketchatLog[] = [];
  const batchesBeforeLive: boolean[] = [];
  const controller = new AbortController();
  let waiters: (() => void)[] = [];
  let markLive: (head: bigint) => void = () => {};
  const live = new Promise<bigint>((resolve) => {
    markLive = resolve;
  });
  const done = followTicketchatLogs({
    ...options,
    signal: controller.signal,
    onLive: markLive,
    onLogs: ({ logs: batch, checkpoint, live: isLive }) => {
      assert.deepEqual(checkpoint, batch.at(-1)?.checkpoint);
      batchesBeforeLive.push(isLive);
      logs.push(...batch);
      for (const wake of waiters) wake();
      waiters = [];
    },
  });
  const waitForCount = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while (logs.length < count) {
      if (Date.now() > deadline) throw new Error(`timed out with ${logs.length} of ${count} logs`);
      await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), new Promise((resolve) => setTimeout(resolve, 200))]);
    }
  };
  return {
    logs,
    batchesBeforeLive,
    live,
    waitForCount,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

function assertChainOrderWithoutDuplicates(logs: TicketchatLog[]) {
  for (let index = 1; index < logs.length; index++) {
    const previous = logs[index - 1]!;
    const current = logs[index]!;
    assert.ok(compareCheckpoints(previous.checkpoint, current.checkpoint) < 0, `log ${index} is out of order or repeated`);
  }
}

describe('followTicketchatLogs', () => {
  let chain: TestChain;
  let wsClient: ReturnType<typeof createWebSocketClient>;
  const createWebSocketClient = (url: string) => createPublicClient({ chain: chain.anvil.chain, transport: webSocket(url) });
  before(async () => {
    chain = await startTestChain();
    wsClient = createWebSocketClient(chain.anvil.wsUrl);
  });
  after(async () => {
    (await wsClient.transport.getRpcClient()).close();
    await chain.stop();
  });

  /** Creates an event and runs the ticket story: buy, buy, transfer, refund. Five followed logs. */
  const history = async () => {
    const eventId = await chain.newEvent({ capacity: 10 });
    const kiosk = chain.deployment.kiosk;
    const first = await buyTicket(chain.as(2), { kiosk, eventId, price: defaultEvent.ticketPrice });
    await buyTicket(chain.as(3), { kiosk, eventId, price: defaultEvent.ticketPrice });
    await transferTicket(chain.as(2), { kiosk, ticketId: first.ticketId, to: chain.account(4).address });
    await refundTicket(chain.as(4), { kiosk, ticketId: first.ticketId });
    return eventId;
  };
  const historyNames = ['EventCreated', 'TicketPurchased', 'TicketPurchased', 'TicketTransferred', 'TicketRefunded'];

  for (const transport of ['poll', 'ws'] as const) {
    it(`backfills history in bounded ranges, then follows live logs over ${transport}, without gap or duplicate`, async () => {
      const fromBlock = (await chain.publicClient.getBlockNumber()) + 1n;
      const eventId = await history();
      const follower = follow({
        ...(transport === 'ws'
          ? { transport, publicClient: wsClient }
          : { transport, publicClient: chain.publicClient, pollingInterval: 50 }),
        addresses: chain.deployment,
        fromBlock,
        maxBlockRange: 2n,
      });
      try {
        await follower.waitForCount(5);
        await follower.live;
        assert.ok(follower.batchesBeforeLive.length >= 3, 'a two-block range splits the backfill into several batches');
        assert.ok(
          follower.batchesBeforeLive.every((isLive) => !isLive),
          'backfill batches are not live',
        );

        await setChatGroupId(chain.as(1), { registry: chain.deployment.registry, eventId, chatGroupId: 'c0ffee' });
        await cancelEvent(chain.as(1), { registry: chain.deployment.registry, eventId });
        await follower.waitForCount(7);
        assert.equal(follower.batchesBeforeLive.at(-1), true);
      } finally {
        await follower.stop();
      }
      assert.deepEqual(
        follower.logs.map((log) => log.eventName),
        [...historyNames, 'ChatGroupIdUpdated', 'EventCancelled'],
      );
      assertChainOrderWithoutDuplicates(follower.logs);
      const [created, purchased] = follower.logs;
      assert.equal(created?.contract, 'registry');
      assert.equal(purchased?.contract, 'kiosk');
      if (created?.eventName === 'EventCreated') {
        assert.equal(created.args.eventId, eventId);
        assert.equal(created.args.chatGroupId, `0x${defaultEvent.chatGroupId}`);
      } else assert.fail('the first log is EventCreated');
    });
  }

  it('resumes after any checkpoint, even in the middle of a block, without repeating a log', async () => {
    const fromBlock = (await chain.publicClient.getBlockNumber()) + 1n;
    await history();
    // Three purchases mined in one block, so checkpoints inside a block are exercised.
    const eventId = await chain.newEvent({ capacity: 10 });
    await chain.testClient.setAutomine(false);
    const purchases = [2, 3, 4].map((buyer) =>
      buyTicket(chain.as(buyer), { kiosk: chain.deployment.kiosk, eventId, price: defaultEvent.ticketPrice }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await chain.testClient.mine({ blocks: 1 });
    await Promise.all(purchases);
    await chain.testClient.setAutomine(true);

    const full = follow({
      publicClient: chain.publicClient,
      addresses: chain.deployment,
      fromBlock,
      transport: 'poll',
      pollingInterval: 50,
    });
    await full.waitForCount(9);
    await full.stop();
    const all = full.logs;
    assert.equal(new Set(all.slice(-3).map((log) => log.blockNumber)).size, 1, 'the last three logs share a block');

    for (const resumeAfter of [0, 4, 6, 7]) {
      const checkpoint: Checkpoint = decodeCheckpoint(encodeCheckpoint(all[resumeAfter]!.checkpoint));
      const resumed = follow({
        publicClient: chain.publicClient,
        addresses: chain.deployment,
        checkpoint,
        transport: 'poll',
        pollingInterval: 50,
      });
      try {
        await resumed.live;
        await resumed.waitForCount(all.length - resumeAfter - 1);
      } finally {
        await resumed.stop();
      }
      assert.deepEqual(
        resumed.logs.map((log) => log.checkpoint),
        all.slice(resumeAfter + 1).map((log) => log.checkpoint),
        `resuming after log ${resumeAfter}`,
      );
    }
  });

  it('stops with the consumer error instead of skipping logs when onLogs throws', async () => {
    const fromBlock = (await chain.publicClient.getBlockNumber()) + 1n;
    await chain.newEvent();
    await assert.rejects(
      followTicketchatLogs({
        publicClient: chain.publicClient,
        addresses: chain.deployment,
        fromBlock,
        transport: 'poll',
        onLogs: () => {
          throw new Error('database is down');
        },
      }),
      /database is down/,
    );
  });
});

test('a stored checkpoint that is not one is refused with a sentence', () => {
  assert.throws(
    () => decodeCheckpoint('42:3'),
    (error: unknown) => error instanceof InvalidCheckpointError && /"42:3" is not an encoded checkpoint/.test(error.shortMessage),
  );
});
