import type { MessageRepository } from './db/messages.js';
import type { Logger } from './logger.js';
import type { Queues } from './queues/queues.js';

export interface RecoverySweepOptions {
  store: Pick<MessageRepository, 'conversationsWithPendingWork'>;
  queues: Queues;
  logger: Logger;
  /** A pending message younger than this is left to its own job. */
  graceMs: number;
  /** How often the sweep runs. */
  everyMs: number;
}

/**
 * Queues again what the database holds as pending but no job may be carrying: a message
 * stored while Redis was down (its webhook answered 503, and the provider may never retry
 * if it had stored it first), or a job lost with a Redis that had no persistence. Runs at
 * worker start and then periodically, so nothing waits for a restart. A turn or a send
 * drains a conversation's pending messages in order under its lock, so an extra job finds
 * nothing to do.
 */
export class RecoverySweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: RecoverySweepOptions) {}

  /** One pass; returns how many conversations were queued again. */
  run(overrides: { graceMs?: number } = {}): Promise<number> {
    this.running ??= this.pass(overrides.graceMs ?? this.options.graceMs).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(graceMs: number): Promise<number> {
    const { store, queues, logger, everyMs } = this.options;
    const pending = await store.conversationsWithPendingWork(graceMs);
    // One outbound job per message and sweep period (a repeat within the period is a no-op),
    // one inbound nudge per message and pass; a message still pending next period (its job
    // failed for good) is tried again. A nudge or job too many finds nothing to do.
    const round = Math.floor(Date.now() / everyMs);
    for (const p of pending) {
      const queue = p.direction === 'inbound' ? 'inbound' : 'outbound';
      await queues.add(
        queue,
        { conversationId: p.conversation_id, messageId: p.message_id },
        { id: `recover-${queue}-${p.message_id}-${round}` },
      );
    }
    if (pending.length > 0) logger.info({ conversations: pending.length }, 'recovery sweep queued pending work again');
    return pending.length;
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.run().catch((error: unknown) =>
        this.options.logger.warn({ err: (error as Error).message }, 'recovery sweep failed; will try again'),
      );
    }, this.options.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
