import { MessageFactory } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { conversationWork as startConversationWork, startWorkers } from '../../app/conversation-work.js';
import { buildCore } from '../../app/core.js';
import { startWeb } from '../../app/web.js';
import type { ChannelAdapter, ChannelId } from '../../src/channel.js';
import type { CaseStore } from '../../src/db/case-store.js';
import type { Database } from '../../src/db/database.js';
import { createTranslator, type Translator } from '../../src/i18n.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import type { Outbox } from '../../src/outbox.js';
import { loadCalendars, loadPolicyPack } from '../../src/policy/index.js';
import { Queues } from '../../src/queues/queues.js';
import type { Workers } from '../../src/queues/workers.js';
import type { Bot } from '../../src/turn/turn-processor.js';

/**
 * The gateway's core, web step and conversation workers (app/core.ts, app/web.ts,
 * app/conversation-work.ts), around channels and a bot the test gives: channel tests run against
 * real Redis, a real database and the provider fakes without needing the dialogs.
 */
export interface ChannelHarness {
  /** Where the HTTP app listens (`http://127.0.0.1:<port>`); pass it as the channel's publicBaseUrl. */
  url: string;
  db: Database;
  store: CaseStore;
  queues: Queues;
  outbox: Outbox;
  translator: Translator;
  logger: Logger;
  /** Mount a channel's routes and let the outbound worker send through it; calls its beforeTurn like the gateway's preempt. */
  add(channel: ChannelAdapter): void;
  /** Start the inbound and outbound workers (after add()). */
  startWorkers(): Promise<void>;
  /** Inbound jobs ever queued (waiting, active, delayed, completed or failed). */
  inboundJobs(): Promise<number>;
  /** Rows in the messages table. */
  messageCount(): Promise<number>;
  close(): Promise<void>;
}

/** Answers every message with one question and two choices, so senders have choices to render. */
export const askingBot: Bot = {
  async run(context) {
    await context.sendActivity(MessageFactory.suggestedActions(['Yes', 'No'], 'Thanks. Is this about a repair?'));
  },
};

export async function startChannelHarness(options: {
  db: Database;
  redis: Redis;
  prefix: string;
  bot?: Bot;
}): Promise<ChannelHarness> {
  const { db, redis, prefix } = options;
  const logger = createLogger({ level: 'silent' });
  const metrics = new Metrics({ defaultMetrics: false });
  const queues = new Queues(redis, prefix);
  const translator = await createTranslator();
  // The core as the composition root builds it (app/core.ts): store, intake, outbox.
  const { store, intake, outbox } = buildCore({
    db,
    queues,
    translator,
    pack: loadPolicyPack('code-2024'),
    calendars: loadCalendars('/nonexistent/bank-holidays.json'),
    logger,
    documentSecret: 'channel-harness-document-links',
    publicBaseUrl: 'http://127.0.0.1',
    landlord: {},
  });
  const channels = new Map<ChannelId, ChannelAdapter>();
  const workers: Workers[] = [];

  // The gateway's web step (app/web.ts); the test's channels are mounted as they are added.
  const web = await startWeb({
    logger,
    metrics,
    readiness: [],
    channelsOn: {},
    intake,
    channels: [],
    port: 0,
    host: '127.0.0.1',
  });
  const url = `http://127.0.0.1:${web.port}`;

  const conversationWork = startConversationWork({
    store,
    queues,
    redis,
    channels,
    bot: () => options.bot ?? askingBot,
    logger,
    metrics,
    prefix,
    lockTtlMs: 5_000,
  });

  return {
    url,
    db,
    store,
    queues,
    outbox,
    translator,
    logger,
    add(channel) {
      for (const id of channel.channelIds) channels.set(id, channel);
      web.mount(channel);
    },
    async startWorkers() {
      const w = await startWorkers({
        redis,
        prefix,
        logger,
        metrics,
        processors: conversationWork.processors,
        settings: { busyDelayMs: 10, onFinalFailure: conversationWork.onFinalFailure },
      });
      workers.push(w);
    },
    async inboundJobs() {
      const { waiting, active } = await queues.nudges.depth();
      return waiting + active;
    },
    async messageCount() {
      const rows = await db.query<{ n: number }>('select count(*)::int as n from messages');
      return rows[0]?.n ?? 0;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
      await web.close();
    },
  };
}
