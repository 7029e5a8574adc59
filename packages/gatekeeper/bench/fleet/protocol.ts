/*
 * What the bench and its client workers say to each other over the IPC channel. Every timestamp
 * is `epochMs()` taken where the thing happened, so figures from several processes share a clock.
 */
import type { Hex } from 'viem';

/** Milliseconds since the epoch with sub-millisecond precision, comparable across processes on this machine. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

export type FleetStream = 'groups' | 'messages';

export interface FleetKey {
  /** The buyer's position in the bench (purchase order), used in every report. */
  index: number;
  key: Hex;
}

export type FleetRequest =
  /** Creates (and registers on the network) one client per key, `concurrency` at a time. */
  | { type: 'register'; id: number; keys: FleetKey[]; concurrency: number }
  /** Starts each client's conversation stream (welcomes) or message stream. */
  | { type: 'watch'; id: number; stream: FleetStream }
  /** Each client syncs the named groups, or all its groups (catching up on commits it has not processed), one client after another. */
  | { type: 'catchUp'; id: number; groupIds?: string[] }
  /** Syncs the named clients' welcomes and reports the groups each one has. */
  | { type: 'census'; id: number; indexes: number[] }
  | { type: 'stop'; id: number };

export interface RegisteredClient {
  index: number;
  address: string;
  inboxId: string;
}

export type FleetReply =
  | {
      type: 'registered';
      id: number;
      clients: RegisteredClient[];
      /** The worker's resident memory before and after creating the clients, in bytes. */
      rssBefore: number;
      rssAfter: number;
      ms: number;
    }
  | { type: 'watching'; id: number }
  /** How long each client's sync took, in ms. */
  | { type: 'caughtUp'; id: number; ms: number[] }
  | { type: 'census'; id: number; groups: { index: number; groupIds: string[] }[] }
  | { type: 'stopped'; id: number }
  | { type: 'failed'; id: number; message: string };

/** Unprompted reports from a worker's streams. */
export type FleetEvent =
  /**
   * The client got a group: its conversation stream delivered it, or (`resync`) the sync the
   * client runs when that stream restarts after a failure found it, as an app does on reconnecting.
   */
  | { type: 'joined'; index: number; groupId: string; at: number; via: 'stream' | 'resync' }
  /** The client's message stream delivered an application message; `key` is an announcement's id or a text's text. */
  | { type: 'received'; index: number; groupId: string; senderInboxId: string; key: string; at: number }
  | { type: 'streamError'; index: number; stream: FleetStream; message: string };

export type FleetMessage = FleetReply | FleetEvent;
