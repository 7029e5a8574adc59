import type { Conversation } from '@xmtp/node-sdk';
import { mapWithParallelism } from '../async.ts';
import type { BenchClient } from '../clients.ts';
import type { BenchNode } from '../nodeHost.ts';
import { type CpuWindow, startCpuMeter } from '../resources.ts';
import { type Summary, summarize } from '../stats.ts';

/** `own-groups`: each sender posts to its own group; `shared-group`: all post to one group they all belong to. */
export type IngestLayout = 'own-groups' | 'shared-group';

export interface IngestOptions {
  node: BenchNode;
  /** Every sender runs concurrently; each sends its messages one after another, as an app does. */
  senders: BenchClient[];
  layout: IngestLayout;
  messagesPerSender: number;
  /** Senders stop early after this long, so a slow configuration cannot stretch the run. */
  maxSeconds: number;
}

export interface IngestResult {
  senders: number;
  layout: IngestLayout;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  /** Until the 250th send had been acknowledged (the prototype's "250 sequential sends"); NaN if fewer. */
  first250SendsMs: number;
  /** Senders that stopped on an error (the message is in firstFailure). */
  failedSenders: number;
  firstFailure: string | undefined;
  /** send() latency under this load: encrypt, publish, and the node's acknowledgement. */
  sendCall: Summary;
  cpu: CpuWindow;
}

/** Ingest throughput: real clients sending texts as fast as send() lets them, for a bounded count and time. */
export async function measureIngest(options: IngestOptions): Promise<IngestResult> {
  const { node, senders, layout } = options;
  const groups = await groupsFor(senders, layout);
  // One unmeasured send each, one sender at a time: a member's first send also commits its key
  // update, and ten concurrent commits to one epoch make the SDK give up (SyncFailedToWait).
  for (const group of groups) await group.sendText('ingest warmup');

  const sendCalls: number[] = [];
  const failures: string[] = [];
  let first250SendsMs = Number.NaN;
  const cpu = await startCpuMeter(node);
  const startedAt = performance.now();
  const deadline = startedAt + options.maxSeconds * 1000;
  await Promise.all(
    groups.map(async (group, senderIndex) => {
      for (let index = 0; index < options.messagesPerSender && performance.now() < deadline; index++) {
        const sentAt = performance.now();
        try {
          await group.sendText(`ingest ${senderIndex}/${index}`);
        } catch (error) {
          // Reported, not thrown: one failing sender should not discard the others' figures.
          failures.push((error as Error).message);
          return;
        }
        const doneAt = performance.now();
        sendCalls.push(doneAt - sentAt);
        if (sendCalls.length === 250) first250SendsMs = doneAt - startedAt;
      }
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  return {
    senders: senders.length,
    layout,
    messages: sendCalls.length,
    seconds,
    messagesPerSecond: sendCalls.length / seconds,
    first250SendsMs,
    failedSenders: failures.length,
    firstFailure: failures[0],
    sendCall: summarize(sendCalls),
    cpu: await cpu.stop(),
  };
}

/** One group per sender, in the sender's own client (index-aligned with `senders`). */
async function groupsFor(senders: BenchClient[], layout: IngestLayout): Promise<Conversation<unknown>[]> {
  if (layout === 'own-groups') {
    // Each group also holds the next sender, who never reads it: the node stores for a real recipient.
    return Promise.all(
      senders.map((sender, index) =>
        sender.conversations.createGroup(senders.length > 1 ? [senders[(index + 1) % senders.length]!.inboxId] : []),
      ),
    );
  }
  const [creator, ...others] = senders;
  if (!creator) return [];
  const shared = await creator.conversations.createGroup(others.map((other) => other.inboxId));
  const joined = await mapWithParallelism(others, 5, async (other) => {
    await other.conversations.sync();
    const group = await other.conversations.getConversationById(shared.id);
    if (!group) throw new Error(`${other.inboxId} did not receive the shared group's welcome`);
    return group;
  });
  return [shared, ...joined];
}
