import { ConversationState } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter, ChannelId, OutboundMessage, SendResult } from '../../src/channel.js';
import { CaseStore } from '../../src/db/case-store.js';
import { TransientSendError } from '../../src/errors.js';
import { StoreAndEnqueue } from '../../src/intake.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { Queues } from '../../src/queues/queues.js';
import { Workers } from '../../src/queues/workers.js';
import { OutboundProcessor } from '../../src/turn/outbound-processor.js';
import { conversationProcessors } from '../../src/turn/processors.js';
import { RedisStorage } from '../../src/turn/redis-storage.js';
import { TurnProcessor } from '../../src/turn/turn-processor.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { recordingBot, sms } from '../helpers/pipeline.js';
import { deletePrefix, testRedis, uniquePrefix, waitFor } from '../helpers/redis.js';

/** SMS as a provider that takes several messages at once: what it was handed, in order; it can be made to fail. */
class RecordingChannel {
  readonly calls: string[][] = [];
  failing = false;
  readonly channelIds: readonly ChannelId[] = ['sms'];
  capabilities() {
    return { maxTextLength: 1530, choices: 'numbered' as const, isPublic: false };
  }
  mount(): void {}
  async send(message: OutboundMessage): Promise<SendResult> {
    return (await this.sendMany([message]))[0]!;
  }
  async sendMany(messages: readonly OutboundMessage[]): Promise<SendResult[]> {
    if (this.failing) throw new TransientSendError('the provider is away');
    this.calls.push(messages.map((m) => m.text));
    return messages.map((m) => ({ providerMessageIds: [`SM-${m.messageId}`] }));
  }
}

/** As sendMany's contract says (web chat's append): a message already sent is not sent again and keeps its place. */
class AppendingChannel extends RecordingChannel {
  readonly log: string[] = [];
  private readonly placed = new Map<string, number>();
  override async sendMany(messages: readonly OutboundMessage[]): Promise<SendResult[]> {
    // Another sender may be part-way through: yield, as a round trip to Redis would.
    await new Promise((next) => setImmediate(next));
    return messages.map((m) => {
      let place = this.placed.get(m.messageId);
      if (place === undefined) {
        place = this.log.push(m.text);
        this.placed.set(m.messageId, place);
      }
      return { providerMessageIds: [`DL-${place}`] };
    });
  }
}

/** A bot that says two things a turn, so a turn's replies go together. */
const twoReplies = (state: ConversationState) => {
  const inner = recordingBot(state);
  return {
    async run(context: Parameters<typeof inner.run>[0]) {
      await inner.run(context);
      await context.sendActivity('anything else?');
    },
  };
};

