import { InboundMessageSchema, type InboundMessage, type Intake, type ParsedInboundMessage } from './channel.js';
import type { MessageRepository } from './db/messages.js';
import { InvalidPayloadError } from './errors.js';
import { jobId, type Queues } from './queues/queues.js';

interface Waiting {
  message: ParsedInboundMessage;
  resolve: (result: { messageId: string; duplicate: boolean }) => void;
  reject: (error: unknown) => void;
}

/**
 * Store durably, then nudge the conversation; only then does the webhook answer 200. A
 * provider's retry of the same message id finds the row there and stores nothing. A
 * message stored earlier and still waiting for its turn `renudgeAfterMs` later (its nudge
 * may have been lost with Redis) is nudged again on that retry, and by the recovery sweep;
 * a prompt retry adds nothing, since a nudge carries no id that would make a repeat a
 * no-op (docs/rules/turn-pipeline.md#nudges).
 *
 * Webhooks that arrive while a write is in flight are written together in the next
 * one (group commit): one transaction and one Redis round trip for the lot. Alone, a
 * message is written at once, so this adds no latency when traffic is light.
 */
export class StoreAndEnqueue implements Intake {
  private waiting: Waiting[] = [];
  private writing = false;
  private inFlight = 0;
  private stormSeenAt = -Infinity;

  constructor(
    private readonly store: Pick<MessageRepository, 'recordInboundBatch'>,
    private readonly queues: Queues,
    private readonly maxBatch = 200,
    private readonly renudgeAfterMs = 10_000,
  ) {}

  /**
   * Webhooks waiting for their turn to be stored, and the batch being stored: a storm. A
   * process that also runs turns lets them wait while this is high (`storing first`, in the
   * gateway's one-process layout), so providers are answered before the bot catches up.
   */
  backlog(): number {
    return this.waiting.length + this.inFlight;
  }

  /** A storm: `threshold` or more webhooks waiting to be stored at some moment in the last `holdMs`. */
  storming(threshold = 16, holdMs = 250): boolean {
    if (this.backlog() >= threshold) this.stormSeenAt = performance.now();
    return performance.now() - this.stormSeenAt < holdMs;
  }

  accept(input: InboundMessage): Promise<{ messageId: string; duplicate: boolean }> {
    const parsed = InboundMessageSchema.safeParse(input);
    if (!parsed.success) {
      return Promise.reject(
        new InvalidPayloadError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')),
      );
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ message: parsed.data, resolve, reject });
      this.storming();
      if (!this.writing) void this.writeAll();
    });
  }

  private async writeAll(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        this.inFlight = batch.length;
        try {
          await this.write(batch);
        } catch (error) {
          if (batch.length === 1 || !isRowError(error)) {
            for (const w of batch) w.reject(refusalFor(error));
            continue;
          }
          // One row the database refuses must not cost the others theirs: write each alone,
          // and only the one that still fails is refused.
          for (const w of batch) await this.write([w]).catch((single: unknown) => w.reject(refusalFor(single)));
        }
      }
    } finally {
      this.writing = false;
      this.inFlight = 0;
    }
  }

  /** Store and enqueue a batch in one statement and one Redis round trip; resolves each on success. */
  private async write(batch: Waiting[]): Promise<void> {
    const stored = await this.store.recordInboundBatch(batch.map((w) => w.message));
    const now = Date.now();
    const jobs = stored
      .map((s, i) => ({ s, m: batch[i]!.message }))
      .filter(
        ({ s }) =>
          !s.duplicate ||
          (s.status === 'received' && (!s.storedAt || now - Date.parse(s.storedAt) >= this.renudgeAfterMs)),
      )
      .map(({ s, m }) => ({
        payload: { conversationId: s.conversationId, messageId: s.messageId },
        id: jobId('in', m.channelId, m.providerMessageId),
      }));
    await this.queues.addBulk('inbound', jobs);
    batch.forEach((w, i) => w.resolve({ messageId: stored[i]!.messageId, duplicate: stored[i]!.duplicate }));
  }
}

/**
 * PostgreSQL's SQLSTATE classes for a value it refuses (22: data exception, such as a
 * character it cannot hold) and for a row that breaks a rule (23: integrity constraint).
 * Trying again will not change them; a lost connection or a Redis outage would.
 */
function isRowError(error: unknown): boolean {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/** A message the database refuses is bad input (the channel answers 4xx, never 5xx); anything else stays as it is. */
function refusalFor(error: unknown): unknown {
  return isRowError(error)
    ? new InvalidPayloadError(`the database refused the message (${(error as { code: string }).code})`)
    : error;
}
