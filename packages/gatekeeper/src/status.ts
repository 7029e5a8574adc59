import type { ReplicaStatus } from './replicas/ownership.ts';

/** What `/status` and `Gatekeeper.status()` report. */
export interface GatekeeperStatus {
  inboxId: string;
  address: string;
  chain: {
    /** The chain's head block as last seen. */
    head: string | null;
    /** The last block whose logs are durably recorded. */
    checkpointBlock: string | null;
    /** Blocks between the head and the checkpoint (0 when caught up). */
    lagBlocks: number | null;
    /** Whether the follower has caught up with the head at least once. */
    live: boolean;
  };
  events: ManagedEventStatus[];
  /** Ticket holders whose address has no XMTP identity yet; added as soon as one appears. */
  pending: { eventId: string; address: string; sinceMs: number; attempts: number }[];
  /** Membership commits written ahead and not yet confirmed (non-zero only mid-commit or after a crash). */
  openIntents: number;
  /** XMTP writes in the current rate-limit window. */
  writesInWindow: number;
  /** Agents sharing one Postgres: which events this one holds, and whether it follows the chain; null when alone on SQLite. */
  replica: ReplicaStatus | null;
}

export interface ManagedEventStatus {
  eventId: string;
  groupId: string;
  /** `awaiting-group`: the creator's group has not reached the agent or not verified yet (see `note`). */
  state: 'awaiting-group' | 'managed';
  note: string | null;
  /** Members of the group as the agent last saw it (creator, agents, guests, holders). */
  members: number;
  /** Members the agent added for a ticket. */
  holders: number;
  /** Members the agent did not add (creator, agents, guests): never removed, never counted as holders. */
  others: number;
  /** Holders that do not fit under the group cap (for sections: in no section), in order of arrival. */
  waiting: string[];
  /** An event cut into sections: each section's group (the figures above then cover the whole event). */
  sections?: SectionStatus[];
}

export interface SectionStatus {
  /** 0-based, in the metadata's order (people count from 1). */
  index: number;
  groupId: string;
  /** Members of the section's group as the agent's client knows it (creator, agents, staff, guests, holders). */
  members: number;
  /** Members the agent added to this section (holders and staff). */
  holders: number;
  /** Holder inboxes given a seat in this section. */
  seats: number;
  /** Holders seated here who are not members yet: the group is at the cap (or their commit is under way). */
  waiting: string[];
}
