import type { Redis } from 'ioredis';
import type { DirectLineActivity } from './activity.js';
import { parsePublished } from './conversation-store.js';
import { type ChannelLogger, describeError } from './logger.js';

export type FeedListener = (seq: number, activity: DirectLineActivity) => void;

interface Subscription {
  listeners: Set<FeedListener>;
  ready: Promise<unknown>;
}

/**
 * Live activities of the conversations whose sockets this process holds, from Redis
 * pub/sub: whichever web process appended an activity, every process subscribed to the
 * conversation's channel hears it. One subscriber connection per process, one channel per
 * conversation, subscribed while at least one local socket wants it.
 */
export class ConversationFeed {
  private subscriber: Redis | undefined;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly gapListeners = new Set<() => void>();
  private connectedBefore = false;

  constructor(
    private readonly createSubscriber: () => Redis,
    private readonly logger: ChannelLogger,
  ) {}

  private connection(): Redis {
    if (this.subscriber === undefined) {
      const subscriber = this.createSubscriber();
      subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
      subscriber.on('error', (error: unknown) =>
        this.logger.warn(describeError(error, true), 'directline subscriber error'),
      );
      // Pub/sub keeps nothing for a connection that was down: whatever was published in the
      // meantime is only in history. Tell the sockets, so their clients resume from their watermark.
      subscriber.on('ready', () => {
        if (this.connectedBefore) {
          this.logger.warn({}, 'directline subscriber reconnected; asking sockets to resume');
          for (const listener of this.gapListeners) listener();
        }
        this.connectedBefore = true;
      });
      this.subscriber = subscriber;
    }
    return this.subscriber;
  }

  private dispatch(channel: string, message: string): void {
    const subscription = this.subscriptions.get(channel);
    if (subscription === undefined) return;
    const published = parsePublished(message);
    if (published === undefined) {
      this.logger.warn({ channel }, 'directline ignored an unreadable published activity');
      return;
    }
    for (const listener of subscription.listeners) listener(published.seq, published.activity);
  }

  /**
   * Resolves once Redis has confirmed the subscription, so a history read made after it
   * cannot miss an activity published in between. Returns the way to stop listening.
   */
  async subscribe(channel: string, listener: FeedListener): Promise<() => void> {
    let subscription = this.subscriptions.get(channel);
    if (subscription === undefined) {
      subscription = { listeners: new Set(), ready: this.connection().subscribe(channel) };
      this.subscriptions.set(channel, subscription);
    }
    subscription.listeners.add(listener);
    try {
      await subscription.ready;
    } catch (error) {
      // Forget a failed SUBSCRIBE so the next socket tries again.
      if (this.subscriptions.get(channel) === subscription) this.subscriptions.delete(channel);
      throw error;
    }
    return () => {
      const current = this.subscriptions.get(channel);
      if (current === undefined || !current.listeners.delete(listener) || current.listeners.size > 0) return;
      this.subscriptions.delete(channel);
      // Commands on one connection run in order, so a new SUBSCRIBE sent after this one still wins.
      this.subscriber?.unsubscribe(channel).catch((error: unknown) => {
        this.logger.warn(describeError(error, true), 'directline unsubscribe failed');
      });
    };
  }

  /** Called after the subscriber reconnects, when live activities may have been missed. */
  onGap(listener: () => void): void {
    this.gapListeners.add(listener);
  }

  async close(): Promise<void> {
    this.subscriptions.clear();
    this.gapListeners.clear();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber !== undefined) {
      await subscriber.quit().catch(() => subscriber.disconnect());
    }
  }
}
