/**
 * Lets every open call register to be ended when the node shuts down, so streams close cleanly
 * (with a status) instead of being cut.
 */
export class ShutdownSignal {
  private readonly callbacks = new Set<() => void>();
  private stopping = false;

  get isShuttingDown(): boolean {
    return this.stopping;
  }

  /** Returns a function that unregisters the callback. */
  onShutdown(callback: () => void): () => void {
    if (this.stopping) {
      callback();
      return () => {};
    }
    this.callbacks.add(callback);
    return () => this.callbacks.delete(callback);
  }

  trigger(): void {
    this.stopping = true;
    for (const callback of this.callbacks) callback();
    this.callbacks.clear();
  }
}

/**
 * The abort reason for a call whose client went away. One shared object: \`abort()\` without a
 * reason builds a DOMException with a stack trace for every finished call, which showed up as a
 * measurable share of the node's CPU.
 */
export const CLIENT_GONE = Object.freeze(new Error('the client closed the call'));
