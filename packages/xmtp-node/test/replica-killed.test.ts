/*
 * A replica SIGKILLed under load. Two replicas run as child processes on one Postgres; real
 * @xmtp/node-sdk clients on both send continuously to one group, everyone streaming. One replica
 * is killed mid-stream, and its clients carry on through the other.
 *
 * Each client reaches its replica through a loopback TCP proxy, which stands where a load balancer
 * would: when A dies, A's proxy sends new connections to B. The clients keep their objects, their
 * local databases and their streams, and reconnect as they would in production. (Reopening a new
 * Client on B's URL instead would leave the old one retrying in the background: the SDK cannot
 * close a client.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeliveryStatus, type DecodedMessage, type Group } from '@xmtp/node-sdk';
import { startPostgres } from '@ticketchat/test-support/postgres';
import { Collector, createTestClient, createTestWallet, eventually, type TestClient } from './fixtures/clients.ts';
import { health } from './fixtures/hostile.ts';
import { startReplicaProcess } from './fixtures/replicaProcess.ts';
import { startTcpProxy, type TcpProxy } from './fixtures/tcpProxy.ts';

const MESSAGES_PER_SENDER = 75;
/** A is killed once this many sends have been acknowledged, about 40% of the way. */
const KILL_AFTER = 120;

interface Member {
  name: string;
  replica: 'A' | 'B';
  sends: boolean;
  client: TestClient;
  group: Group<unknown>;
  streamed: Collector<DecodedMessage<unknown>>;
  /** Texts whose send() resolved, in order; and those whose send() threw. */
  acknowledged: string[];
  failed: string[];
  acknowledgedAfterKill: number;
}

/** The group's texts this member has as published (a sender's own failed sends stay local), oldest first. */
async function publishedTexts(group: Group<unknown>): Promise<string[]> {
  const messages = await group.messages();
  return messages.flatMap((m) => (typeof m.content === 'string' && m.deliveryStatus === DeliveryStatus.Published ? [m.content] : []));
}

/** The texts of one sender in a list, and whether they keep the order it sent them in. */
function inSenderOrder(texts: string[], sender: string): boolean {
  const numbers = texts.filter((text) => text.startsWith(`${sender} #`)).map((text) => Number(text.split('#')[1]));
  return numbers.every((n, i) => i === 0 || n > numbers[i - 1]!);
}

