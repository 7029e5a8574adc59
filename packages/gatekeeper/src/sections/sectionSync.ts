import type { Address } from 'viem';
import type { Common } from '../internal/common.ts';
import {
  applyMembership,
  byArrival,
  inboxesWithoutTicket,
  openManagedGroup,
  readHolders,
  type HolderView,
  type SyncOutcome,
  type SyncScope,
} from '../membership/groupSync.ts';
import type { SectionLayout, StoredEvent } from '../store/agentStore.ts';
import { assignSeats, seatingStripe, type SeatRequest } from './assignSeats.ts';

/**
 * Synchronises an event cut into sections. The event's holders are read once (validity from the
 * chain, inboxes from the network), then:
 * 1. seats: an inbox that lost its ticket frees its seat; holders without one get one
 *    (`assignSeats`); the seats are stored before any commit, so a crash leaves a plan the next
 *    sync carries out, never a member the agent cannot account for;
 * 2. each section concerned is diffed against its own members and ledger, as one group is:
 *    desired = the holders seated there plus the staff; the agent's own additions that are not
 *    desired there (they lost their ticket, or sit in another section) are removed.
 * A partial sync visits only the sections whose seats changed or whose seated holders it looked
 * at (every section when an ex-holder it looked at has no seat to say where it was, or when it
 * looked at a staff member's inbox); a full sync (reconciliation) visits every section.
 */
export async function syncSections(common: Common, event: StoredEvent, layout: SectionLayout, scope: SyncScope): Promise<SyncOutcome> {
  const { store, directory } = common;
  const holders = await readHolders(common, event.eventId, scope);
  const staffInboxes = await directory.inboxesOf(layout.staff);
  const staff = new Set([...staffInboxes.values()].filter((inbox) => inbox !== null));
  // Staff not on XMTP yet wait in the pending queue as buyers do: its look-ups notice their
  // registration and touch their address, which brings them into a sync's scope (see below).
  // Queued by full syncs (adoption, reconciliation), and again by a sync whose scope named the
  // address (readHolders just took it off the queue: it holds no ticket).
  const scoped = new Set(scope.addresses.map((address) => address.toLowerCase()));
  for (const [address, inbox] of staffInboxes)
    if (inbox === null && (scope.full || scoped.has(address.toLowerCase())))
      await store.setPending(event.eventId, address.toLowerCase() as Address, true);
  const seats = await store.seats(event.eventId);

  const doubtful = new Set(holders.doubtful);
  if (scope.full) for (const inbox of seats.keys()) doubtful.add(inbox);
  const lost = new Set(
    await inboxesWithoutTicket(
      common,
      event.eventId,
      [...doubtful].filter((inbox) => !holders.desired.has(inbox)),
      holders.blockNumber,
    ),
  );
  // Staff sit in every section: a staff member who also holds a ticket takes no holder's seat.
  const freed = [...seats.keys()].filter((inbox) => lost.has(inbox) || staff.has(inbox));
  const kept = new Map([...seats].filter(([inbox]) => !lost.has(inbox) && !staff.has(inbox)));
  const newcomers = byArrival(
    [...holders.desired].filter((inbox) => !kept.has(inbox) && !staff.has(inbox)),
    holders.arrivalOf,
  );
  const plan = assignSeats({
    sectionCount: layout.groupIds.length,
    seatsPerSection: layout.seats,
    stripe: common.config.seatingStripe ?? seatingStripe(layout.seats),
    seated: kept,
    ...(await purchaseTies(common, event.eventId, newcomers, holders, kept)),
  });
  if (plan.placed.size > 0 || freed.length > 0) await store.updateSeats(event.eventId, plan.placed, freed);
  const seated = new Map([...kept, ...plan.placed]);

  const concerned = new Set<number>();
  // An ex-holder without a seat (a sync that freed it failed before its removal, or it never had
  // one) may still be in any section the agent once put it in: every section is looked at.
  const unseatedLost = [...lost].some((inbox) => !seats.has(inbox));
  // A staff inbox in scope (its join request, or its registration the pending queue noticed) is put
  // in every section it is missing from: staff sit everywhere, so every section is looked at.
  const staffInScope = [...holders.inboxOf.values()].some((inbox) => inbox !== null && staff.has(inbox));
  if (scope.full || unseatedLost || staffInScope) layout.groupIds.forEach((_, section) => concerned.add(section));
  for (const inbox of freed) concerned.add(seats.get(inbox)!);
  for (const section of plan.placed.values()) concerned.add(section);
  for (const inbox of holders.desired) if (seated.has(inbox)) concerned.add(seated.get(inbox)!);

  const seatedIn = new Map<number, string[]>();
  for (const [inbox, section] of seated) {
    const inSection = seatedIn.get(section);
    if (inSection) inSection.push(inbox);
    else seatedIn.set(section, [inbox]);
  }
  const outcome: SyncOutcome = { added: [], removed: [], waiting: [...plan.waiting], members: 0, holders: 0, unfinished: false };
  // Sections are independent MLS groups: their commits go out at the same time, so a block of buyers
  // spread evenly over every section costs one commit's time, not one per section. All are let
  // finish (or fail) before the run ends, so a retry never races a commit still in flight.
  const applied = await Promise.allSettled(
    [...concerned].map(async (section) => {
      const groupId = layout.groupIds[section]!;
      const { group, members, ledger } = await openManagedGroup(common, groupId);
      const desired = new Set([...staff, ...(seatedIn.get(section) ?? [])]);
      const toRemove = [...ledger].filter((inbox) => members.has(inbox) && !desired.has(inbox));
      const wanted = [
        ...[...staff].filter((inbox) => !members.has(inbox)),
        ...byArrival(
          [...desired].filter((inbox) => !members.has(inbox) && !staff.has(inbox)),
          holders.arrivalOf,
        ),
      ];
      return applyMembership(common, event.eventId, groupId, group, members.size, toRemove, wanted, scope.yieldToNewer);
    }),
  );
  for (const result of applied) {
    if (result.status === 'rejected') throw result.reason;
    outcome.added.push(...result.value.added);
    outcome.removed.push(...result.value.removed);
    outcome.waiting.push(...result.value.waiting);
    // Newer changes wait: a section that gave way leaves the rest of its adds, with their marks, to the next sync.
    outcome.unfinished ||= result.value.unfinished;
  }
  // Event-wide figures; each section's own are in the status.
  outcome.holders = seated.size;
  outcome.members = seated.size + staff.size;
  return outcome;
}

