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
