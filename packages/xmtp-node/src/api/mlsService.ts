import { MlsValidationError } from '../errors.ts';
import type { NodeLimits } from '../limits/limits.ts';
import { hexKey, lookupOncePer, pageCutShort, ResponseBudget } from '../limits/responseBudget.ts';
import { checkCommitLogEntry } from '../mls/commitLogEntry.ts';
import { checkKeyPackageInbox, type InstallationDirectory, keyPackagesOfMembers } from '../mls/inboxInstallations.ts';
import { verifyKeyPackage } from '../mls/keyPackage.ts';
import { parseGroupMessage } from '../mls/mlsMessage.ts';
import { checkWelcomePointer, checkWelcomeV1 } from '../mls/welcomeMessage.ts';
import { mlsApi, signatures, type MlsApi } from '../protocol/codecs.ts';
import { toBigInt, toLong } from '../protocol/longs.ts';
import { type Codec, protoCodec } from '../protocol/messageCodec.ts';
import type { NodeStore, ReadStore, StoredGroupMessage, StoredWelcome, WelcomeInput } from '../store/types.ts';
import type { Dispatcher } from '../subscriptions/dispatcher.ts';
import { sharedPerItem } from '../subscriptions/sharedResponses.ts';
import { runSubscription } from '../subscriptions/subscription.ts';
import { groupTopic, welcomeTopic } from '../subscriptions/topics.ts';
import { type Method, type MethodTable, serverStreaming, unary } from './method.ts';
import { MAX_PAGE_SIZE, toPageRequest, toPagingInfo } from './paging.ts';
import { invalidArgument, resourceExhausted } from './statuses.ts';

const SERVICE = '/xmtp.mls.api.v1.MlsApi';

/** Batch limits. The client's own batches are smaller; these only stop abuse. */
const MAX_BATCH = { groupMessages: 1000, welcomes: 1000, keyPackages: 10_000 } as const;
/** xmtp-node-go's commit-log batch limits: clients send at most 10 publishes and 20 queries. */
const MAX_COMMIT_LOG_PUBLISHES = 10;
const MAX_COMMIT_LOG_QUERIES = 20;

/** google.protobuf.Empty: no fields, so nothing to decode or encode. */
const empty: Codec<object> = { decode: () => ({}), encode: () => new Uint8Array() };

export interface MlsServiceDependencies {
  /** What the lookups, queries and subscriptions read. */
  reads: ReadStore;
  /** Where the publishes write; the same backend as `reads` (writes must be visible to reads at once). */
  writes: NodeStore;
  groupMessages: Dispatcher<StoredGroupMessage>;
  welcomes: Dispatcher<StoredWelcome>;
  /** Each inbox's installations by its verified identity log, for key packages. */
  identities: InstallationDirectory;
  limits: NodeLimits;
}

