/** A set of callbacks with one signature: what a room's `on…` methods hand out and call. */
export class Listeners<Args extends unknown[]> {
  private readonly callbacks = new Set<(...args: Args) => void>();

  /** Adds `callback`; returns the function that removes it. */
  add(callback: (...args: Args) => void): () => void {
    this.callbacks.add(callback);
    return () => this.callbacks.delete(callback);
  }

  emit(...args: Args): void {
    for (const callback of this.callbacks) callback(...args);
  }

  clear(): void {
    this.callbacks.clear();
  }
}
