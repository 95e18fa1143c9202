import type { Server } from 'node:http';
import type { Router } from 'express';
import type { Redis } from 'ioredis';
import {
  type ChannelAdapter,
  type ChannelCapabilities,
  type ChannelId,
  type Intake,
  type OutboundMessage,
  type SendResult,
  OutboundMessageSchema,
} from '../../src/channel.js';
import { ConfigError, PermanentSendError, TransientSendError } from '../../src/errors.js';
import { acceptedMediaTypes } from '../../src/media/sniff.js';
import { botId } from './activity.js';
import { ConversationFeed } from './conversation-feed.js';
import { ConversationStore } from './conversation-store.js';
import type { DirectLineContext } from './context.js';
import { type ChannelLogger, describeError } from './logger.js';
import { toBotActivity } from './outbound.js';
import { pageRouter } from './page-routes.js';
import { type MediaSink, directLineRouter } from './rest-routes.js';
import { DirectLineStream } from './stream.js';
import type { UploadLimits } from './upload.js';

export { resumeCloseCode, tokenExpiredCloseCode } from './stream.js';
export { pageLanguages } from './page-assets.js';
export type { ChannelLogger } from './logger.js';
export type { MediaSink } from './rest-routes.js';
export type { UploadLimits } from './upload.js';

export interface DirectLineChannelOptions {
  /** Commands: history, sequences, rate limits, publishing. */
  redis: Redis;
  /** A second connection, for pub/sub only; created when the first socket subscribes. Closed by close(). */
  createSubscriber: () => Redis;
  /** DIRECTLINE_SECRET: signs tokens, and is accepted as a bearer like real Direct Line's secret. */
  secret: string;
  /** Where customers reach us, e.g. https://chat.example.org; streamUrl is derived from it. */
  publicBaseUrl: string;
  /** @defaultValue 3600 */
  tokenTtlSeconds?: number;
  /** How long a conversation's history lives after its last activity. @defaultValue 86400 */
  conversationTtlSeconds?: number;
  /** @defaultValue 'dl:' */
  keyPrefix?: string;
  /** Name shown for the bot in activities. @defaultValue 'Assistant' */
  botName?: string;
  /** POST /webchat/token calls one address may make a minute. @defaultValue 30 */
  tokensPerMinute?: number;
  /** Where uploaded files are kept (the gateway's MediaStore). Without it, uploads are refused with 501. */
  media?: MediaSink;
  /** What an upload may carry: per file, in all, how many, which types. Defaults in upload.ts and the README. */
  uploadLimits?: Partial<UploadLimits>;
  /** Origins allowed to show the chat page in an iframe (WEBCHAT_FRAME_ANCESTORS). @defaultValue none */
  frameAncestors?: readonly string[];
  /** How often a typing signal is repeated while a turn runs (Web Chat shows one for 5 s). @defaultValue 3000 */
  typingRepeatMs?: number;
  logger: ChannelLogger;
}

export const defaultUploadLimits: UploadLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxUploadBytes: 20 * 1024 * 1024,
  maxFiles: 5,
  acceptedTypes: acceptedMediaTypes,
};

export interface DirectLineChannel extends ChannelAdapter {
  /** Handles WebSocket upgrades for the stream path only. Call once per http.Server. */
  attachWebSockets(server: Server): void;
  /** Closes sockets and the subscriber connection (not `redis`, which the caller owns). */
  close(): Promise<void>;
}

const capabilities: ChannelCapabilities = { maxTextLength: 4000, choices: 'buttons', isPublic: false };

