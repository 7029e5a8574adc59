import { Dispatcher, type InterruptionListener, type TopicItem, type TopicListener } from './dispatcher.ts';

/**
 * A dispatcher fed by the store's commit feed instead of by the request handlers, for replicas
 * sharing one database: a stream must hear every replica's writes in commit order, and a handler
 * publishing its own write directly could overtake an earlier write from another replica still on
 * its way, which the stream would then skip as below its high-water mark. So `publish` (what the
 * handlers call) does nothing, and the feed calls `relay`.
 *
 * When the feed breaks, writes committed meanwhile are never relayed: a stream kept open would
 * silently stop short. So `interrupt` ends every stream (its client resubscribes from its cursor
 * and the replay fills the gap) and refuses new ones until `resume`, when the feed listens again.
 */
export class CommitFeedDispatcher<T extends TopicItem> extends Dispatcher<T> {
  private interruption: Error | undefined;

  override publish(): void {}

  relay(topic: string, item: T): void {
    super.publish(topic, item);
  }

  override subscribe(topics: Iterable<string>, listener: TopicListener<T>, interrupted?: InterruptionListener): () => void {
    if (this.interruption) throw this.interruption;
    return super.subscribe(topics, listener, interrupted);
  }

  interrupt(reason: Error): void {
    this.interruption = reason;
    this.interruptAll(reason);
  }

  resume(): void {
    this.interruption = undefined;
  }
}
