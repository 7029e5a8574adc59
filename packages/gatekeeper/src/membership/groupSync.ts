import type { Group } from '@xmtp/node-sdk';
import type { Address } from 'viem';
import type { Common } from '../internal/common.ts';
import { LeaseLostError } from '../replicas/ownership.ts';
import { syncSections } from '../sections/sectionSync.ts';
import type { StoredEvent } from '../store/agentStore.ts';

export interface SyncScope {
  /** Check every address the logs ever named for the event, and every inbox in the ledger. */
  full: boolean;
  /** Otherwise only these addresses (and the inboxes they belong to). */
  addresses: readonly Address[];
}

export interface SyncOutcome {
  added: string[];
  removed: string[];
  /** Holders' inboxes that do not fit under the cap, in order of arrival. */
  waiting: string[];
  /** Members of the group after the sync. */
  members: number;
  /** Members the agent added (its ledger). */
  holders: number;
}

/**
 * Makes one event group's members match the chain for the given scope:
 * desired = the inboxes of addresses holding a valid ticket now (read from the chain), and an
 * inbox stays while ANY of its addresses holds one; the agent adds desired inboxes that are not
 * members and removes members it added itself (its ledger) that are no longer desired. Members
 * it did not add (the creator, the agents, the creator's guests) are never touched.
 * Each commit is written ahead as an intent and closed once it landed, so it is idempotent and
 * crash-safe: the diff is always taken against the group's actual members.
 * An event cut into sections is synchronised section by section (`syncSections`).
 */
export async function syncEventGroup(common: Common, event: StoredEvent, scope: SyncScope): Promise<SyncOutcome> {
  const layout = await common.store.sectionLayout(event.eventId);
  if (layout) return syncSections(common, event, layout, scope);
  const holders = await readHolders(common, event.eventId, scope);
  const { desired, doubtful } = holders;
  const { group, members, ledger } = await openManagedGroup(common, event.groupId);
  if (scope.full) for (const inbox of ledger) doubtful.add(inbox);

  // An inbox whose address lost its ticket stays if another of its addresses still holds one.
  const removable = [...doubtful].filter((inbox) => !desired.has(inbox) && members.has(inbox) && ledger.has(inbox));
  const toRemove = await inboxesWithoutTicket(common, event.eventId, removable, holders.blockNumber);
  const wanted = byArrival(
    [...desired].filter((inbox) => !members.has(inbox)),
    holders.arrivalOf,
  );
  const applied = await applyMembership(common, event.eventId, event.groupId, group, members.size, toRemove, wanted);
  return { ...applied, holders: (await common.store.ledger(event.groupId)).size };
}

/** The holders in scope as the chain and the network see them now. */
export interface HolderView {
  /** The block validity was read at (undefined: the head). */
  blockNumber: bigint | undefined;
  /** Inboxes of addresses holding a valid ticket. */
  desired: Set<string>;
  /** Inboxes of addresses without one (they may still hold one through another address). */
  doubtful: Set<string>;
  /** Each desired inbox's earliest arrival (its addresses' first logs), for fair queueing. */
  arrivalOf: Map<string, string>;
  /** The inbox of each address in scope (null: no XMTP identity yet). */
  inboxOf: Map<Address, string | null>;
}

/** Reads the scope's holders: validity from the chain, inboxes from the network; a valid holder with no inbox is queued as pending. */
export async function readHolders(common: Common, eventId: bigint, scope: SyncScope): Promise<HolderView> {
  const { store, reader, directory } = common;
  const blockNumber = await reader.trustedBlock();
  const addresses = scope.full ? await store.holderAddresses(eventId) : [...new Set(scope.addresses)];
  const validity = await reader.validity(eventId, addresses, blockNumber);
  const inboxOf = await directory.inboxesOf(addresses);

  const desired = new Set<string>();
  const doubtful = new Set<string>();
  for (const address of addresses) {
    const inbox = inboxOf.get(address) ?? null;
    const valid = validity.get(address) === true;
    // A valid holder with no inbox waits in the queue; anyone else leaves it.
    await store.setPending(eventId, address, valid && inbox === null);
    if (inbox === null) continue;
    if (valid) desired.add(inbox);
    else doubtful.add(inbox);
  }

  const arrival = await store.firstSeen(eventId);
  const arrivalOf = new Map<string, string>();
  for (const address of addresses) {
    const inbox = inboxOf.get(address);
    if (inbox && validity.get(address)) {
      const seen = arrival.get(address) ?? '~';
      if (!arrivalOf.has(inbox) || seen < arrivalOf.get(inbox)!) arrivalOf.set(inbox, seen);
    }
  }
  return { blockNumber, desired, doubtful, arrivalOf, inboxOf };
}

