/**
 * What validation costs. Real clients register, upload key packages and talk in a group; their
 * requests are read back from the node (real identity updates, key packages and MLS messages).
 * Each request is then handled twice, interleaved, against two fresh stores of the same kind:
 * once through the node's own API handler (decode, full validation, store write) and once
 * decoded and written straight to the store with what validation would have worked out given
 * (the cost of a node that checked nothing). The handlers are the node's, so the figures follow
 * whatever validation the API runs. Last, the same requests are replayed over gRPC into a fresh
 * file-backed node: ingest throughput with validation on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Long from 'long';
import { pino } from 'pino';
import { identityService } from '../../src/api/identityService.ts';
import type { Method } from '../../src/api/method.ts';
import { toStatus } from '../../src/api/statuses.ts';
import { mlsService } from '../../src/api/mlsService.ts';
import { IdentityLogs } from '../../src/api/identityLogs.ts';
import { startXmtpNode } from '../../src/index.ts';
import { resolveLimits } from '../../src/limits/limits.ts';
import { SmartWalletVerifier } from '../../src/identity/smartWallets.ts';
import { identityApi, mlsApi } from '../../src/protocol/codecs.ts';
import { SqliteStore } from '../../src/store/sqlite/sqliteStore.ts';
import type { NodeStore } from '../../src/store/types.ts';
import { Dispatcher } from '../../src/subscriptions/dispatcher.ts';
import { createClients } from '../clients.ts';
import type { BenchNode } from '../nodeHost.ts';
import type { BenchPlan } from '../plan.ts';
import { progress } from '../progress.ts';
import { RawGrpcConnection } from '../rawGrpc.ts';
import { ratio, summarize, type Summary } from '../stats.ts';

const MLS = '/xmtp.mls.api.v1.MlsApi';
const IDENTITY = '/xmtp.identity.api.v1.IdentityApi';
export const VALIDATED_RPCS = ['PublishIdentityUpdate', 'UploadKeyPackage', 'SendGroupMessages'] as const;
export type ValidatedRpc = (typeof VALIDATED_RPCS)[number];
const PATHS: Record<ValidatedRpc, string> = {
  PublishIdentityUpdate: `${IDENTITY}/PublishIdentityUpdate`,
  UploadKeyPackage: `${MLS}/UploadKeyPackage`,
  SendGroupMessages: `${MLS}/SendGroupMessages`,
};

export interface ValidationCost {
  rpc: ValidatedRpc;
  database: 'file' | 'memory';
  /** Decode + the API handler (validation and store write), per request. */
  validated: Summary;
  /** Decode + the store write alone, per request. */
  unvalidated: Summary;
  /** Median validated ÷ median unvalidated (medians: each request is used once, so the first ones also warm the JIT). */
  ratio: number;
  /** Requests the handler refused (a real client's request must never be; reported, not hidden). */
  refused: number;
  firstRefusal?: string;
}

export interface ValidationIngest {
  rpc: ValidatedRpc;
  requests: number;
  perSecond: number;
  refused: number;
}

export interface ValidationResult {
  costs: ValidationCost[];
  ingest: ValidationIngest[];
}

/** A real request with what a node that validated nothing would need to be told to store it. */
interface RecordedRequest {
  rpc: ValidatedRpc;
  bytes: Uint8Array;
  write(store: NodeStore): Promise<unknown>;
}

export async function runValidation(node: BenchNode, plan: BenchPlan): Promise<ValidationResult> {
  const requests = await recordRealRequests(node, plan);
  const costs: ValidationCost[] = [];
  for (const database of ['memory', 'file'] as const) {
    progress(`  validated vs. not, ${database} stores`);
    costs.push(...(await measureCosts(requests, database)));
  }
  progress('  ingest with validation on, over gRPC into a fresh file-backed node');
  return { costs, ingest: await measureIngest(requests) };
}

