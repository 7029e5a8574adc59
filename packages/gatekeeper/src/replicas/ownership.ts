import { BaseError } from '@ticketchat/errors';

/**
 * Which work this agent process may do. With several agents on one Postgres an event is handled by
 * exactly one of them at a time (src/replicas/leaseKeeper.ts); alone (SQLite) it does everything.
 * Every membership action asks `holds` right before it acts, so an agent that lost an event (paused
 * past its lease, or cut off from Postgres) stops acting on it at once.
 */
export interface Ownership {
  /** Whether this agent may act on the event now. */
  holds(eventId: bigint): boolean;
  /** Whether this agent follows the chain (one follower at a time records the logs). */
  ingests(): boolean;
  /** What /status shows; null for an agent alone on SQLite, which holds everything. */
  describe(): ReplicaStatus | null;
}

export interface ReplicaStatus {
  /** This process's id among the agents sharing the Postgres store. */
  agent: string;
  /** Whether this agent follows the chain for all of them. */
  chain: boolean;
  /** The events this agent holds now (acts on); the others' are held by other agents. */
  events: string[];
}

/** The single agent on its own SQLite file: everything is its own. */
export const soleOwnership: Ownership = { holds: () => true, ingests: () => true, describe: () => null };

/** An action was about to run on an event this agent no longer holds; its holder does the work. */
export class LeaseLostError extends BaseError {
  override name = 'LeaseLostError';

  constructor(eventId: bigint) {
    super(`This agent no longer holds event ${eventId}: another agent takes over its membership work.`);
  }
}
