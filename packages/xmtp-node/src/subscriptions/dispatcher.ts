/** Something delivered on a topic, identified by its id within that topic. */
export interface TopicItem {
  id: bigint;
}

export type TopicListener<T extends TopicItem> = (topic: string, item: T) => void;

/** Called when the dispatcher can no longer vouch for live delivery: the subscription must end with `reason`. */
export type InterruptionListener = (reason: Error) => void;

/**
 * In-process fan-out of newly stored items to live subscriptions, by topic. Writers publish after
 * their insert is committed, in id order, so listeners see each topic's items in order.
 */
export class Dispatcher<T extends TopicItem> {
  private readonly listeners = new Map<string, Set<TopicListener<T>>>();
  private readonly interruptionListeners = new Set<InterruptionListener>();

  subscribe(topics: Iterable<string>, listener: TopicListener<T>, interrupted: InterruptionListener = () => {}): () => void {
    const subscribed = [...new Set(topics)];
    for (const topic of subscribed) {
      let set = this.listeners.get(topic);
      if (!set) this.listeners.set(topic, (set = new Set()));
      set.add(listener);
    }
    this.interruptionListeners.add(interrupted);
    return () => {
      this.interruptionListeners.delete(interrupted);
      for (const topic of subscribed) {
        const set = this.listeners.get(topic);
        set?.delete(listener);
        if (set?.size === 0) this.listeners.delete(topic);
      }
    };
  }

  publish(topic: string, item: T): void {
    for (const listener of this.listeners.get(topic) ?? []) listener(topic, item);
  }

  /** Tells every subscription live delivery broke; each ends itself (and unsubscribes). */
  protected interruptAll(reason: Error): void {
    for (const interrupted of [...this.interruptionListeners]) interrupted(reason);
  }

  get subscriberCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }
}