describe("a turn's replies sent by the job that ran it (docs/rules/turn-pipeline.md#delivery-in-the-turn)", () => {
  let t: TestDatabase;
  let redis: Redis;
  let prefix = '';
  let queues: Queues;
  let workers: Workers | undefined;

  beforeAll(async () => {
    t = await openTestDatabase('pglite');
    redis = testRedis();
  });
  afterEach(async () => {
    await workers?.close();
    workers = undefined;
    await queues.close();
    await deletePrefix(redis, prefix);
  });
  afterAll(async () => {
    redis.disconnect();
    await t.close();
  });

  function wire(channel: RecordingChannel = new RecordingChannel()) {
    const store = new CaseStore(t.db);
    queues = new Queues(redis, prefix);
    const storage = new RedisStorage(redis, { prefix: `${prefix}:state:` });
    const conversationState = new ConversationState(storage);
    const metrics = new Metrics({ defaultMetrics: false });
    const logger = createLogger({ level: 'silent' });
    const channels = new Map<ChannelId, ChannelAdapter>([['sms', channel]]);
    const outbound = new OutboundProcessor({ store, redis, queues, channels, metrics, logger, lockTtlMs: 5_000 });
    const turns = new TurnProcessor({
      store,
      queues,
      redis,
      conversationState,
      storage,
      bot: twoReplies(conversationState),
      logger,
      metrics,
      lockTtlMs: 5_000,
      lockPrefix: `${prefix}:lock:turn:`,
      repliesDeliveredByCaller: true,
      readsBackPending: (id) => outbound.sendsInTurn(id),
    });
    const intake = new StoreAndEnqueue(store, queues);
    return { store, channel, turns, outbound, intake, metrics, logger };
  }

  const outboundOf = async (store: CaseStore, conversationId: string) =>
    (await store.listMessages(conversationId)).filter((m) => m.direction === 'outbound').map((m) => [m.text, m.status]);

  it('sends them together, in order, once stored, and queues no outbound job', async () => {
    prefix = uniquePrefix('deliver');
    const w = wire();
    const { processors, onFinalFailure } = conversationProcessors(w.turns, w.outbound);
    workers = new Workers(
      { connection: redis.duplicate(), prefix, logger: w.logger, metrics: w.metrics, onFinalFailure },
      processors,
    );
    await workers.waitUntilReady();
    const accepted = await w.intake.accept(sms('SMdeliver01', 'the hot water is off', '+447700900601'));
    const conversationId = (await w.store.getMessage(accepted.messageId))!.conversation_id;
    await waitFor(async () => (w.channel.calls.length > 0 ? true : undefined), 'the replies to be sent');
    expect(w.channel.calls).toEqual([['got 1: the hot water is off', 'anything else?']]);
    await waitFor(
      async () => (await outboundOf(w.store, conversationId)).every(([, status]) => status === 'sent') || undefined,
      'the replies to be recorded sent',
    );
    expect((await w.store.getMessage(accepted.messageId))?.status).toBe('processed');
    expect(await queues.queues.outbound.count()).toBe(0);
  });

  it('sends them when the job runs again after a crash between storing and sending, once', async () => {
    prefix = uniquePrefix('deliver-crash');
    const w = wire();
    const accepted = await w.intake.accept(sms('SMdeliver02', 'is anyone there', '+447700900602'));
    const conversationId = (await w.store.getMessage(accepted.messageId))!.conversation_id;
    // The turn is stored, and the worker dies before sending: nothing has gone yet.
    await w.turns.drain(conversationId);
    expect(await outboundOf(w.store, conversationId)).toEqual([
      ['got 1: is anyone there', 'queued'],
      ['anything else?', 'queued'],
    ]);
    expect(w.channel.calls).toEqual([]);
    // The job's retry finds no message to run a turn on, and sends what the first attempt stored.
    const { processors } = conversationProcessors(w.turns, w.outbound);
    for (let attempt = 0; attempt < 2; attempt++) {
      await processors.inbound!({ conversationId, messageId: accepted.messageId });
    }
    expect(w.channel.calls).toEqual([['got 1: is anyone there', 'anything else?']]);
    expect(await outboundOf(w.store, conversationId)).toEqual([
      ['got 1: is anyone there', 'sent'],
      ['anything else?', 'sent'],
    ]);
  });

  it('leaves a provider that sends one message per request (no sendMany) to the outbound queue, as before', async () => {
    prefix = uniquePrefix('deliver-queue');
    const w = wire();
    const accepted = await w.intake.accept(sms('SMdeliver04', 'no heating', '+447700900604'));
    const conversationId = (await w.store.getMessage(accepted.messageId))!.conversation_id;
    await w.turns.drain(conversationId);
    const [first] = await w.store.pendingOutbound(conversationId);
    Object.assign(w.channel, { sendMany: undefined });
    await w.outbound.deliverNow(conversationId, 'sms');
    expect(w.channel.calls).toEqual([]);
    expect(await (await queues.queues.outbound.getJob(`out-${first!.id}`))?.getState()).toBe('waiting');
  });

  it('sends a turn’s replies without the send lock where the channel sends them in one step: each once, in the order said, however many senders', async () => {
    prefix = uniquePrefix('deliver-unlocked');
    const channel = new AppendingChannel();
    const w = wire(channel);
    const others = [wire(channel), wire(channel)];
    const customer = '+447700900605';
    const said: string[] = [];
    for (let i = 0; i < 6; i++) {
      const accepted = await w.intake.accept(sms(`SMunlocked${i}`, `message ${i}`, customer));
      const conversationId = (await w.store.getMessage(accepted.messageId))!.conversation_id;
      await w.turns.drain(conversationId);
      said.push(`got ${i + 1}: message ${i}`, 'anything else?');
      // A colleague's reply is going out on another worker (its lock held), and two other
      // senders deliver at the same moment as the turn's own job.
      await redis.set(`gw:lock:out:${conversationId}`, 'another worker', 'PX', 5_000);
      await Promise.all([
        w.outbound.deliverNow(conversationId, 'sms'),
        ...others.map((o) => o.outbound.deliverNow(conversationId, 'sms')),
      ]);
      await redis.del(`gw:lock:out:${conversationId}`);
      expect(channel.log).toEqual(said);
      expect((await outboundOf(w.store, conversationId)).every(([, status]) => status === 'sent')).toBe(true);
    }
    expect(await queues.queues.outbound.count()).toBe(0);
  });

  it('leaves them to an outbound job when another sender has the conversation, or the send fails', async () => {
    prefix = uniquePrefix('deliver-later');
    const w = wire();
    const accepted = await w.intake.accept(sms('SMdeliver03', 'my boiler is broken', '+447700900603'));
    const conversationId = (await w.store.getMessage(accepted.messageId))!.conversation_id;
    await w.turns.drain(conversationId);
    const [first] = await w.store.pendingOutbound(conversationId);

    // A colleague's reply is going out on another worker: its lock is held.
    await redis.set(`gw:lock:out:${conversationId}`, 'another worker', 'PX', 5_000);
    await w.outbound.deliverNow(conversationId);
    expect(w.channel.calls).toEqual([]);
    expect(await (await queues.queues.outbound.getJob(`out-${first!.id}`))?.getState()).toBe('waiting');
    await redis.del(`gw:lock:out:${conversationId}`);
    await queues.queues.outbound.obliterate({ force: true });

    // The provider is away: the outbound queue's retries and backoff take over.
    w.channel.failing = true;
    await w.outbound.deliverNow(conversationId);
    expect(await (await queues.queues.outbound.getJob(`out-${first!.id}`))?.getState()).toBe('delayed');
    expect((await w.store.pendingOutbound(conversationId)).map((m) => m.status)).toEqual(['queued', 'queued']);
  });
});
