import { ConversationState, type TurnContext } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { CaseStore } from '../../src/db/case-store.js';
import type { Database } from '../../src/db/database.js';
import { StoreAndEnqueue } from '../../src/intake.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { Queues } from '../../src/queues/queues.js';
import { Workers, type WorkerSettings } from '../../src/queues/workers.js';
import { RedisStorage } from '../../src/turn/redis-storage.js';
import { TurnProcessor, type Bot } from '../../src/turn/turn-processor.js';

/**
 * The turn pipeline wired as the gateway wires it (store, queues, Redis state, workers),
 * around a bot given by the test. The foundation tests exercise the pipeline itself, so
 * their bots are deliberately simple.
 */
export interface PipelineHarness {
  store: CaseStore;
  queues: Queues;
  intake: StoreAndEnqueue;
  conversationState: ConversationState;
  storage: RedisStorage;
  metrics: Metrics;
  processor: TurnProcessor;
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
  const store = new CaseStore(options.db);
  const queues = new Queues(options.redis, options.prefix);
  const storage = new RedisStorage(options.redis, { prefix: `${options.prefix}:state:` });
  const conversationState = new ConversationState(storage);
  const metrics = new Metrics({ defaultMetrics: false });
  const logger = createLogger({ level: 'silent' });
  const processor = new TurnProcessor({
    store,
    queues,
    redis: options.redis,
    conversationState,
    storage,
    bot: options.bot(conversationState),
    logger,
    metrics,
    lockTtlMs: options.lockTtlMs ?? 5_000,
    lockPrefix: `${options.prefix}:lock:`,
  });
  const workers: Workers[] = [];
  return {
    store,
    queues,
    intake: new StoreAndEnqueue(store, queues),
    conversationState,
    storage,
    metrics,
    processor,
    async startWorker(settings = {}) {
      const w = new Workers(
        {
          connection: options.redis.duplicate(),
          prefix: options.prefix,
          logger,
          metrics,
          busyDelayMs: 10,
          ...settings,
        },
        { inbound: async (job) => ((await processor.drain(job.conversationId)).acquired ? 'done' : 'busy') },
      );
      await w.waitUntilReady();
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
