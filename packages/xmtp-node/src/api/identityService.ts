import { lookupOncePer, ResponseBudget } from '../limits/responseBudget.ts';
import type { SmartWalletVerifier } from '../identity/smartWallets.ts';
import { identityApi, type IdentityApi } from '../protocol/codecs.ts';
import { getIdentityUpdatesResponse, publishIdentityUpdateRequest } from '../protocol/identityUpdateCodecs.ts';
import { toBigInt, toLong } from '../protocol/longs.ts';
import { protoCodec } from '../protocol/messageCodec.ts';
import type { ReadStore } from '../store/types.ts';
import type { IdentityLogs } from './identityLogs.ts';
import { type Method, type MethodTable, unary } from './method.ts';
import { invalidArgument } from './statuses.ts';

const SERVICE = '/xmtp.identity.api.v1.IdentityApi';
/** Clients ask for at most 50 inboxes per call; this only stops abuse. */
const MAX_LOOKUPS = 1000;

export interface IdentityServiceDependencies {
  /** Lookups only: the writes go through `identities`, which verifies them first. */
  reads: ReadStore;
  /** Verifies and appends identity updates; shared with the MLS service, which asks it for installations. */
  identities: Pick<IdentityLogs, 'publish'>;
  /** Checks smart-contract-wallet signatures on the chains the operator configured. */
  smartWallets: SmartWalletVerifier;
  /** The largest response the node builds (`NodeLimits.maxResponseBytes`). */
  maxResponseBytes: number;
}

/** xmtp.identity.api.v1.IdentityApi: each inbox's identity log and the address -> inbox index. */
export function identityService({ reads, identities, smartWallets, maxResponseBytes }: IdentityServiceDependencies): MethodTable {
  return new Map<string, Method>([
    [
      `${SERVICE}/PublishIdentityUpdate`,
      unary(publishIdentityUpdateRequest, protoCodec(identityApi.PublishIdentityUpdateResponse), async ({ identityUpdate: raw }) => {
        if (!raw) throw invalidArgument('identity_update is required');
        await identities.publish(raw);
        return {};
      }),
    ],
    [
      `${SERVICE}/GetIdentityUpdates`,
      unary(
        protoCodec(identityApi.GetIdentityUpdatesRequest),
        getIdentityUpdatesResponse,
        async (request: IdentityApi.GetIdentityUpdatesRequest) => {
          requireLookups(request.requests.length);
          // One response per request, in order; an unknown inbox gets an empty list. A log is read
          // once however often it is asked for, and the response is counted before it is built.
          const budget = new ResponseBudget(maxResponseBytes, 'GetIdentityUpdates');
          const responses = await lookupOncePer(
            request.requests,
            ({ inboxId, sequenceId }) => `${inboxId}:${toBigInt(sequenceId)}`,
            async ({ inboxId, sequenceId }) => ({ inboxId, updates: await reads.identityUpdates(inboxId, toBigInt(sequenceId)) }),
            ({ updates }) => budget.add(...updates.map((stored) => stored.update)),
          );
          return { responses };
        },
      ),
    ],
    [
      `${SERVICE}/GetInboxIds`,
      unary(
        protoCodec(identityApi.GetInboxIdsRequest),
        protoCodec(identityApi.GetInboxIdsResponse),
        async (request: IdentityApi.GetInboxIdsRequest) => {
          requireLookups(request.requests.length);
          // Each distinct address is looked up once, so one answer never names two inboxes for one
          // address (two lookups could straddle another replica's commit relinking it).
          const lookups = new Map<string, Promise<string | undefined>>();
          const inboxOf = (address: string) => {
            let lookup = lookups.get(address);
            if (!lookup) lookups.set(address, (lookup = reads.inboxIdForAddress(address)));
            return lookup;
          };
          const responses = await Promise.all(
            request.requests.map(async ({ identifier, identifierKind }) => ({
              // Echoed exactly: clients match responses to requests by identifier.
              identifier,
              identifierKind,
              inboxId: await inboxOf(identifier.toLowerCase()),
            })),
          );
          return { responses };
        },
      ),
    ],
    [
      `${SERVICE}/VerifySmartContractWalletSignatures`,
      unary(
        protoCodec(identityApi.VerifySmartContractWalletSignaturesRequest),
        protoCodec(identityApi.VerifySmartContractWalletSignaturesResponse),
        async (request: IdentityApi.VerifySmartContractWalletSignaturesRequest) => {
          requireLookups(request.signatures.length);
          // One verdict per signature, in order; a wallet on an unconfigured chain is not valid.
          const responses = await Promise.all(
            request.signatures.map(async (signature) => {
              const verdict = await smartWallets.verify({
                accountId: signature.accountId,
                hash: signature.hash,
                signature: signature.signature,
                ...(signature.blockNumber && !signature.blockNumber.isZero() ? { blockNumber: toBigInt(signature.blockNumber) } : {}),
              });
              return {
                isValid: verdict.isValid,
                ...(verdict.blockNumber !== undefined ? { blockNumber: toLong(verdict.blockNumber) } : {}),
                ...(verdict.error ? { error: verdict.error } : {}),
              };
            }),
          );
          return { responses };
        },
      ),
    ],
  ]);
}

function requireLookups(count: number): void {
  if (count > MAX_LOOKUPS) throw invalidArgument(`at most ${MAX_LOOKUPS} lookups per call, got ${count}`);
}
