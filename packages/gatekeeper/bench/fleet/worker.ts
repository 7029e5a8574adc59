/*
 * One worker process of the bench's client fleet: holds a share of the buyers' real node-sdk
 * clients (each with its own database under this worker's directory), streams their welcomes and
 * messages, and reports when each arrived. Several workers spread the clients' libxmtp work (each
 * joining client validates every member of its group) over the machine's cores, away from the
 * bench process that runs the node and the agent.
 * Started by fleet.ts: argv is [directory, apiUrl].
 */
import { join } from 'node:path';
import { ClientPool, FileKeyStore, nodeRuntime, type NodeXmtpClient } from '@ticketchat/chat/node';
import { ConsentState } from '@xmtp/node-sdk';
import { privateKeyToAccount } from 'viem/accounts';
import {
  epochMs,
  type FleetEvent,
  type FleetKey,
  type FleetReply,
  type FleetRequest,
  type FleetStream,
  type RegisteredClient,
} from './protocol.ts';

const [directory, apiUrl] = process.argv.slice(2);
if (!directory || !apiUrl || !process.send) throw new Error('fleet worker: run by fleet.ts with [directory, apiUrl] and an IPC channel');
const send = (message: FleetReply | FleetEvent) => process.send!(message);

const pool = new ClientPool<NodeXmtpClient>({
  runtime: nodeRuntime,
  env: 'local',
  apiUrl,
  historySyncUrl: null,
  directory: join(directory, 'xmtp'),
  keyStore: new FileKeyStore(),
  deviceSync: false,
});
const clients = new Map<number, NodeXmtpClient>();
const streams: { end(): Promise<unknown> }[] = [];

async function register(keys: FleetKey[], concurrency: number): Promise<RegisteredClient[]> {
  const registered: RegisteredClient[] = [];
  const queue = [...keys];
  const lane = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const account = privateKeyToAccount(next.key);
      const client = await pool.get({ account });
      clients.set(next.index, client);
      registered.push({ index: next.index, address: account.address, inboxId: client.inboxId! });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return registered;
}

/** An announcement's id, or a text message's text; undefined for anything else. */
function keyOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  const id = (content as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

function openStream(index: number, client: NodeXmtpClient, stream: FleetStream) {
  const onError = (error: unknown) =>
    send({ type: 'streamError', index, stream, message: error instanceof Error ? error.message : String(error) });
  if (stream === 'groups') {
    return client.conversations.streamGroups({
      onValue: (group) => send({ type: 'joined', index, groupId: group.id, at: epochMs(), via: 'stream' }),
      onError,
      // A restarted stream does not replay the welcomes that came while it was down.
      onRestart: () => void resync(index, client),
    });
  }
  return client.conversations.streamAllMessages({
    // The app allows its room's group when it opens it; these clients never open a room.
    consentStates: [ConsentState.Allowed, ConsentState.Unknown],
    onValue: (message) => {
      const at = epochMs();
      const key = keyOf(message.content);
      if (key === undefined || message.contentType?.typeId === 'group_updated') return;
      send({ type: 'received', index, groupId: message.conversationId, senderInboxId: message.senderInboxId, key, at });
    },
    onError,
  });
}

async function resync(index: number, client: NodeXmtpClient): Promise<void> {
  await client.conversations.sync().catch(() => undefined);
  for (const group of client.conversations.listGroups()) send({ type: 'joined', index, groupId: group.id, at: epochMs(), via: 'resync' });
}

async function catchUp(groupIds: string[] | undefined): Promise<number[]> {
  const ms: number[] = [];
  for (const client of clients.values()) {
    const started = performance.now();
    if (!groupIds) await client.conversations.syncAll([ConsentState.Allowed, ConsentState.Unknown]);
    else for (const groupId of groupIds) await (await client.conversations.getConversationById(groupId))?.sync();
    ms.push(performance.now() - started);
  }
  return ms;
}

async function census(indexes: number[]) {
  const groups = [];
  for (const index of indexes) {
    const client = clients.get(index);
    if (!client) continue;
    await client.conversations.sync();
    groups.push({ index, groupIds: client.conversations.listGroups().map((group) => group.id) });
  }
  return groups;
}

async function handle(request: FleetRequest): Promise<FleetReply> {
  switch (request.type) {
    case 'register': {
      const rssBefore = process.memoryUsage().rss;
      const started = performance.now();
      const registered = await register(request.keys, request.concurrency);
      return {
        type: 'registered',
        id: request.id,
        clients: registered,
        rssBefore,
        rssAfter: process.memoryUsage().rss,
        ms: performance.now() - started,
      };
    }
    case 'watch':
      for (const [index, client] of clients) streams.push(await openStream(index, client, request.stream));
      return { type: 'watching', id: request.id };
    case 'catchUp':
      return { type: 'caughtUp', id: request.id, ms: await catchUp(request.groupIds) };
    case 'census':
      return { type: 'census', id: request.id, groups: await census(request.indexes) };
    case 'stop':
      await Promise.all(streams.map((stream) => stream.end().catch(() => undefined)));
      return { type: 'stopped', id: request.id };
  }
}

process.on('message', (request: FleetRequest) => {
  handle(request).then(send, (error: unknown) =>
    send({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) }),
  );
});
// The bench going away (crashed or done) takes this worker with it.
process.on('disconnect', () => process.exit(0));
