import type { NodeLimits } from '../limits/limits.ts';
import { SubscriberTooSlowError } from '../errors.ts';
import type { CallResponder } from './callRunner.ts';

export type SendQueueLimits = Pick<NodeLimits, 'maxQueuedMessages' | 'maxQueuedBytes' | 'sendStallTimeoutMs'>;

/**
 * What one call has written but its client has not yet taken. A sender with much to send (a
 * replay) waits for room; one that cannot wait (live fan-out) ends the call with ABORTED when the
 * queue overflows, as xmtp-node-go ends a subscriber that falls behind, instead of buffering
 * without limit. A queue that makes no progress for the stall timeout ends the call too, and once
 * the call has finished, cuts it: a client that never reads cannot hold its buffers.
 */
export class SendQueue {
  private messages = 0;
  private bytes = 0;
  private waiting: (() => void)[] = [];
  private stallTimer: NodeJS.Timeout | undefined;
  private finished = false;

  constructor(
    private readonly responder: CallResponder,
    private readonly limits: SendQueueLimits,
    /** Ends the call with this status (the call's abort). */
    private readonly end: (reason: Error) => void,
    /** The call's signal: once it aborts, a sender waiting for room stops waiting. */
    signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => this.releaseWaiting(), { once: true });
  }

  open(): void {
    this.responder.open();
  }

  send(frame: Uint8Array): Promise<void> {
    if (this.finished) return Promise.resolve();
    // A sender that waits for room never finds the queue full; one that cannot wait (live
    // fan-out) and finds it full is writing for a client that has stopped reading.
    const overflowing = !this.hasRoom();
    this.messages++;
    this.bytes += frame.length;
    this.responder.send(frame, () => this.taken(frame.length));
    this.watchForStall();
    if (overflowing) {
      this.end(new SubscriberTooSlowError());
      return Promise.resolve();
    }
    return this.hasRoom() ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }

  finish(code: Parameters<CallResponder['finish']>[0], message: string): void {
    this.finished = true;
    this.releaseWaiting();
    this.responder.finish(code, message);
    if (this.messages === 0) this.dispose();
  }

  /** The call is over for good (the client went away): nothing more to watch. */
  dispose(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.releaseWaiting();
  }

  private hasRoom(): boolean {
    return this.messages < this.limits.maxQueuedMessages && this.bytes < this.limits.maxQueuedBytes;
  }

  private taken(bytes: number): void {
    this.messages--;
    this.bytes -= bytes;
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    if (this.messages > 0) this.watchForStall();
    else if (this.finished) this.dispose();
    if (this.hasRoom()) this.releaseWaiting();
  }

  private watchForStall(): void {
    if (this.stallTimer) return;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      if (this.finished) {
        this.responder.destroy();
        this.dispose();
        return;
      }
      this.end(new SubscriberTooSlowError());
      this.watchForStall();
    }, this.limits.sendStallTimeoutMs);
    this.stallTimer.unref();
  }

  private releaseWaiting(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
