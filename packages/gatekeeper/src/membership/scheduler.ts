import type { Common } from '../internal/common.ts';
import { syncEventGroup, type SyncOutcome } from './groupSync.ts';

interface Slot {
  timer: NodeJS.Timeout | undefined;
  running: boolean;
  again: boolean;
  failures: number;
  /** Callers of syncNow waiting for the next run to finish. */
  waiters: ((outcome: SyncOutcome | undefined) => void)[];
}

const RETRY_BASE_MS = 500;
const RETRY_MAX_MS = 30_000;
/** How soon changes still short of their confirmations are looked at again. */
const CONFIRMATION_RECHECK_MS = 1_000;

/**
 * Batches membership work per event group: the first change arms a timer (`batch.maxWaitMs`) and
 * everything that arrived by then goes out together (commits of at most `batch.maxSize`). One run
 * per group at a time; a change during a run schedules exactly one more. Failures keep their
 * dirty marks and retry with backoff without holding up other groups.
 */
export class MembershipScheduler {
  private readonly slots = new Map<string, Slot>();
  /** The last outcome per event, for the status. */
  readonly outcomes = new Map<string, SyncOutcome>();
  private stopped = false;

  constructor(private readonly common: Common) {}

  wake(eventId: bigint, delayMs = this.common.config.batch.maxWaitMs): void {
    // Another agent holds the event (replicas on Postgres): it does the work.
    if (this.stopped || !this.common.ownership.holds(eventId)) return;
    const slot = this.slot(eventId);
    if (slot.running) {
      slot.again = true;
      return;
    }
    if (slot.timer) {
      if (delayMs > 0) return; // bounded wait: later changes ride along with the armed timer
      clearTimeout(slot.timer);
    }
    slot.timer = setTimeout(() => void this.run(eventId), delayMs);
  }

  /** Runs the event's sync as soon as possible and resolves with its outcome (a DM join waits on it). */
  syncNow(eventId: bigint): Promise<SyncOutcome | undefined> {
    if (!this.common.ownership.holds(eventId)) return Promise.resolve(undefined);
    const outcome = new Promise<SyncOutcome | undefined>((resolve) => this.slot(eventId).waiters.push(resolve));
    this.wake(eventId, 0);
    return outcome;
  }

  /** Whether a run of the event's sync is in progress (a lease is handed back only after it ends). */
  running(eventId: bigint): boolean {
    return this.slots.get(eventId.toString())?.running === true;
  }

  /** Resolves once no run is armed or in progress (tests and shutdown). */
  async idle(): Promise<void> {
    while ([...this.slots.values()].some((slot) => slot.running || slot.timer)) await new Promise((r) => setTimeout(r, 10));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const slot of this.slots.values()) clearTimeout(slot.timer);
    while ([...this.slots.values()].some((slot) => slot.running)) await new Promise((r) => setTimeout(r, 10));
    for (const slot of this.slots.values()) for (const waiter of slot.waiters.splice(0)) waiter(undefined);
  }

  private slot(eventId: bigint): Slot {
    const key = eventId.toString();
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { timer: undefined, running: false, again: false, failures: 0, waiters: [] };
      this.slots.set(key, slot);
    }
    return slot;
  }

  private async run(eventId: bigint): Promise<void> {
    const slot = this.slot(eventId);
    slot.timer = undefined;
    if (this.stopped || !this.common.ownership.holds(eventId)) {
      for (const waiter of slot.waiters.splice(0)) waiter(undefined);
      return;
    }
    slot.running = true;
    slot.again = false;
    const waiters = slot.waiters.splice(0);
    let outcome: SyncOutcome | undefined;
    let retryInMs: number | undefined;
    try {
      ({ outcome, retryInMs } = await this.syncOnce(eventId));
      slot.failures = 0;
    } catch (error) {
      slot.failures++;
      retryInMs = Math.min(RETRY_BASE_MS * 2 ** (slot.failures - 1), RETRY_MAX_MS);
      this.common.metrics.commitFailures();
      this.common.logger.error({ err: error, eventId: eventId.toString(), retryInMs }, 'group sync failed; retrying');
    } finally {
      slot.running = false;
    }
    for (const waiter of waiters) waiter(outcome);
    if (slot.again || slot.waiters.length > 0) this.wake(eventId, slot.waiters.length > 0 ? 0 : undefined);
    else if (retryInMs !== undefined) this.wake(eventId, retryInMs);
  }

  private async syncOnce(eventId: bigint): Promise<{ outcome?: SyncOutcome; retryInMs?: number }> {
    const { store, reader } = this.common;
    const event = await store.event(eventId);
    if (!event || event.state !== 'managed') return {};
    const dirty = await store.dirtyHolders(eventId);
    const trusted = await reader.trustedBlock();
    const ready = trusted === undefined ? dirty : dirty.filter((holder) => holder.block <= trusted);
    const deferred = ready.length < dirty.length;
    if (!event.fullSync && ready.length === 0) return deferred ? { retryInMs: CONFIRMATION_RECHECK_MS } : {};
    if (event.fullSync) await store.clearFullSync(eventId);
    try {
      const outcome = await syncEventGroup(this.common, event, { full: event.fullSync, addresses: ready.map((holder) => holder.address) });
      if (ready.length > 0)
        await store.clearDirty(
          eventId,
          ready.map((holder) => holder.address),
          Math.max(...ready.map((holder) => holder.seq)),
        );
      const previous = this.outcomes.get(eventId.toString());
      if (!event.fullSync && previous) {
        // A partial sync only saw its own addresses: the holders already waiting still wait.
        const settled = new Set([...outcome.added, ...outcome.removed]);
        outcome.waiting = [...new Set([...previous.waiting.filter((inbox) => !settled.has(inbox)), ...outcome.waiting])];
      }
      this.outcomes.set(eventId.toString(), outcome);
      // Removals freed room: holders waiting under the cap get their turn.
      if (outcome.removed.length > 0 && outcome.waiting.length > 0) {
        await store.requestFullSync(eventId);
        return { outcome, retryInMs: 0 };
      }
      return deferred ? { outcome, retryInMs: CONFIRMATION_RECHECK_MS } : { outcome };
    } catch (error) {
      if (event.fullSync) await store.requestFullSync(eventId);
      throw error;
    }
  }
}
