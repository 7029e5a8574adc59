import type { AddressChanges } from '../identity/associationState.ts';

/**
 * The node's storage contract. Handlers use `ReadStore` when they only read, so a backend can
 * serve those from a replica; `NodeStore` adds the writes.
 *
 * Invariants every backend keeps (clients' cursors depend on them):
 * - ids and sequence ids are > 0 and strictly increasing per topic in commit order: no id below
 *   one already visible may appear later in the same topic;
 * - a write is visible to reads as soon as its promise resolves (read-your-writes);
 * - inserting a group message or welcome that is already stored is a silent no-op.
 */
export type PageDirection = 'ascending' | 'descending';

export interface PageRequest {
  direction: PageDirection;
  /** 1..100; callers have normalised it. */
  limit: number;
  /** 0 = from the start (ascending) or the newest (descending); else strictly after/before it. */
  cursor: bigint;
  /**
   * Ends the page early, after the first item whose payload (`data`, or a commit-log `entry`)
   * brings the page's total past this many bytes, so a page of huge items is never read whole. A
   * caller tells a page cut short from one that reached the end by adding up its payload.
   */
  maxBytes?: number;
}

export interface GroupMessageInput {
  groupId: Uint8Array;
  data: Uint8Array;
  senderHmac: Uint8Array;
  shouldPush: boolean;
  isCommit: boolean;
}

export interface StoredGroupMessage extends GroupMessageInput {
  id: bigint;
  createdNs: bigint;
}

export type WelcomeKind = 'v1' | 'pointer';

export interface WelcomeInput {
  kind: WelcomeKind;
  /** The topic: an installation key, or a random destination for a welcome-pointer payload. */
  installationKey: Uint8Array;
  /** The encrypted welcome for `v1`, the encrypted pointer for `pointer`. */
  data: Uint8Array;
  hpkePublicKey: Uint8Array;
  wrapperAlgorithm: number;
  welcomeMetadata: Uint8Array;
}

export interface StoredWelcome extends WelcomeInput {
  id: bigint;
  createdNs: bigint;
}

export interface StoredIdentityUpdate {
  sequenceId: bigint;
  inboxId: string;
  serverTimestampNs: bigint;
  /** The IdentityUpdate protobuf exactly as published; relayed byte for byte. */
  update: Uint8Array;
}

// The association rules (identity/) decide which addresses an update links; the store applies them.
export type { AddressChanges };

export interface CommitLogInput {
  groupId: Uint8Array;
  entry: Uint8Array;
  /** A serialized RecoverableEd25519Signature. */
  signature: Uint8Array;
}

export interface StoredCommitLogEntry extends CommitLogInput {
  sequenceId: bigint;
}

export interface ReadStore {
  queryGroupMessages(groupId: Uint8Array, page: PageRequest): Promise<StoredGroupMessage[]>;
  newestGroupMessage(groupId: Uint8Array): Promise<StoredGroupMessage | undefined>;
  queryWelcomes(installationKey: Uint8Array, page: PageRequest): Promise<StoredWelcome[]>;
  /** One entry per key, in order; undefined where the installation never uploaded one. */
  fetchKeyPackages(installationKeys: Uint8Array[]): Promise<(Uint8Array | undefined)[]>;
  identityUpdates(inboxId: string, afterSequenceId: bigint): Promise<StoredIdentityUpdate[]>;
  /** The inbox an address is currently linked to: the newest association not revoked since. */
  inboxIdForAddress(address: string): Promise<string | undefined>;
  queryCommitLog(groupId: Uint8Array, page: PageRequest): Promise<StoredCommitLogEntry[]>;
}

export interface NodeStore extends ReadStore {
  /** Returns the rows actually inserted, in id order; duplicates are skipped. */
  insertGroupMessages(messages: GroupMessageInput[]): Promise<StoredGroupMessage[]>;
  insertWelcomes(welcomes: WelcomeInput[]): Promise<StoredWelcome[]>;
  /** Keeps only the latest key package per installation: they are last-resort and reused. */
  saveKeyPackage(installationKey: Uint8Array, inboxId: string, keyPackage: Uint8Array): Promise<void>;
  /**
   * Appends to an inbox's log and applies its address changes atomically. `validate` runs inside
   * the same transaction with the inbox's current log, so concurrent publishes cannot both pass
   * a check that only one of them may.
   */
  appendIdentityUpdate(
    inboxId: string,
    update: Uint8Array,
    validate: (priorUpdates: StoredIdentityUpdate[]) => AddressChanges,
  ): Promise<StoredIdentityUpdate>;
  insertCommitLogEntries(entries: CommitLogInput[]): Promise<void>;
  close(): Promise<void>;
}
