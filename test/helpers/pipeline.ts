import type { ConversationState, TurnContext } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { conversationWork, startWorkers } from '../../app/conversation-work.js';
import { buildRecords } from '../../app/core.js';
import type { ChannelAdapter, ChannelId } from '../../src/channel.js';
import type { CaseStore } from '../../src/db/case-store.js';
import type { Database } from '../../src/db/database.js';
import type { StoreAndEnqueue } from '../../src/intake.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { Queues } from '../../src/queues/queues.js';
import type { WorkerSettings, Workers } from '../../src/queues/workers.js';
import type { RedisStorage } from '../../src/turn/redis-storage.js';
import type { Bot, TurnProcessor } from '../../src/turn/turn-processor.js';

/**
 * The turn pipeline as the gateway builds it (app/core.ts's records, app/conversation-work.ts's
 * turn processor and workers), around a bot given by the test and with no channels, so
 * nothing is sent. The foundation tests exercise the pipeline itself, so their bots are
 * deliberately simple.
 */
export interface PipelineHarness {
  store: CaseStore;
  queues: Queues;
  intake: StoreAndEnqueue;
  conversationState: ConversationState;
  storage: RedisStorage;
  metrics: Metrics;
  processor: TurnProcessor;
  /** What an inbound job does, without the queue: the conversation's turn, then its replies sent or queued. */
  runInbound(conversationId: string): Promise<'done' | 'busy'>;
  /** A worker taking inbound jobs only. */
  startWorker(settings?: Partial<WorkerSettings>): Promise<Workers>;
  close(): Promise<void>;
}

export function buildPipeline(options: {
  db: Database;
  redis: Redis;
  prefix: string;
  bot: (state: ConversationState) => Bot;
  lockTtlMs?: number;
}): PipelineHarness {
  const { redis, prefix } = options;
  const queues = new Queues(redis, prefix);
  const { store, intake } = buildRecords({ db: options.db, queues });
  const metrics = new Metrics({ defaultMetrics: false });
  const logger = createLogger({ level: 'silent' });
  const work = conversationWork({
    store,
    queues,
    redis,
    channels: new Map<ChannelId, ChannelAdapter>(),
    bot: options.bot,
    logger,
    metrics,
    prefix,
    lockTtlMs: options.lockTtlMs ?? 5_000,
  });
  const workers: Workers[] = [];
  return {
    store,
    queues,
    intake,
    conversationState: work.conversationState,
    storage: work.storage,
    metrics,
    processor: work.turns,
    runInbound: work.runInbound,
    async startWorker(settings = {}) {
      const w = await startWorkers({
        redis,
        prefix,
        logger,
        metrics,
        processors: { inbound: work.processors.inbound },
        settings: { busyDelayMs: 10, ...settings },
      });
      workers.push(w);
      return w;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
    },
  };
}

/** A bot that remembers, in conversation state, every text it has seen, and answers with the count. */
export function recordingBot(state: ConversationState): Bot & { seen: (ctx: TurnContext) => Promise<string[]> } {
  const seen = state.createProperty<string[]>('seen');
  return {
    async run(context) {
      const list = await seen.get(context, []);
      list.push(context.activity.text ?? '');
      await seen.set(context, list);
      await context.sendActivity(`got ${list.length}: ${context.activity.text ?? ''}`);
    },
    seen: (ctx) => seen.get(ctx, []),
  };
}

export const sms = (providerMessageId: string, text: string, from = '+447700900123') => ({
  channelId: 'sms' as const,
  providerMessageId,
  from,
  to: '+447700900000',
  text,
  receivedAt: new Date().toISOString(),
});