/** xmtp.mls.api.v1.MlsApi: an ordered log of opaque MLS messages, welcomes and key packages. */
export function mlsService({ reads, writes, groupMessages, welcomes, identities, limits }: MlsServiceDependencies): MethodTable {
  return new Map<string, Method>([
    [
      `${SERVICE}/SendGroupMessages`,
      unary(protoCodec(mlsApi.SendGroupMessagesRequest), empty, async (request: MlsApi.SendGroupMessagesRequest) => {
        requireBatch(request.messages.length, MAX_BATCH.groupMessages, 'messages');
        const inputs = request.messages.map((message, index) => {
          const v1 = message.v1;
          if (!v1 || v1.data.length === 0) throw invalidArgument(`messages[${index}]: a v1 message with data is required`);
          const header = checkField(() => parseGroupMessage(v1.data), `messages[${index}]`);
          return {
            groupId: header.groupId,
            data: v1.data,
            senderHmac: v1.senderHmac,
            shouldPush: v1.shouldPush,
            isCommit: header.isCommit,
          };
        });
        for (const stored of await writes.insertGroupMessages(inputs)) groupMessages.publish(groupTopic(stored.groupId), stored);
        return {};
      }),
    ],
    [
      `${SERVICE}/SendWelcomeMessages`,
      unary(protoCodec(mlsApi.SendWelcomeMessagesRequest), empty, async (request: MlsApi.SendWelcomeMessagesRequest) => {
        requireBatch(request.messages.length, MAX_BATCH.welcomes, 'messages');
        const inputs = request.messages.map((message, index) => toWelcomeInput(message, `messages[${index}]`));
        for (const stored of await writes.insertWelcomes(inputs)) welcomes.publish(welcomeTopic(stored.installationKey), stored);
        return {};
      }),
    ],
    [
      `${SERVICE}/UploadKeyPackage`,
      unary(protoCodec(mlsApi.UploadKeyPackageRequest), empty, async (request: MlsApi.UploadKeyPackageRequest) => {
        await saveKeyPackage(writes, identities, request.keyPackage);
        return {};
      }),
    ],
    [
      `${SERVICE}/RegisterInstallation`,
      unary(
        protoCodec(mlsApi.RegisterInstallationRequest),
        protoCodec(mlsApi.RegisterInstallationResponse),
        async (request: MlsApi.RegisterInstallationRequest) => ({
          installationKey: await saveKeyPackage(writes, identities, request.keyPackage),
        }),
      ),
    ],
    [
      `${SERVICE}/FetchKeyPackages`,
      unary(
        protoCodec(mlsApi.FetchKeyPackagesRequest),
        protoCodec(mlsApi.FetchKeyPackagesResponse),
        async (request: MlsApi.FetchKeyPackagesRequest) => {
          requireBatch(request.installationKeys.length, MAX_BATCH.keyPackages, 'installation_keys');
          // Same order and length as asked; an unknown installation gets an empty entry.
          const found = await keyPackagesOfMembers(
            identities,
            request.installationKeys,
            await reads.fetchKeyPackages(request.installationKeys),
          );
          return { keyPackages: found.map((keyPackage) => ({ keyPackageTlsSerialized: keyPackage ?? new Uint8Array() })) };
        },
      ),
    ],
    [
      `${SERVICE}/QueryGroupMessages`,
      unary(
        protoCodec(mlsApi.QueryGroupMessagesRequest),
        protoCodec(mlsApi.QueryGroupMessagesResponse),
        async (request: MlsApi.QueryGroupMessagesRequest) => {
          if (request.groupId.length === 0) throw invalidArgument('group_id is required');
          const page = { ...toPageRequest(request.pagingInfo), maxBytes: limits.maxResponseBytes };
          const messages = await reads.queryGroupMessages(request.groupId, page);
          refuseIfCutShort(messages, limits.maxResponseBytes, 'QueryGroupMessages');
          return {
            messages: messages.map(toGroupMessage),
            pagingInfo: toPagingInfo(
              page,
              messages.map((m) => m.id),
            ),
          };
        },
      ),
    ],
    [
      `${SERVICE}/QueryWelcomeMessages`,
      unary(
        protoCodec(mlsApi.QueryWelcomeMessagesRequest),
        protoCodec(mlsApi.QueryWelcomeMessagesResponse),
        async (request: MlsApi.QueryWelcomeMessagesRequest) => {
          if (request.installationKey.length === 0) throw invalidArgument('installation_key is required');
          const page = { ...toPageRequest(request.pagingInfo), maxBytes: limits.maxResponseBytes };
          const found = await reads.queryWelcomes(request.installationKey, page);
          refuseIfCutShort(found, limits.maxResponseBytes, 'QueryWelcomeMessages');
          return {
            messages: found.map(toWelcomeMessage),
            pagingInfo: toPagingInfo(
              page,
              found.map((w) => w.id),
            ),
          };
        },
      ),
    ],
    [
      `${SERVICE}/GetNewestGroupMessage`,
      unary(
        protoCodec(mlsApi.GetNewestGroupMessageRequest),
        protoCodec(mlsApi.GetNewestGroupMessageResponse),
        async (request: MlsApi.GetNewestGroupMessageRequest) => {
          if (request.groupIds.length === 0) throw invalidArgument('group_ids is required');
          requireBatch(request.groupIds.length, limits.maxIdsPerRequest, 'group_ids');
          const budget = new ResponseBudget(limits.maxResponseBytes, 'GetNewestGroupMessage');
          const responses = await lookupOncePer(
            request.groupIds,
            hexKey,
            async (groupId) => {
              const newest = await reads.newestGroupMessage(groupId);
              if (!newest) return {};
              const v1 = toGroupMessage(newest).v1!;
              // Without content only the metadata travels; syncAll needs nothing more.
              return {
                groupMessage: {
                  v1: request.includeContent ? v1 : { ...v1, data: new Uint8Array(), senderHmac: new Uint8Array(), shouldPush: false },
                },
              };
            },
            (response) =>
              budget.add(response.groupMessage?.v1?.groupId, response.groupMessage?.v1?.data, response.groupMessage?.v1?.senderHmac),
          );
          return { responses };
        },
      ),
    ],
    [
      `${SERVICE}/SubscribeGroupMessages`,
      serverStreaming(
        protoCodec(mlsApi.SubscribeGroupMessagesRequest),
        protoCodec(mlsApi.GroupMessage),
        async (request: MlsApi.SubscribeGroupMessagesRequest, context, send) => {
          // An empty filter list is valid: a client with no groups yet keeps a stream open.
          const topics = request.filters.map((filter) => {
            if (filter.groupId.length === 0) throw invalidArgument('every filter needs a group_id');
            return { topic: groupTopic(filter.groupId), key: filter.groupId, cursor: toBigInt(filter.idCursor) };
          });
          await runSubscription({
            dispatcher: groupMessages,
            topics,
            pageSize: MAX_PAGE_SIZE,
            readPage: (groupId, page) => reads.queryGroupMessages(groupId, page),
            deliver: (message) => send(sharedGroupMessage(message)),
            signal: context.signal,
            maxTopics: limits.maxFiltersPerSubscription,
            maxBuffered: limits.maxQueuedMessages,
            maxPageBytes: limits.maxQueuedBytes,
          });
        },
      ),
    ],
    [
      `${SERVICE}/SubscribeWelcomeMessages`,
      serverStreaming(
        protoCodec(mlsApi.SubscribeWelcomeMessagesRequest),
        protoCodec(mlsApi.WelcomeMessage),
        async (request: MlsApi.SubscribeWelcomeMessagesRequest, context, send) => {
          if (request.filters.length === 0) throw invalidArgument('at least one filter is required');
          const topics = request.filters.map((filter) => {
            if (filter.installationKey.length === 0) throw invalidArgument('every filter needs an installation_key');
            return { topic: welcomeTopic(filter.installationKey), key: filter.installationKey, cursor: toBigInt(filter.idCursor) };
          });
          await runSubscription({
            dispatcher: welcomes,
            topics,
            pageSize: MAX_PAGE_SIZE,
            readPage: (installationKey, page) => reads.queryWelcomes(installationKey, page),
            deliver: (welcome) => send(sharedWelcomeMessage(welcome)),
            signal: context.signal,
            maxTopics: limits.maxFiltersPerSubscription,
            maxBuffered: limits.maxQueuedMessages,
            maxPageBytes: limits.maxQueuedBytes,
          });
        },
      ),
    ],
    [
      `${SERVICE}/BatchPublishCommitLog`,
      unary(protoCodec(mlsApi.BatchPublishCommitLogRequest), empty, async (request: MlsApi.BatchPublishCommitLogRequest) => {
        const count = request.requests.length;
        if (count < 1 || count > MAX_COMMIT_LOG_PUBLISHES)
          throw invalidArgument(`1 to ${MAX_COMMIT_LOG_PUBLISHES} requests are allowed, got ${count}`);
        const entries = request.requests.map((entry, index) => {
          if (entry.groupId.length === 0 || entry.serializedCommitLogEntry.length === 0 || !entry.signature) {
            throw invalidArgument(`requests[${index}]: group_id, serialized_commit_log_entry and signature are required`);
          }
          checkField(() => checkCommitLogEntry(entry.groupId, entry.serializedCommitLogEntry, entry.signature!), `requests[${index}]`);
          return {
            groupId: entry.groupId,
            entry: entry.serializedCommitLogEntry,
            signature: signatures.RecoverableEd25519Signature.encode(entry.signature).finish(),
          };
        });
        await writes.insertCommitLogEntries(entries);
        return {};
      }),
    ],
    [
      `${SERVICE}/BatchQueryCommitLog`,
      unary(
        protoCodec(mlsApi.BatchQueryCommitLogRequest),
        protoCodec(mlsApi.BatchQueryCommitLogResponse),
        async (request: MlsApi.BatchQueryCommitLogRequest) => {
          const count = request.requests.length;
          if (count < 1 || count > MAX_COMMIT_LOG_QUERIES)
            throw invalidArgument(`1 to ${MAX_COMMIT_LOG_QUERIES} requests are allowed, got ${count}`);
          const responses = await Promise.all(
            request.requests.map(async (query, index) => {
              if (query.groupId.length === 0) throw invalidArgument(`requests[${index}]: group_id is required`);
              if (query.pagingInfo?.direction === mlsApi.SortDirection.SORT_DIRECTION_DESCENDING) {
                throw invalidArgument(`requests[${index}]: the commit log is read ascending only`);
              }
              const page = { ...toPageRequest(query.pagingInfo), direction: 'ascending' as const };
              const entries = await reads.queryCommitLog(query.groupId, page);
              return {
                groupId: query.groupId,
                commitLogEntries: entries.map((entry) => ({
                  sequenceId: toLong(entry.sequenceId),
                  serializedCommitLogEntry: entry.entry,
                  signature: signatures.RecoverableEd25519Signature.decode(entry.signature),
                })),
                pagingInfo: toPagingInfo(
                  page,
                  entries.map((e) => e.sequenceId),
                ),
              };
            }),
          );
          return { responses };
        },
      ),
    ],
  ]);
}

