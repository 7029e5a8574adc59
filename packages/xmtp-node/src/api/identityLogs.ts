import { addressChanges, type AssociationState, applyVerifiedUpdate } from '../identity/associationState.ts';
import { IdentityUpdateError } from '../errors.ts';
import { readIdentityUpdate, verifyIdentityUpdate } from '../identity/identityUpdate.ts';
import type { SmartWalletCheck } from '../identity/signers.ts';
import type { InboxInstallations } from '../mls/inboxInstallations.ts';
import type { NodeStore } from '../store/types.ts';

/** XMTP caps an inbox's log; past it the inbox must rotate (xmtp-node-go enforces the same). */
export const MAX_IDENTITY_UPDATES_PER_INBOX = 256;

/** Inboxes whose association state stays in memory, so a publish replays no signatures. */
const CACHED_INBOXES = 10_000;

/**
 * Smart-wallet signatures in the stored log were checked on their chain when published; replaying
 * the log takes those verdicts as given rather than asking the chain again.
 */
const verdictsAlreadyGiven: SmartWalletCheck = {
  verify: async ({ blockNumber }) => ({ isValid: true, ...(blockNumber !== undefined ? { blockNumber } : {}) }),
};

interface KnownLog {
  state: AssociationState | undefined;
  lastSequenceId: bigint;
  count: number;
  /** Installation keys (hex) the log once held and no longer does: they can never rejoin. */
  revokedInstallations: ReadonlySet<string>;
}

/**
 * Each inbox's identity log and its association state. A publish is verified (every signature,
 * then the association rules against the state its log builds) before anything is stored, and
 * publishes to one inbox run one at a time, so the state they are checked against is the one
 * they extend. States are cached; a log written meanwhile (or before a restart) is replayed.
 */
export class IdentityLogs {
  private readonly known = new Map<string, KnownLog>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly store: NodeStore,
    private readonly smartWallets: SmartWalletCheck,
  ) {}

  /** Stores the update if every signature verifies and the rules allow it; else IdentityUpdateError. */
  async publish(bytes: Uint8Array): Promise<void> {
    const update = readIdentityUpdate(bytes);
    const verified = await verifyIdentityUpdate(update, this.smartWallets);
    await this.exclusively(update.inboxId, async () => {
      const log = await this.current(update.inboxId);
      if (log.count >= MAX_IDENTITY_UPDATES_PER_INBOX) {
        throw new IdentityUpdateError(`inbox ${update.inboxId} already has ${log.count} identity updates, the maximum`);
      }
      const state = applyVerifiedUpdate(log.state, verified);
      const stored = await this.store.appendIdentityUpdate(update.inboxId, bytes, (prior) => {
        if (prior.length !== log.count) throw new Error(`identity log of ${update.inboxId} changed while it was locked`);
        return addressChanges(log.state, state);
      });
      this.remember(update.inboxId, {
        state,
        lastSequenceId: stored.sequenceId,
        count: log.count + 1,
        revokedInstallations: withRemovedInstallations(log, state),
      });
    });
  }

  /**
   * The inbox's installation keys (hex) as its verified log stands now. Revoking an address also
   * removes the installations it added, exactly as clients replaying the log see it.
   */
  async installations(inboxId: string): Promise<InboxInstallations> {
    const log = await this.current(inboxId);
    return { members: installationKeysOf(log.state), revoked: log.revokedInstallations };
  }

  /** The inbox's log as stored now: the cached state, brought up to date with newer entries. */
  private async current(inboxId: string): Promise<KnownLog> {
    const cached = this.known.get(inboxId);
    let log: KnownLog = cached ?? { state: undefined, lastSequenceId: 0n, count: 0, revokedInstallations: new Set() };
    for (const entry of await this.store.identityUpdates(inboxId, log.lastSequenceId)) {
      let state = log.state;
      try {
        state = applyVerifiedUpdate(log.state, await verifyIdentityUpdate(readIdentityUpdate(entry.update), verdictsAlreadyGiven));
      } catch (error) {
        // Only an older node stored unverified updates; they count toward the cap but change nothing.
        if (!(error instanceof IdentityUpdateError)) throw error;
      }
      log = { state, lastSequenceId: entry.sequenceId, count: log.count + 1, revokedInstallations: withRemovedInstallations(log, state) };
    }
    // Kept even when nothing is published: key-package lookups ask for the same inboxes again and
    // again, and would otherwise re-verify their whole log each time. An older state cached by a
    // racing call is harmless, since the next call replays forward from its sequence id.
    if (log !== cached && log.lastSequenceId > 0n) this.remember(inboxId, log);
    return log;
  }

  private remember(inboxId: string, log: KnownLog): void {
    this.known.delete(inboxId);
    this.known.set(inboxId, log);
    if (this.known.size > CACHED_INBOXES) this.known.delete(this.known.keys().next().value!);
  }

  /** Runs `task` after every earlier task for this inbox has settled. */
  private async exclusively(inboxId: string, task: () => Promise<void>): Promise<void> {
    const run = (this.queues.get(inboxId) ?? Promise.resolve()).then(task);
    const settled = run.catch(() => undefined);
    this.queues.set(inboxId, settled);
    try {
      await run;
    } finally {
      if (this.queues.get(inboxId) === settled) this.queues.delete(inboxId);
    }
  }
}

function installationKeysOf(state: AssociationState | undefined): Set<string> {
  const keys = new Set<string>();
  for (const member of state?.members.values() ?? []) if (member.id.kind === 'installation') keys.add(member.id.value);
  return keys;
}

/** The log's removed installations, plus those that `next` no longer holds. */
function withRemovedInstallations(log: KnownLog, next: AssociationState | undefined): ReadonlySet<string> {
  const remaining = installationKeysOf(next);
  const removed = [...installationKeysOf(log.state)].filter((key) => !remaining.has(key));
  return removed.length === 0 ? log.revokedInstallations : new Set([...log.revokedInstallations, ...removed]);
}
