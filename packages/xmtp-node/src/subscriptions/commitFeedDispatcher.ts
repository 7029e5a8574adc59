import { Dispatcher, type TopicItem } from './dispatcher.ts';

/**
 * A dispatcher fed by the store's commit feed instead of by the request handlers, for replicas
 * sharing one database: a stream must hear every replica's writes in commit order, and a handler
 * publishing its own write directly could overtake an earlier write from another replica still on
 * its way, which the stream would then skip as below its high-water mark. So `publish` (what the
 * handlers call) does nothing, and the feed calls `relay`.
 */
export class CommitFeedDispatcher<T extends TopicItem> extends Dispatcher<T> {
  override publish(): void {}

  relay(topic: string, item: T): void {
    super.publish(topic, item);
  }
}