/** A page the store cut short at the response limit would not fit in a response (nor in the client's own limit). */
function refuseIfCutShort(items: { data: Uint8Array }[], maxBytes: number, what: string): void {
  if (
    pageCutShort(
      items.map((item) => item.data),
      maxBytes,
    )
  ) {
    throw resourceExhausted(`the ${what} response would exceed the ${maxBytes}-byte limit; ask for a smaller page (paging_info.limit)`);
  }
}

function requireBatch(count: number, max: number, field: string): void {
  if (count === 0) throw invalidArgument(`${field} must not be empty`);
  if (count > max) throw invalidArgument(`${field} has ${count} entries, at most ${max} are allowed`);
}

/** Runs a domain check on one field of the request, so its refusal names the field. */
function checkField<T>(check: () => T, where: string): T {
  try {
    return check();
  } catch (error) {
    throw naming(error, where);
  }
}

/** Bytes that do not hold what they claim get the field's name in front; anything else passes unchanged. */
function naming(error: unknown, where: string): unknown {
  return error instanceof MlsValidationError ? new MlsValidationError(`${where}: ${error.message}`, { cause: error }) : error;
}

async function saveKeyPackage(
  store: Pick<NodeStore, 'saveKeyPackage'>,
  identities: InstallationDirectory,
  upload: MlsApi.KeyPackageUpload | undefined,
): Promise<Uint8Array> {
  if (!upload || upload.keyPackageTlsSerialized.length === 0) throw invalidArgument('key_package is required');
  const bytes = upload.keyPackageTlsSerialized;
  const verified = checkField(() => verifyKeyPackage(bytes), 'invalid identity');
  await checkKeyPackageInbox(identities, verified).catch((error: unknown) => {
    throw naming(error, 'invalid identity');
  });
  await store.saveKeyPackage(verified.installationKey, verified.inboxId, bytes);
  return verified.installationKey;
}

