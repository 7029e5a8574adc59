import type { Conversation } from '@xmtp/node-sdk';
import type { BenchClient } from '../clients.ts';
import type { BenchNode } from '../nodeHost.ts';
import { progress } from '../progress.ts';
import { type CpuWindow, startCpuMeter } from '../resources.ts';

export interface OfflineSyncOptions {
  node: BenchNode;
  sender: BenchClient;
  /** Two members who joined the group and then went offline while the backlog was sent. */
  groupSyncMember: BenchClient;
  syncAllMember: BenchClient;
  backlog: number;
}

export interface OfflineSyncResult {
  backlog: number;
  /** Sending the backlog, one message after another (an extra single-sender ingest figure). */
  backlogSendSeconds: number;
  /** `group.sync()`: pages the backlog from the node (100 per page), decrypts and stores it. */
  groupSyncMs: number;
  /** `group.messages()` right after: reading the synced messages from the client's own database. */
  readMs: number;
  messagesRead: number;
  /** `conversations.syncAll()` by the other member: the same backlog through the app-wide sync. */
  syncAllMs: number;
  messagesReadAfterSyncAll: number;
  cpu: CpuWindow;
}

/**
 * Catch-up after being offline: members join (so they hold the keys for what follows), stop
 * syncing, `backlog` messages are sent, then each member syncs once and reads everything.
 * A fresh member cannot be measured this way: MLS gives it no keys for messages sent before it joined.
 */
export async function measureOfflineSync(options: OfflineSyncOptions): Promise<OfflineSyncResult> {
  const { node, sender, groupSyncMember, syncAllMember, backlog } = options;
  const group = await sender.conversations.createGroup([groupSyncMember.inboxId, syncAllMember.inboxId]);
  const join = async (member: BenchClient): Promise<Conversation<unknown>> => {
    await member.conversations.sync();
    const joined = await member.conversations.getConversationById(group.id);
    if (!joined) throw new Error(`${member.inboxId} did not receive the group's welcome`);
    await joined.sync();
    return joined;
  };
  const [groupSyncView, syncAllView] = await Promise.all([join(groupSyncMember), join(syncAllMember)]);

  progress(`  sending a backlog of ${backlog} messages`);
  const sendStartedAt = performance.now();
  for (let index = 0; index < backlog; index++) await group.sendText(`backlog ${index}`);
  const backlogSendSeconds = (performance.now() - sendStartedAt) / 1000;

  const isBacklog = (content: unknown) => typeof content === 'string' && content.startsWith('backlog ');
  const cpu = await startCpuMeter(node);
  const syncStartedAt = performance.now();
  await groupSyncView.sync();
  const groupSyncMs = performance.now() - syncStartedAt;
  const readStartedAt = performance.now();
  const messagesRead = (await groupSyncView.messages()).filter((message) => isBacklog(message.content)).length;
  const readMs = performance.now() - readStartedAt;

  const syncAllStartedAt = performance.now();
  await syncAllMember.conversations.syncAll();
  const syncAllMs = performance.now() - syncAllStartedAt;
  const messagesReadAfterSyncAll = (await syncAllView.messages()).filter((message) => isBacklog(message.content)).length;
  return {
    backlog,
    backlogSendSeconds,
    groupSyncMs,
    readMs,
    messagesRead,
    syncAllMs,
    messagesReadAfterSyncAll,
    cpu: await cpu.stop(),
  };
}