test(
  'a replica SIGKILLed under load: its clients move to the other, every acknowledged message is read once by every member, in order',
  {
    timeout: 300_000,
  },
  async (t) => {
    const cleanups: (() => unknown)[] = [];
    // One hook, run in this order: streams end before the replicas they retry against.
    t.after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });
    const postgres = await startPostgres();
    cleanups.push(() => postgres.stop());
    const replicaA = await startReplicaProcess(postgres.url);
    cleanups.push(() => replicaA.stop());
    const replicaB = await startReplicaProcess(postgres.url);
    cleanups.push(() => replicaB.stop());
    const proxies: Record<'A' | 'B', TcpProxy> = { A: await startTcpProxy(replicaA.port), B: await startTcpProxy(replicaB.port) };
    cleanups.push(
      () => proxies.A.close(),
      () => proxies.B.close(),
    );

    const plan = [
      { name: 'a1', replica: 'A', sends: true },
      { name: 'a2', replica: 'A', sends: true },
      { name: 'b1', replica: 'B', sends: true },
      { name: 'b2', replica: 'B', sends: true },
      { name: 'reader-a', replica: 'A', sends: false },
      { name: 'reader-b', replica: 'B', sends: false },
    ] as const;
    const clients = await Promise.all(
      plan.map(({ replica }) =>
        createTestClient({ grpcUrl: `http://127.0.0.1:${proxies[replica].port}`, historySyncUrl: undefined }, createTestWallet()),
      ),
    );
    const creator = clients[0]!;
    const created = await creator.conversations.createGroup(clients.slice(1).map((client) => client.inboxId));
    const members: Member[] = [];
    for (const [index, { name, replica, sends }] of plan.entries()) {
      const client = clients[index]!;
      if (index > 0) await client.conversations.sync();
      const group = (index === 0 ? created : await client.conversations.getConversationById(created.id)) as Group<unknown>;
      assert.ok(group, `${name} has the group`);
      members.push({
        name,
        replica,
        sends,
        client,
        group,
        streamed: new Collector(),
        acknowledged: [],
        failed: [],
        acknowledgedAfterKill: 0,
      });
    }
    // A new member's first send commits its key update; ten at once to one epoch make the SDK give up.
    for (const member of members.filter((m) => m.sends)) await member.group.sendText(`${member.name} warm-up`);

    for (const member of members) {
      const stream = await member.client.conversations.streamAllMessages({
        onValue: member.streamed.add,
        // The SDK's default pause between retries is a minute.
        retryDelay: 200,
        retryAttempts: 100,
      });
      cleanups.push(() => stream.end());
    }
    // Each probe has its own text: a probe sent again (a stream not live yet) is not a duplicate.
    let probes = 0;
    await eventually('every stream to be live', async () => {
      const probe = `streams ready? (${++probes})`;
      await members[0]!.group.sendText(probe);
      return members.every((m) => m.streamed.items.some((message) => message.content === probe)) || undefined;
    });

    let killed = false;
    let acknowledgedTotal = 0;
    const killA = () => {
      killed = true;
      replicaA.child.kill('SIGKILL');
      // The load balancer notices and sends A's clients to B.
      proxies.A.retarget(replicaB.port);
    };
    const sendAll = async (member: Member) => {
      for (let n = 0; n < MESSAGES_PER_SENDER; n++) {
        const text = `${member.name} #${n}`;
        try {
          await member.group.sendText(text);
          member.acknowledged.push(text);
          if (killed) member.acknowledgedAfterKill++;
          if (++acknowledgedTotal === KILL_AFTER) killA();
        } catch {
          // Not acknowledged: it may still reach the group (the SDK republishes it), but at most once.
          member.failed.push(text);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    await Promise.all(members.filter((m) => m.sends).map(sendAll));
    assert.ok(killed, 'A was killed while the senders were sending');
    await eventually('A to be gone', () => replicaA.child.signalCode === 'SIGKILL' || undefined);

    const acknowledged = members.flatMap((m) => m.acknowledged);
    const senders = members.filter((m) => m.sends);
    for (const member of senders.filter((m) => m.replica === 'A')) {
      assert.ok(member.acknowledgedAfterKill > 0, `${member.name}, a client of A, kept sending through B after the kill`);
    }
    for (const member of senders.filter((m) => m.replica === 'B')) {
      assert.deepEqual(member.failed, [], `${member.name}, a client of B, never saw a failure: B kept serving throughout`);
    }

    for (const member of members) {
      const read = await eventually(
        `${member.name} to read every acknowledged message`,
        async () => {
          await member.client.conversations.sync();
          await member.group.sync();
          const texts = await publishedTexts(member.group);
          return acknowledged.every((text) => texts.includes(text)) ? texts : undefined;
        },
        90_000,
      );
      assert.equal(new Set(read).size, read.length, `${member.name} reads no message twice`);
      for (const sender of senders) assert.ok(inSenderOrder(read, sender.name), `${member.name} reads ${sender.name}'s messages in order`);
    }

    // B's streams never broke: a reader there got everything live, once, in each sender's order.
    const streamedOnB = members.find((m) => m.name === 'reader-b')!.streamed.items.map((m) => m.content as string);
    assert.equal(new Set(streamedOnB).size, streamedOnB.length, 'nothing streamed twice on B');
    for (const text of acknowledged) assert.ok(streamedOnB.includes(text), `B's reader streamed ${text}`);
    for (const sender of senders) assert.ok(inSenderOrder(streamedOnB, sender.name), `B streamed ${sender.name}'s messages in order`);

    assert.equal(replicaB.child.exitCode, null, 'B is still running');
    assert.equal((await health(replicaB.grpcUrl)).status, 'ok');
    t.diagnostic(
      `acknowledged ${acknowledged.length} of ${senders.length * MESSAGES_PER_SENDER}; failed sends: ${senders
        .map((m) => `${m.name} ${m.failed.length}`)
        .join(', ')}`,
    );
  },
);
