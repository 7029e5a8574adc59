/*
 * The bench's side of the client fleet: starts worker processes (worker.ts), spreads the buyers'
 * keys over them, and collects what their clients' streams report: when each client got a group
 * (join) and when it got each message (by announcement id or text), on one clock (protocol.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FleetEvent, FleetKey, FleetMessage, FleetReply, FleetRequest, FleetStream, RegisteredClient } from './protocol.ts';

type Pending = (reply: FleetReply) => void;
/** A request without its id (the fleet numbers them); distributive, so each variant keeps its fields. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface Registration {
  clients: RegisteredClient[];
  /** Wall time until every worker had registered its share. */
  ms: number;
  /** Per worker: resident memory added by its clients, and how many it holds. */
  workers: { rssAddedBytes: number; clients: number; ms: number }[];
}

export interface Join {
  groupId: string;
  at: number;
  via: 'stream' | 'resync';
}

export interface ClientFleet {
  /** Creates and registers one client per key, spread evenly over the workers. */
  register(keys: FleetKey[], options?: { concurrency?: number }): Promise<Registration>;
  /** Starts every client's conversation stream (welcomes) or message stream. */
  watch(stream: FleetStream): Promise<void>;
  /** Every client syncs the named groups (all its groups without names); returns each client's time (ms) and the wall time for all. */
  catchUp(groupIds?: string[]): Promise<{ ms: number[]; wallMs: number }>;
  /** By buyer index: the first of these groups the client's conversation stream delivered, with when. */
  joined(groupIds: Iterable<string>): Map<number, Join>;
  /** When each client received the message with this key (first delivery), by buyer index. */
  receipts(key: string): Map<number, { groupId: string; senderInboxId: string; at: number }>;
  /** Stream failures reported by the workers. */
  streamErrors: Extract<FleetEvent, { type: 'streamError' }>[];
  /** Syncs these clients' welcomes and returns the groups each one has. */
  census(indexes: number[]): Promise<Map<number, string[]>>;
  stop(): Promise<void>;
}

// libxmtp's SQLCipher prints this for every database it opens; thousands of them say nothing.
const NOISE = /sqlcipherCodecAttach: no codec attached to db/;

export async function startClientFleet(options: { workers: number; directory: string; apiUrl: string }): Promise<ClientFleet> {
  /** Group id -> buyer index -> when that client first got the group. */
  const joins = new Map<string, Map<number, Join>>();
  const receiptsByKey = new Map<string, Map<number, { groupId: string; senderInboxId: string; at: number }>>();
  const streamErrors: Extract<FleetEvent, { type: 'streamError' }>[] = [];
  /** The live map for a key: a caller may hold it before the first receipt arrives. */
  const receiptsOf = (key: string) => {
    let receipts = receiptsByKey.get(key);
    if (!receipts) receiptsByKey.set(key, (receipts = new Map()));
    return receipts;
  };
  const pending = new Map<number, Pending>();
  let nextId = 0;

  const onMessage = (message: FleetMessage) => {
    switch (message.type) {
      case 'joined': {
        let group = joins.get(message.groupId);
        if (!group) joins.set(message.groupId, (group = new Map()));
        if (!group.has(message.index)) group.set(message.index, { groupId: message.groupId, at: message.at, via: message.via });
        return;
      }
      case 'received': {
        const receipts = receiptsOf(message.key);
        if (!receipts.has(message.index)) receipts.set(message.index, message);
        return;
      }
      case 'streamError':
        streamErrors.push(message);
        return;
      default:
        pending.get(message.id)?.(message);
        pending.delete(message.id);
    }
  };

  const workers: ChildProcess[] = [];
  for (let number = 0; number < options.workers; number++) {
    const directory = join(options.directory, `worker-${number}`);
    await mkdir(directory, { recursive: true });
    const worker = fork(new URL('./worker.ts', import.meta.url), [directory, options.apiUrl], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    createInterface({ input: worker.stderr! }).on(
      'line',
      (line) => NOISE.test(line) || process.stderr.write(`[worker ${number}] ${line}\n`),
    );
    worker.on('message', onMessage);
    workers.push(worker);
  }

  const ask = <Reply extends FleetReply['type']>(worker: ChildProcess, request: Unnumbered<FleetRequest>, expected: Reply) => {
    const id = nextId++;
    return new Promise<Extract<FleetReply, { type: Reply }>>((resolve, reject) => {
      const exited = () => reject(new Error(`fleet worker ${worker.pid} exited during ${request.type}`));
      worker.once('exit', exited);
      pending.set(id, (reply) => {
        worker.off('exit', exited);
        if (reply.type === expected) resolve(reply as Extract<FleetReply, { type: Reply }>);
        else
          reject(
            new Error(
              `fleet worker ${worker.pid}: ${request.type} ${reply.type === 'failed' ? `failed: ${reply.message}` : `got ${reply.type}`}`,
            ),
          );
      });
      worker.send({ ...request, id });
    });
  };
  const owner = new Map<number, ChildProcess>();

  return {
    joined(groupIds) {
      const first = new Map<number, Join>();
      for (const groupId of groupIds) {
        for (const [index, join] of joins.get(groupId) ?? []) {
          const earlier = first.get(index);
          if (!earlier || join.at < earlier.at) first.set(index, join);
        }
      }
      return first;
    },
    streamErrors,
    receipts: receiptsOf,
    async register(keys, { concurrency = 2 } = {}) {
      const started = performance.now();
      const shares = workers.map((worker, number) => ({
        worker,
        keys: keys.filter((_, position) => position % workers.length === number),
      }));
      const replies = await Promise.all(
        shares.map(({ worker, keys }) => ask(worker, { type: 'register', keys, concurrency }, 'registered')),
      );
      shares.forEach(({ worker, keys }) => keys.forEach(({ index }) => owner.set(index, worker)));
      return {
        clients: replies.flatMap((reply) => reply.clients).sort((a, b) => a.index - b.index),
        ms: performance.now() - started,
        workers: replies.map((reply) => ({ rssAddedBytes: reply.rssAfter - reply.rssBefore, clients: reply.clients.length, ms: reply.ms })),
      };
    },
    async watch(stream) {
      await Promise.all(workers.map((worker) => ask(worker, { type: 'watch', stream }, 'watching')));
    },
    async catchUp(groupIds) {
      const started = performance.now();
      const replies = await Promise.all(
        workers.map((worker) => ask(worker, { type: 'catchUp', ...(groupIds ? { groupIds } : {}) }, 'caughtUp')),
      );
      return { ms: replies.flatMap((reply) => reply.ms), wallMs: performance.now() - started };
    },
    async census(indexes) {
      const replies = await Promise.all(
        workers.map((worker) => ask(worker, { type: 'census', indexes: indexes.filter((index) => owner.get(index) === worker) }, 'census')),
      );
      return new Map(replies.flatMap((reply) => reply.groups.map(({ index, groupIds }) => [index, groupIds] as const)));
    },
    async stop() {
      await Promise.all(
        workers.map(async (worker) => {
          if (worker.exitCode !== null) return;
          const stopped = ask(worker, { type: 'stop' }, 'stopped').catch(() => undefined);
          await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 5_000))]);
          worker.disconnect();
        }),
      );
    },
  };
}