/**
 * What ties newcomers to other buyers: the purchase transactions of their addresses, and the
 * sections where holders who bought in those transactions already sit.
 */
async function purchaseTies(
  common: Common,
  eventId: bigint,
  newcomers: string[],
  holders: HolderView,
  seated: ReadonlyMap<string, number>,
): Promise<{ newcomers: SeatRequest[]; seatedPurchases: Map<string, number[]> }> {
  const addressesOf = new Map<string, Address[]>();
  for (const [address, inbox] of holders.inboxOf) if (inbox) addressesOf.set(inbox, [...(addressesOf.get(inbox) ?? []), address]);
  const purchases = await common.store.purchasesTogether(
    eventId,
    newcomers.flatMap((inbox) => addressesOf.get(inbox) ?? []),
  );
  const inboxOf = new Map(holders.inboxOf);
  const unknown = [...new Set(purchases.map((purchase) => purchase.address))].filter((address) => !inboxOf.has(address));
  for (const [address, inbox] of await common.directory.inboxesOf(unknown)) inboxOf.set(address, inbox);

  const purchasesOf = new Map<string, Set<string>>();
  const seatedPurchases = new Map<string, number[]>();
  for (const { transactionHash, address } of purchases) {
    const inbox = inboxOf.get(address);
    if (!inbox) continue;
    purchasesOf.set(inbox, (purchasesOf.get(inbox) ?? new Set()).add(transactionHash));
    const section = seated.get(inbox);
    if (section !== undefined) seatedPurchases.set(transactionHash, [...(seatedPurchases.get(transactionHash) ?? []), section]);
  }
  return {
    newcomers: newcomers.map((inbox) => ({ inbox, purchases: [...(purchasesOf.get(inbox) ?? [])] })),
    seatedPurchases,
  };
}
