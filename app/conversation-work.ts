import { ConversationState } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import type { ChannelAdapter, ChannelId } from '../src/channel.js';
import type { Conversation, Message } from '../src/db/rows.js';
import type { Logger } from '../src/logger.js';
import type { Metrics } from '../src/observability/metrics.js';
import type { Queues } from '../src/queues/queues.js';
import { Workers, type Processors, type WorkerSettings } from '../src/queues/workers.js';
import { OutboundProcessor } from '../src/turn/outbound-processor.js';
import type { OutboundStore, TurnStore } from '../src/turn/ports.js';
import { conversationProcessors } from '../src/turn/processors.js';
import { RedisStorage } from '../src/turn/redis-storage.js';
import { TurnProcessor, type Bot } from '../src/turn/turn-processor.js';

export interface ConversationWorkOptions {
  store: TurnStore & OutboundStore;
  queues: Queues;
  redis: Redis;
  /** The channels by id: the outbound worker sends through them, and their beforeTurn runs before the bot. */
  channels: Map<ChannelId, ChannelAdapter>;
  /** The bot, made over the conversation state this step keeps in Redis. */
  bot: (conversationState: ConversationState) => Bot;
  logger: Logger;
  metrics: Metrics;
  prefix: string;
  /** Turn and send locks (tests shorten them). @defaultValue the processors' own */
  lockTtlMs?: number;
  /** While a colleague has the conversation: where the customer's words go instead of the bot. */
  whenHandedOff?: (conversation: Conversation, message: Message) => Promise<void>;
  /** While a turn runs: the customer sees the bot typing (web chat). */
  whileTurnRuns?: (conversation: Conversation) => (() => void) | undefined;
  /** After the channel's keywords, before the dialogs (an answer to the satisfaction survey); true when it took the message. */
  beforeBot?: (conversation: Conversation, message: Message) => Promise<boolean>;
}

/**
 * The worker step every role that runs turns shares (the gateway's worker role and the
 * channel test harness): conversation state in Redis, the turn processor (channel
 * keywords and public comments first, through each channel's beforeTurn), the outbound
 * sender, and the inbound and outbound queues' processors.
 */
export interface ConversationWork {
  processors: Pick<Processors, 'inbound' | 'outbound'>;
  onFinalFailure: NonNullable<WorkerSettings['onFinalFailure']>;
  /** What the inbound job does for a conversation, without the queue: its turn, then its replies sent or queued. */
  runInbound: (conversationId: string) => Promise<'done' | 'busy'>;
  /** The turn processor the inbound processor drives (tests drain a conversation with it directly). */
  turns: TurnProcessor;
  /** The conversation state the bot was made over, kept in Redis. */
  conversationState: ConversationState;
  storage: RedisStorage;
}

export function conversationWork(options: ConversationWorkOptions): ConversationWork {
  const { store, queues, redis, channels, logger, metrics, prefix } = options;
  const storage = new RedisStorage(redis, { prefix: `${prefix}:state:` });
  const conversationState = new ConversationState(storage);
  const lock = options.lockTtlMs === undefined ? {} : { lockTtlMs: options.lockTtlMs };
  const outbound = new OutboundProcessor({ store, redis, queues, channels, metrics, logger, ...lock });
  const turns = new TurnProcessor({
    store,
    queues,
    redis,
    conversationState,
    storage,
    bot: options.bot(conversationState),
    logger,
    metrics,
    ...lock,
    lockPrefix: `${prefix}:lock:turn:`,
    // The inbound job sends the replies itself (src/turn/processors.ts): no outbound job per turn.
    repliesDeliveredByCaller: true,
    // What the inbound job will send in the turn, the turn's commit reads back for it.
    readsBackPending: (channelId) => outbound.sendsInTurn(channelId),
    // Channel keywords (SMS STOP/START/HELP) and public comments are handled before the dialogs.
    preempt: async (conversation, message) => {
      const channel = channels.get(conversation.channel_id);
      if (channel?.beforeTurn && (await channel.beforeTurn({ conversation, message }))) return true;
      return options.beforeBot ? options.beforeBot(conversation, message) : false;
    },
    ...(options.whenHandedOff ? { whenHandedOff: options.whenHandedOff } : {}),
    ...(options.whileTurnRuns ? { whileTurnRuns: options.whileTurnRuns } : {}),
  });
  return { ...conversationProcessors(turns, outbound), turns, conversationState, storage };
}

export interface WorkersOptions {
  redis: Redis;
  prefix: string;
  logger: Logger;
  metrics: Metrics;
  /** What each queue's jobs do: the conversation work's, and the SLA and handoff queues' where a role runs them. */
  processors: Processors;
  settings?: Partial<Omit<WorkerSettings, 'connection' | 'logger' | 'metrics'>>;
}

/**
 * The worker step: workers on their own Redis connection taking the queues' jobs with these
 * processors, ready to take them when this resolves (the gateway's worker role and the test
 * harnesses alike).
 */
export async function startWorkers(options: WorkersOptions): Promise<Workers> {
  const { redis, prefix, logger, metrics } = options;
  const workers = new Workers(
    { connection: redis.duplicate(), prefix, logger, metrics, ...options.settings },
    options.processors,
  );
  await workers.waitUntilReady();
  return workers;
}