async function recordRealRequests(node: BenchNode, plan: BenchPlan): Promise<RecordedRequest[]> {
  const { clients: clientCount, groupMessages } = plan.validation;
  progress(`  ${clientCount} real clients register; one sends ${groupMessages} messages to a group`);
  const clients = (await createClients(node.grpcUrl, clientCount, plan.createParallelism)).map((created) => created.client);
  const [sender, receiver] = clients;
  if (!sender || !receiver) throw new Error('the validation suite needs at least 2 clients');
  const group = await sender.conversations.createGroup([receiver.inboxId]);
  for (let index = 0; index < groupMessages; index++) await group.sendText(`validation ${index}`);

  const connection = await RawGrpcConnection.open(node.grpcUrl);
  try {
    const updates = identityApi.GetIdentityUpdatesResponse.decode(
      await connection.unary(
        `${IDENTITY}/GetIdentityUpdates`,
        identityApi.GetIdentityUpdatesRequest.encode({
          requests: clients.map((client) => ({ inboxId: client.inboxId, sequenceId: Long.UZERO })),
        }).finish(),
      ),
    );
    const identity = updates.responses.flatMap(({ inboxId, updates: log }) =>
      log.map(({ update }) => {
        const bytes = identityApi.PublishIdentityUpdateRequest.encode({ identityUpdate: update }).finish();
        const address = update!.actions[0]?.createInbox?.initialIdentifier ?? '';
        return {
          rpc: 'PublishIdentityUpdate' as const,
          bytes,
          write: (store: NodeStore) => store.appendIdentityUpdate(inboxId, bytes, () => ({ linked: [address], unlinked: [] })),
        };
      }),
    );
    const keys = clients.map((client) => client.installationIdBytes);
    const fetched = mlsApi.FetchKeyPackagesResponse.decode(
      await connection.unary(`${MLS}/FetchKeyPackages`, mlsApi.FetchKeyPackagesRequest.encode({ installationKeys: keys }).finish()),
    );
    const keyPackages = fetched.keyPackages.map(({ keyPackageTlsSerialized }, index) => {
      const bytes = mlsApi.UploadKeyPackageRequest.encode({ keyPackage: { keyPackageTlsSerialized }, isInboxIdCredential: false }).finish();
      const client = clients[index]!;
      return {
        rpc: 'UploadKeyPackage' as const,
        bytes,
        write: (store: NodeStore) => store.saveKeyPackage(client.installationIdBytes, client.inboxId, keyPackageTlsSerialized),
      };
    });
    const messages = await allGroupMessages(connection, group.id);
    const sends = messages.map(({ groupId, data, senderHmac, shouldPush, isCommit }) => {
      const bytes = mlsApi.SendGroupMessagesRequest.encode({ messages: [{ v1: { data, senderHmac, shouldPush } }] }).finish();
      return {
        rpc: 'SendGroupMessages' as const,
        bytes,
        write: (store: NodeStore) => store.insertGroupMessages([{ groupId, data, senderHmac, shouldPush, isCommit }]),
      };
    });
    // Identity first: key-package checks may look up the inbox an installation belongs to.
    return [...identity, ...keyPackages, ...sends];
  } finally {
    connection.close();
  }
}

async function allGroupMessages(connection: RawGrpcConnection, groupIdHex: string) {
  const groupId = Buffer.from(groupIdHex, 'hex');
  const messages = [];
  let cursor = Long.UZERO;
  for (;;) {
    const page = mlsApi.QueryGroupMessagesResponse.decode(
      await connection.unary(
        `${MLS}/QueryGroupMessages`,
        mlsApi.QueryGroupMessagesRequest.encode({ groupId, pagingInfo: { direction: 1, limit: 100, idCursor: cursor } }).finish(),
      ),
    );
    const v1s = page.messages.flatMap((message) => (message.v1 ? [message.v1] : []));
    messages.push(...v1s);
    if (v1s.length < 100) return messages;
    cursor = v1s.at(-1)!.id;
  }
}

