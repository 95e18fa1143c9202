import { randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import {
  type DirectLineChannel,
  type DirectLineChannelOptions,
  createDirectLineChannel,
} from '../../../channels/directline/index.js';
import { mountChannel, type InboundMessage, type Intake } from '../../../src/channel.js';
import { WebhookLane } from '../../../src/http/webhook-lane.js';
import { createLogger } from '../../../src/logger.js';
import { Metrics } from '../../../src/observability/metrics.js';

export const testSecret = 'test-directline-secret-0123456789';
export const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Stands in for the bot and the turn pipeline: it records what the channel accepted and
 * answers through a channel's own send(), as the outbound queue would. "You said: X", with
 * two buttons when the customer says "choices".
 */
export class EchoBot implements Intake {
  readonly accepted: InboundMessage[] = [];
  /** When set, accept() throws instead, as an intake would with its database down. */
  failing = false;
  /** The channel instance the replies go out through: any web process may send them. */
  replyThrough: DirectLineChannel | undefined;

  async accept(message: InboundMessage): Promise<{ messageId: string; duplicate: boolean }> {
    if (this.failing) throw new Error('intake unavailable');
    this.accepted.push(message);
    const channel = this.replyThrough;
    if (channel !== undefined) {
      // The real bot replies later, from a queue worker; never inside the request.
      setImmediate(() => {
        void channel.send({
          messageId: randomUUID(),
          conversationId: randomUUID(),
          channelId: 'directline',
          to: message.from,
          from: 'bot',
          text: `You said: ${message.text}`,
          choices:
            message.text === 'choices'
              ? [
                  { title: 'Repair', value: 'repair' },
                  { title: 'Complaint', value: 'complaint' },
                ]
              : [],
          fromHuman: false,
        });
      });
    }
    return { messageId: randomUUID(), duplicate: false };
  }
}

export interface TestGateway {
  baseUrl: string;
  channel: DirectLineChannel;
  bot: EchoBot;
  redis: Redis;
  keyPrefix: string;
  /** CLIENT SETNAME of the channel's pub/sub connection, so a test can cut it. */
  subscriberName: string;
  server: Server;
  /** WebSocket upgrades the server has seen: proof a client streamed rather than polled. */
  upgrades(): number;
  close(): Promise<void>;
}

/** One "web process": an express server with the channel mounted, on a random port. */
export async function startGateway(
  overrides: Partial<Omit<DirectLineChannelOptions, 'redis' | 'createSubscriber' | 'publicBaseUrl' | 'logger'>> = {},
): Promise<TestGateway> {
  const keyPrefix = overrides.keyPrefix ?? `test:dl:${randomUUID()}:`;
  const subscriberName = `test-dl-sub-${randomUUID()}`;
  const redis = new Redis(redisUrl);
  const app = express();
  const lane = new WebhookLane({
    logger: createLogger({ level: 'silent' }),
    metrics: new Metrics({ defaultMetrics: false }),
    headers: {},
  });
  const server = createServer(lane.wrap(app));
  let upgrades = 0;
  server.on('upgrade', () => {
    upgrades += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const channel = createDirectLineChannel({
    secret: testSecret,
    ...overrides,
    keyPrefix,
    redis,
    createSubscriber: () => new Redis(redisUrl, { connectionName: subscriberName }),
    publicBaseUrl: baseUrl,
    logger: quietLogger,
  });
  const bot = new EchoBot();
  bot.replyThrough = channel;
  const router = express.Router();
  mountChannel(channel, bot, { router, lane });
  app.use(router);
  channel.attachWebSockets(server);
  return {
    baseUrl,
    channel,
    bot,
    redis,
    keyPrefix,
    subscriberName,
    server,
    upgrades: () => upgrades,
    async close() {
      await channel.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deleteKeys(redis, keyPrefix);
      await redis.quit();
    },
  };
}

export async function deleteKeys(redis: Redis, keyPrefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export interface ConversationStart {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl: string;
}

/** Starts a conversation as the page does: a token from /webchat/token, then POST /conversations. */
export async function startConversation(baseUrl: string): Promise<ConversationStart> {
  const minted = await fetch(`${baseUrl}/webchat/token`, { method: 'POST' });
  const { token } = (await minted.json()) as { token: string };
  const started = await fetch(`${baseUrl}/v3/directline/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  return (await started.json()) as ConversationStart;
}

export async function postText(
  baseUrl: string,
  conversation: { conversationId: string; token: string },
  text: string,
  extra: Record<string, unknown> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/v3/directline/conversations/${conversation.conversationId}/activities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${conversation.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', from: { id: 'user' }, text, locale: 'en', ...extra }),
  });
}