function toWelcomeInput(message: MlsApi.WelcomeMessageInput, where: string): WelcomeInput {
  if (message.v1) {
    const { installationKey, data, hpkePublicKey, wrapperAlgorithm, welcomeMetadata } = message.v1;
    checkField(() => checkWelcomeV1(message.v1!), where);
    return { kind: 'v1', installationKey, data, hpkePublicKey, wrapperAlgorithm, welcomeMetadata };
  }
  if (message.welcomePointer) {
    const { installationKey, welcomePointer, hpkePublicKey, wrapperAlgorithm } = message.welcomePointer;
    checkField(() => checkWelcomePointer(message.welcomePointer!), where);
    return { kind: 'pointer', installationKey, data: welcomePointer, hpkePublicKey, wrapperAlgorithm, welcomeMetadata: new Uint8Array() };
  }
  throw invalidArgument(`${where}: a v1 welcome or a welcome pointer is required`);
}

const sharedGroupMessage = sharedPerItem(toGroupMessage);
const sharedWelcomeMessage = sharedPerItem(toWelcomeMessage);

function toGroupMessage(message: StoredGroupMessage): MlsApi.GroupMessage {
  return {
    v1: {
      id: toLong(message.id),
      createdNs: toLong(message.createdNs),
      groupId: message.groupId,
      data: message.data,
      senderHmac: message.senderHmac,
      shouldPush: message.shouldPush,
      isCommit: message.isCommit,
    },
  };
}

function toWelcomeMessage(welcome: StoredWelcome): MlsApi.WelcomeMessage {
  const common = { id: toLong(welcome.id), createdNs: toLong(welcome.createdNs), installationKey: welcome.installationKey };
  if (welcome.kind === 'pointer') {
    return {
      welcomePointer: {
        ...common,
        welcomePointer: welcome.data,
        hpkePublicKey: welcome.hpkePublicKey,
        wrapperAlgorithm: welcome.wrapperAlgorithm,
      },
    };
  }
  return {
    v1: {
      ...common,
      data: welcome.data,
      hpkePublicKey: welcome.hpkePublicKey,
      wrapperAlgorithm: welcome.wrapperAlgorithm,
      welcomeMetadata: welcome.welcomeMetadata,
    },
  };
}