export function createDirectLineChannel(options: DirectLineChannelOptions): DirectLineChannel {
  if (options.secret.length < 16) throw new ConfigError('DIRECTLINE_SECRET must be at least 16 characters');
  const keyPrefix = options.keyPrefix ?? 'dl:';
  const ctx: DirectLineContext = {
    secret: options.secret,
    store: new ConversationStore(options.redis, keyPrefix, options.conversationTtlSeconds ?? 86_400),
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    publicBaseUrl: options.publicBaseUrl.replace(/\/+$/, ''),
    logger: options.logger,
  };
  const feed = new ConversationFeed(options.createSubscriber, options.logger);
  const stream = new DirectLineStream(ctx, feed);
  const botName = options.botName ?? 'Assistant';
  const uploadLimits: UploadLimits = { ...defaultUploadLimits, ...options.uploadLimits };
  const typingRepeatMs = options.typingRepeatMs ?? 3000;

  /** One typing activity to whoever has the conversation open; lost if no one has. */
  const sendTyping = (conversationId: string) => {
    const now = new Date();
    ctx.store
      .publishLive(conversationId, {
        id: `${conversationId}|typing-${now.getTime().toString(36)}`,
        type: 'typing',
        timestamp: now.toISOString(),
        channelId: 'directline',
        conversation: { id: conversationId },
        from: { id: botId, name: botName, role: 'bot' },
      })
      .catch((error: unknown) =>
        options.logger.warn({ conversationId, ...describeError(error) }, 'directline typing signal lost'),
      );
  };

  /** Appends the messages, in order, to one conversation's history in one step. */
  const sendAll = async (inputs: readonly OutboundMessage[]): Promise<SendResult[]> => {
    const messages = inputs.map((input) => {
      const parsed = OutboundMessageSchema.safeParse(input);
      if (!parsed.success || !/^[0-9a-f-]{36}$/.test(parsed.data.to) || parsed.data.to !== inputs[0]?.to) {
        throw new PermanentSendError(
          'not a web chat message: `to` must be a Direct Line conversation id',
          'invalid_message',
        );
      }
      return parsed.data;
    });
    const to = messages[0]?.to;
    if (to === undefined) return [];
    let appended: Awaited<ReturnType<ConversationStore['appendAll']>>;
    try {
      const now = new Date();
      // Keyed by our message id: a retry after a lost answer finds the first copy instead of showing it twice.
      appended = await ctx.store.appendAll(
        to,
        messages.map((message) => ({
          activity: toBotActivity(message, botName, now),
          clientActivityId: `bot:${message.messageId}`,
        })),
      );
    } catch (error) {
      options.logger.warn({ conversationId: to, ...describeError(error, true) }, 'directline send failed');
      throw new TransientSendError('could not store the reply in Redis');
    }
    // The conversation's history expired: there is no socket or page left to show it.
    if (appended === undefined)
      throw new PermanentSendError('the web chat conversation has ended', 'conversation_expired');
    return appended.map((a) => ({ providerMessageIds: [a.id] }));
  };

  return {
    channelIds: ['directline'] as const satisfies readonly ChannelId[],
    capabilities: () => capabilities,

    mount(router: Router, intake: Intake): void {
      router.use('/v3/directline', directLineRouter(ctx, intake, { media: options.media, limits: uploadLimits }));
      router.use(
        pageRouter(ctx, {
          redis: options.redis,
          keyPrefix,
          tokensPerMinute: options.tokensPerMinute ?? 30,
          frameAncestors: options.frameAncestors ?? [],
        }),
      );
    },

    // While the bot works on a turn: a typing activity now and every few seconds until it is done.
    typing(address: string): () => void {
      if (!/^[0-9a-f-]{36}$/.test(address)) return () => undefined;
      sendTyping(address);
      const timer = setInterval(() => sendTyping(address), typingRepeatMs);
      timer.unref();
      return () => clearInterval(timer);
    },

    async send(input: OutboundMessage): Promise<SendResult> {
      const [result] = await sendAll([input]);
      return result!;
    },

    // A turn's replies in one append (docs/rules/turn-pipeline.md#batched-appends).
    sendMany: (inputs) => sendAll(inputs),

    attachWebSockets(server: Server): void {
      stream.attach(server);
    },

    async close(): Promise<void> {
      await stream.close();
      await feed.close();
    },
  };
}
