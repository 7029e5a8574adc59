/** A holder's inbox looking for a seat, with what ties it to other holders. */
export interface SeatRequest {
  inbox: string;
  /** Transaction hashes of the purchases made by the inbox's addresses: tickets bought in one transaction share one. */
  purchases: readonly string[];
}

export interface SeatingInput {
  sectionCount: number;
  /** Ticket holders per section (the metadata's `sectionSeats`). */
  seatsPerSection: number;
  /** Inboxes that already have a seat (their section), less those that lost their ticket. Never moved. */
  seated: ReadonlyMap<string, number>;
  /** Holders without a seat, in order of arrival (the first in line is served first). */
  newcomers: readonly SeatRequest[];
  /** Where seated holders who share a purchase with a newcomer sit: purchase → their sections. */
  seatedPurchases: ReadonlyMap<string, readonly number[]>;
  /**
   * How many of one round's newcomers may sit in one section before the next section takes its
   * turn, and so how far apart the sections' occupancy may drift (default 1: strictly evenly).
   * See `seatingStripe`.
   */
  stripe?: number;
}

export interface SeatingPlan {
  /** Newcomers given a seat: inbox → section. */
  placed: Map<string, number>;
  /** Newcomers for whom no section has room, in order of arrival. */
  waiting: string[];
}

/**
 * The stripe for sections of `seatsPerSection`: a twentieth of a section (at least 1), so a block
 * of buyers costs one add commit in one section rather than one commit in every section, while no
 * section is ever more than 5% fuller than another. Each commit pays for its group's whole size
 * (the agent checks every member's identity and writes the tree; a joiner validates every member),
 * so with five sections of 200 a block of ten buyers spread one or two per section made the agent
 * do that work five times over; striped, it does it once.
 */
export function seatingStripe(seatsPerSection: number): number {
  return Math.max(1, Math.floor(seatsPerSection / 20));
}

/**
 * Gives each newcomer one section, never more than `seatsPerSection` holders in any:
 * - tickets bought together stay together: newcomers sharing a purchase transaction form a party
 *   (one inbox with several addresses is one seat anyway); a party sits where its co-buyers
 *   already sit if that section has room for all of it;
 * - otherwise the party goes to the section with the most free seats that holds it whole (fill
 *   evenly; the lowest index on a tie), or stays with the round's previous party while that
 *   section has taken fewer than `stripe` newcomers this round and is within `stripe` free seats
 *   of the roomiest (fill evenly, a stripe at a time);
 * - a party no section holds whole is split over the sections with the most free seats, so nobody
 *   waits while a seat is free; who fits nowhere waits, in order of arrival.
 * Parties are served in order of their first member's arrival. Seated holders are never moved.
 */
export function assignSeats(input: SeatingInput): SeatingPlan {
  const { sectionCount, seatsPerSection } = input;
  const stripe = input.stripe ?? 1;
  const free = Array.from({ length: sectionCount }, () => seatsPerSection);
  for (const section of input.seated.values()) if (section >= 0 && section < sectionCount) free[section]!--;

  const placed = new Map<string, number>();
  const waiting: string[] = [];
  const seat = (inbox: string, section: number) => {
    placed.set(inbox, section);
    free[section]!--;
  };
  // The section this round is filling, and how many newcomers it took.
  let filling: { section: number; taken: number } | undefined;
  const keepFilling = (needed: number) =>
    filling !== undefined &&
    filling.taken + needed <= stripe &&
    free[filling.section]! >= needed &&
    free[filling.section]! >= Math.max(...free) - stripe
      ? filling.section
      : undefined;
  for (const party of partiesOf(input.newcomers)) {
    const inboxes = party.map((request) => request.inbox);
    const together = companionSection(party, input.seatedPurchases, free) ?? keepFilling(inboxes.length) ?? roomiest(free, inboxes.length);
    if (together !== undefined) {
      for (const inbox of inboxes) seat(inbox, together);
      filling = { section: together, taken: (filling?.section === together ? filling.taken : 0) + inboxes.length };
      continue;
    }
    for (const inbox of inboxes) {
      const section = roomiest(free, 1);
      if (section === undefined) waiting.push(inbox);
      else seat(inbox, section);
    }
  }
  return { placed, waiting };
}

/** Newcomers joined by shared purchases (union-find), each party in arrival order, parties by their first arrival. */
function partiesOf(newcomers: readonly SeatRequest[]): SeatRequest[][] {
  const parent = newcomers.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!;
    return index;
  };
  const firstWith = new Map<string, number>();
  newcomers.forEach((request, index) => {
    for (const purchase of request.purchases) {
      const other = firstWith.get(purchase);
      if (other === undefined) firstWith.set(purchase, index);
      else {
        // The earlier arrival stays the root, so a party keeps its first member's place in line.
        const [a, b] = [root(other), root(index)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const parties = new Map<number, SeatRequest[]>();
  newcomers.forEach((request, index) => {
    const key = root(index);
    parties.set(key, [...(parties.get(key) ?? []), request]);
  });
  return [...parties.entries()].sort(([a], [b]) => a - b).map(([, party]) => party);
}

/** The section where most of the party's co-buyers already sit, if it has room for the whole party. */
function companionSection(
  party: SeatRequest[],
  seatedPurchases: ReadonlyMap<string, readonly number[]>,
  free: number[],
): number | undefined {
  const votes = new Map<number, number>();
  for (const purchase of new Set(party.flatMap((request) => request.purchases))) {
    for (const section of seatedPurchases.get(purchase) ?? []) votes.set(section, (votes.get(section) ?? 0) + 1);
  }
  const ranked = [...votes.entries()].sort(([sa, va], [sb, vb]) => vb - va || sa - sb);
  return ranked.find(([section]) => (free[section] ?? 0) >= party.length)?.[0];
}

/** The section with the most free seats, if it has at least `needed`; the lowest index on a tie. */
function roomiest(free: number[], needed: number): number | undefined {
  let best: number | undefined;
  free.forEach((seats, section) => {
    if (seats >= needed && (best === undefined || seats > free[best]!)) best = section;
  });
  return best;
}