/** Inboxes in order of arrival (unknown arrivals last). */
export function byArrival(inboxes: string[], arrivalOf: ReadonlyMap<string, string>): string[] {
  return inboxes.sort((a, b) => ((arrivalOf.get(a) ?? '~') < (arrivalOf.get(b) ?? '~') ? -1 : 1));
}

/**
 * A managed group, synced, with its actual members and the agent's ledger. The agent's own
 * additions that left without it (the creator removed them, or they left) are forgotten.
 */
export async function openManagedGroup(
  common: Common,
  groupId: string,
): Promise<{ group: Group<unknown>; members: Set<string>; ledger: Set<string> }> {
  const group = await openGroup(common, groupId);
  await group.sync();
  const members = new Set((await group.members()).map((member) => member.inboxId));
  const ledger = await common.store.ledger(groupId);
  const gone = [...ledger].filter((inbox) => !members.has(inbox));
  if (gone.length > 0) {
    await common.store.forgetMembers(groupId, gone);
    for (const inbox of gone) ledger.delete(inbox);
  }
  return { group, members, ledger };
}

/**
 * Removes `toRemove`, then adds as many of `wanted` (in order) as fit under the cap, in commits
 * of at most `batch.maxSize`. Never more than the cap: room is what is left once the removals are done.
 */
export async function applyMembership(
  common: Common,
  eventId: bigint,
  groupId: string,
  group: Group<unknown>,
  memberCount: number,
  toRemove: string[],
  wanted: string[],
): Promise<Omit<SyncOutcome, 'holders'>> {
  const { config } = common;
  const room = Math.max(0, config.groupCap - (memberCount - toRemove.length));
  const toAdd = wanted.slice(0, room);
  const waiting = wanted.slice(room);
  for (const chunk of chunks(toRemove, config.batch.maxSize)) await commit(common, eventId, groupId, group, 'remove', chunk);
  for (const chunk of chunks(toAdd, config.batch.maxSize)) await commit(common, eventId, groupId, group, 'add', chunk);
  return { added: toAdd, removed: toRemove, waiting, members: memberCount - toRemove.length + toAdd.length };
}

/** Of these inboxes, those none of whose addresses (as the network links them now) holds a valid ticket. */
export async function inboxesWithoutTicket(common: Common, eventId: bigint, inboxes: string[], blockNumber?: bigint): Promise<string[]> {
  if (inboxes.length === 0) return [];
  const addressesOf = await common.directory.addressesOf(inboxes);
  const all = [...new Set([...addressesOf.values()].flat())];
  const validity = await common.reader.validity(eventId, all, blockNumber);
  return inboxes.filter((inbox) => !(addressesOf.get(inbox) ?? []).some((address) => validity.get(address)));
}

async function commit(
  common: Common,
  eventId: bigint,
  groupId: string,
  group: Group<unknown>,
  action: 'add' | 'remove',
  inboxIds: string[],
) {
  const { store, limiter, logger, metrics, config, signal, ownership } = common;
  // Fenced twice: before the intent, and right before sending (the write limiter may have waited).
  if (!ownership.holds(eventId)) throw new LeaseLostError(eventId);
  const intent = await store.openIntent(eventId, groupId, action, inboxIds);
  const started = performance.now();
  await limiter.write(() => {
    if (!ownership.holds(eventId)) throw new LeaseLostError(eventId);
    return action === 'add' ? group.addMembers(inboxIds) : group.removeMembers(inboxIds);
  }, signal);
  const seconds = (performance.now() - started) / 1000;
  config.hooks?.afterCommit?.({ eventId, action, inboxIds });
  await store.closeIntent(intent, groupId, action, inboxIds);
  metrics.commits({ action });
  metrics.membersChanged({ action }, inboxIds.length);
  metrics.commitSeconds({}, seconds);
  logger.info(
    { eventId: eventId.toString(), groupId, action, inboxes: inboxIds.length, ms: Math.round(seconds * 1000) },
    'membership commit',
  );
}

export async function openGroup(common: Pick<Common, 'client'>, groupId: string): Promise<Group<unknown>> {
  let conversation = await common.client.conversations.getConversationById(groupId);
  if (!conversation) {
    await common.client.conversations.sync();
    conversation = await common.client.conversations.getConversationById(groupId);
  }
  if (!conversation || !('addMembers' in conversation)) throw new Error(`group ${groupId} is not known to the agent`);
  return conversation as Group<unknown>;
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}
