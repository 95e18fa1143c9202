import { InboundMessageSchema, type InboundMessage, type Intake } from './channel.js';
import type { CaseStore } from './db/case-store.js';
import { InvalidPayloadError } from './errors.js';
import { jobId, type Queues } from './queues/queues.js';

/**
 * Store durably, then enqueue; only then does the webhook answer 200. A provider's
 * retry of the same message id finds the row and the job already there. A message that
 * was stored but whose enqueue failed (Redis down) is re-enqueued on retry, and at
 * worker start-up by the recovery sweep.
 */
export class StoreAndEnqueue implements Intake {
  constructor(
    private readonly store: CaseStore,
    private readonly queues: Queues,
  ) {}

  async accept(input: InboundMessage): Promise<{ messageId: string; duplicate: boolean }> {
    const parsed = InboundMessageSchema.safeParse(input);
    if (!parsed.success) throw new InvalidPayloadError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const message = parsed.data;
    const stored = await this.store.recordInbound(message);
    if (stored.duplicate) {
      const row = await this.store.getMessage(stored.messageId);
      if (row?.status !== 'received') return { messageId: stored.messageId, duplicate: true };
    }
    await this.queues.add(
      'inbound',
      { conversationId: stored.conversationId, messageId: stored.messageId },
      { id: jobId('in', message.channelId, message.providerMessageId) },
    );
    return { messageId: stored.messageId, duplicate: stored.duplicate };
  }
}
