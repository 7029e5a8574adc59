import type { Checkpoint } from '@ticketchat/contracts';
import type { Address, Hash } from 'viem';

/**
 * The agent's durable state, whatever holds it (embedded SQLite by default, Postgres for replicas):
 * - events: every event the registry announced, its group and whether the agent manages it yet;
 * - holders: every address the kiosk's logs named for an event (a candidate, confirmed on chain
 *   before any action), with a dirty mark: the sequence number of the last change that touched it;
 * - ledger: the inboxes the agent itself added to a group and that are still in: the agent only
 *   ever removes these, so guests the creator added are never touched;
 * - intents: each membership commit, written before it is sent and closed after, so a crash
 *   between the two is resolved against the group's actual members on restart;
 * - pending: valid holders whose address has no XMTP inbox yet;
 * - sections (events larger than one group): the layout read from the chain-named metadata, each
 *   holder inbox's seat (its section), and which addresses bought in one transaction.
 * Every method is atomic on its own; `record` applies a whole batch of changes in one transaction.
 */
export interface AgentStore {
  close(): Promise<void>;

  /** Where the chain follower resumes, with its block's hash when it was recorded. */
  checkpoint(): Promise<AnchoredCheckpoint | undefined>;
  /** Applies the changes (and moves the checkpoint, when given) in one transaction: all or none. */
  record(changes: readonly StoreChange[], checkpoint?: AnchoredCheckpoint): Promise<void>;

  events(): Promise<StoredEvent[]>;
  event(eventId: bigint): Promise<StoredEvent | undefined>;
  setEventState(eventId: bigint, groupId: string, state: StoredEvent['state'], note: string | null): Promise<void>;
  requestFullSync(eventId: bigint): Promise<void>;
  clearFullSync(eventId: bigint): Promise<void>;

  holderAddresses(eventId: bigint): Promise<Address[]>;
  /** Arrival order of each address (its first log), for fair queueing under the cap. */
  firstSeen(eventId: bigint): Promise<Map<Address, string>>;
  dirtyHolders(eventId: bigint): Promise<DirtyHolder[]>;
  dirtyEventIds(): Promise<bigint[]>;
  /** Clears marks up to `seq`; a change that touched the address again meanwhile keeps it dirty. */
  clearDirty(eventId: bigint, addresses: readonly Address[], seq: number): Promise<void>;

  ledger(groupId: string): Promise<Set<string>>;
  /** Written before the commit is sent; returns the intent's id. */
  openIntent(eventId: bigint, groupId: string, action: Intent['action'], inboxIds: readonly string[]): Promise<number>;
  /** The commit landed for `applied` (all of the intent, or what a recovery found in the group): the ledger follows, the intent closes. */
  closeIntent(intentId: number, groupId: string, action: Intent['action'], applied: readonly string[]): Promise<void>;
  openIntents(): Promise<Intent[]>;
  /** Drops ledger entries of inboxes that left the group without the agent (the creator removed them, or they left). */
  forgetMembers(groupId: string, inboxIds: readonly string[]): Promise<void>;

  setPending(eventId: bigint, address: Address, pending: boolean): Promise<void>;
  pending(): Promise<PendingHolder[]>;

  /** A sectioned event's layout, as recorded at adoption; undefined for an event of one group. */
  sectionLayout(eventId: bigint): Promise<SectionLayout | undefined>;
  /** Records the layout found at adoption (undefined: one group). A layout that differs from the recorded one drops every seat. */
  setSectionLayout(eventId: bigint, layout: SectionLayout | undefined): Promise<void>;
  /** Each seated holder inbox's section. */
  seats(eventId: bigint): Promise<Map<string, number>>;
  /** Gives seats and frees others in one transaction (written before the commits that follow them). */
  updateSeats(eventId: bigint, placed: ReadonlyMap<string, number>, freed: readonly string[]): Promise<void>;
  /** Every purchase made in a transaction in which one of `addresses` bought a ticket (theirs included). */
  purchasesTogether(eventId: bigint, addresses: readonly Address[]): Promise<Purchase[]>;
}

/**
 * A checkpoint and the hash of its block: if the chain's block at that height later has another
 * hash (or the chain is shorter), a reorganisation went deeper than the checkpoint.
 */
export type AnchoredCheckpoint = Checkpoint & { blockHash?: Hash };

/** What a log (or a join request standing in for one) changes in the store. */
export type StoreChange =
  /** EventCreated: the event is known; its group is managed once it reaches the agent and verifies. */
  | { kind: 'event-created'; eventId: bigint; creator: Address; groupId: string }
  /** ChatGroupIdUpdated: the new group must be verified again before it is managed. */
  | { kind: 'group-changed'; eventId: bigint; groupId: string }
  /** The whole group must be reconciled (the event was cancelled). */
  | { kind: 'full-sync'; eventId: bigint }
  /** A log at `block` touched `address`'s tickets; `firstSeen` orders arrivals. */
  | { kind: 'holder-touched'; eventId: bigint; address: Address; block: bigint; firstSeen: string }
  /** TicketPurchased: which transaction bought `address`'s ticket (tickets bought together share one). */
  | ({ kind: 'purchase'; eventId: bigint } & Purchase);

/**
 * Holders touched without a log (a join request; a registration the pending queue noticed),
 * recorded as a log would be. Their arrival is stamped `~<ms>`, which sorts after every log's
 * encoded checkpoint (digits), so they never jump ahead of holders whose purchases were logged.
 */
export function touchedWithoutLog(touches: readonly { eventId: bigint; address: Address }[], block: bigint): StoreChange[] {
  const firstSeen = `~${Date.now()}`;
  return touches.map(({ eventId, address }) => ({ kind: 'holder-touched', eventId, address, block, firstSeen }));
}

/** One ticket purchase: its transaction and its buyer (the recipient, for `buyFor`). */
export interface Purchase {
  transactionHash: Hash;
  address: Address;
}

/** An event cut into sections (its metadata's `chat.sections`, `sectionSeats` and `staff`). */
export interface SectionLayout {
  /** Each section's group id, in section order; the first is the chain's. */
  groupIds: string[];
  /** Ticket holders per section. */
  seats: number;
  /** Staff addresses: put in every section, not holders. */
  staff: Address[];
}

export interface StoredEvent {
  eventId: bigint;
  creator: Address;
  groupId: string;
  state: 'awaiting-group' | 'managed';
  note: string | null;
  fullSync: boolean;
}

export interface DirtyHolder {
  address: Address;
  seq: number;
  block: bigint;
}

export interface Intent {
  id: number;
  eventId: bigint;
  groupId: string;
  action: 'add' | 'remove';
  inboxIds: string[];
}

export interface PendingHolder {
  eventId: bigint;
  address: Address;
  since: number;
  attempts: number;
}