/** Two fresh stores of one kind: one behind the node's handlers, one written directly. */
async function measureCosts(requests: RecordedRequest[], database: 'file' | 'memory'): Promise<ValidationCost[]> {
  const directory = database === 'file' ? mkdtempSync(join(tmpdir(), 'xmtp-node-bench-validation-')) : undefined;
  const path = (name: string) => (directory ? join(directory, name) : ':memory:');
  const validatedStore = new SqliteStore({ path: path('validated.db') });
  const smartWallets = new SmartWalletVerifier();
  const identities = new IdentityLogs(validatedStore, smartWallets);
  const plainStore = new SqliteStore({ path: path('plain.db') });
  const methods = new Map([
    ...identityService({ reads: validatedStore, identities, smartWallets, maxResponseBytes: resolveLimits().maxResponseBytes }),
    ...mlsService({
      reads: validatedStore,
      writes: validatedStore,
      groupMessages: new Dispatcher(),
      welcomes: new Dispatcher(),
      identities,
      limits: resolveLimits(),
    }),
  ]);
  const context = { signal: new AbortController().signal, log: pino({ level: 'silent' }) };
  const samples = new Map<ValidatedRpc, { validated: number[]; unvalidated: number[]; refused: number; firstRefusal?: string }>();
  try {
    for (const [index, request] of requests.entries()) {
      const method = methods.get(PATHS[request.rpc]) as Method;
      const entry = samples.get(request.rpc) ?? { validated: [], unvalidated: [], refused: 0 };
      samples.set(request.rpc, entry);
      const validated = async () => {
        const startedAt = performance.now();
        try {
          await method.handle(method.request.decode(request.bytes), context, async () => undefined);
        } catch (error) {
          entry.refused++;
          entry.firstRefusal ??= toStatus(error).message; // what the client would read
        }
        entry.validated.push(performance.now() - startedAt);
      };
      const unvalidated = async () => {
        const startedAt = performance.now();
        method.request.decode(request.bytes);
        await request.write(plainStore);
        entry.unvalidated.push(performance.now() - startedAt);
      };
      // Alternate which goes first, so neither always meets a warmer cache.
      if (index % 2 === 0) await validated().then(unvalidated);
      else await unvalidated().then(validated);
    }
  } finally {
    await validatedStore.close();
    await plainStore.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  }
  return VALIDATED_RPCS.flatMap((rpc) => {
    const entry = samples.get(rpc);
    if (!entry) return [];
    const validated = summarize(entry.validated);
    const unvalidated = summarize(entry.unvalidated);
    return [
      {
        rpc,
        database,
        validated,
        unvalidated,
        ratio: ratio(validated.p50, unvalidated.p50),
        refused: entry.refused,
        ...(entry.firstRefusal ? { firstRefusal: entry.firstRefusal } : {}),
      },
    ];
  });
}

/** The recorded requests, one after another over one connection, into a fresh node: requests/s per RPC. */
async function measureIngest(requests: RecordedRequest[]): Promise<ValidationIngest[]> {
  const directory = mkdtempSync(join(tmpdir(), 'xmtp-node-bench-validation-'));
  const fresh = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null, database: join(directory, 'node.db') });
  const connection = await RawGrpcConnection.open(fresh.grpcUrl);
  try {
    const results: ValidationIngest[] = [];
    for (const rpc of VALIDATED_RPCS) {
      const batch = requests.filter((request) => request.rpc === rpc);
      let refused = 0;
      const startedAt = performance.now();
      for (const request of batch) await connection.unary(PATHS[rpc], request.bytes).catch(() => refused++);
      const seconds = (performance.now() - startedAt) / 1000;
      results.push({ rpc, requests: batch.length, perSecond: batch.length / seconds, refused });
    }
    return results;
  } finally {
    connection.close();
    await fresh.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
