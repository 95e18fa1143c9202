import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ETagConflictError } from '../../src/turn/redis-storage.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildPipeline, recordingBot, sms, type PipelineHarness } from '../helpers/pipeline.js';
import { deletePrefix, testRedis, uniquePrefix, waitFor } from '../helpers/redis.js';

describe('turn pipeline on real Redis and PGlite', () => {
  let t: TestDatabase;
  let redis: Redis;
  let harness: PipelineHarness | undefined;
  let prefix = '';

  beforeAll(async () => {
    t = await openTestDatabase('pglite');
    redis = testRedis();
  });
  afterEach(async () => {
    await harness?.close();
    await deletePrefix(redis, prefix);
  });
  afterAll(async () => {
    await t.close();
    redis.disconnect();
  });

  const outboundTexts = async (h: PipelineHarness, conversationId: string) =>
    (await h.store.listMessages(conversationId)).filter((m) => m.direction === 'outbound').map((m) => m.text);

  it('processes a webhook delivered twice exactly once', async () => {
    prefix = uniquePrefix('dup');
    harness = buildPipeline({ db: t.db, redis, prefix, bot: recordingBot });
    const first = await harness.intake.accept(sms('SMdup0001', 'the hot water is off'));
    const second = await harness.intake.accept(sms('SMdup0001', 'the hot water is off'));
    expect(second).toEqual({ messageId: first.messageId, duplicate: true });
    expect(await harness.queues.nudges.peek()).toEqual([
      { conversationId: expect.any(String), messageId: first.messageId },
    ]);
    await harness.startWorker();
    const message = await waitFor(async () => {
      const m = await harness!.store.getMessage(first.messageId);
      return m?.status === 'processed' ? m : undefined;
    }, 'the message to be processed');
    // A third delivery after processing makes no new job and no new reply.
    await harness.intake.accept(sms('SMdup0001', 'the hot water is off'));
    await new Promise((r) => setTimeout(r, 200));
    expect(await outboundTexts(harness, message.conversation_id)).toEqual(['got 1: the hot water is off']);
  });

  it('keeps one conversation in arrival order across two workers', async () => {
    prefix = uniquePrefix('order');
    harness = buildPipeline({ db: t.db, redis, prefix, bot: recordingBot });
    await harness.startWorker({ concurrency: 8 });
    await harness.startWorker({ concurrency: 8 });
    const texts = Array.from({ length: 30 }, (_, i) => `message ${i + 1}`);
    let conversationId = '';
    for (const [i, text] of texts.entries()) {
      const accepted = await harness.intake.accept(sms(`SMorder${String(i).padStart(4, '0')}`, text, '+447700900777'));
      conversationId = (await harness.store.getMessage(accepted.messageId))!.conversation_id;
    }
    const replies = await waitFor(async () => {
      const out = await outboundTexts(harness!, conversationId);
      return out.length === texts.length ? out : undefined;
    }, 'all replies');
    expect(replies).toEqual(texts.map((text, i) => `got ${i + 1}: ${text}`));
  });

  it('detects a conversation-state write that raced the turn and runs the turn again', async () => {
    prefix = uniquePrefix('etag');
    let injected = false;
    harness = buildPipeline({
      db: t.db,
      redis,
      prefix,
      bot: (state) => {
        const inner = recordingBot(state);
        return {
          async run(context) {
            await inner.run(context);
            if (!injected) {
              injected = true;
              // Another worker saves this conversation's state between our read and our write.
              const key = harness!.conversationState.getStorageKey(context)!;
              const current = (await harness!.storage.read([key]))[key] ?? {};
              await harness!.storage.write({ [key]: { ...current, seen: ['written elsewhere'], eTag: '*' } });
            }
          },
        };
      },
    });
    const key = (id: string) => `sms/conversations/${id}/`;
    const accepted = await harness.intake.accept(sms('SMetag0001', 'is anyone there', '+447700900888'));
    await harness.startWorker();
    const message = await waitFor(async () => {
      const m = await harness!.store.getMessage(accepted.messageId);
      return m?.status === 'processed' ? m : undefined;
    }, 'processed');
    const state = (await harness.storage.read([key(message.conversation_id)]))[key(message.conversation_id)] as {
      seen: string[];
    };
    // The second run started from the state the other writer left, so neither write was lost.
    expect(state.seen).toEqual(['written elsewhere', 'is anyone there']);
    expect(await outboundTexts(harness, message.conversation_id)).toEqual(['got 2: is anyone there']);
    const retries = (await harness.metrics.turns.get()).values.find((v) => v.labels.outcome === 'conflict_retry');
    expect(retries?.value).toBe(1);
  });

  it('refuses a stale eTag write outright', async () => {
    prefix = uniquePrefix('etag2');
    harness = buildPipeline({ db: t.db, redis, prefix, bot: recordingBot });
    await harness.storage.write({ k: { v: 1 } });
    const read = (await harness.storage.read(['k'])).k as { eTag: string };
    await harness.storage.write({ k: { v: 2, eTag: read.eTag } });
    await expect(harness.storage.write({ k: { v: 3, eTag: read.eTag } })).rejects.toBeInstanceOf(ETagConflictError);
    expect(((await harness.storage.read(['k'])).k as { v: number }).v).toBe(2);
  });

  it('lets an in-flight turn finish when the worker is shut down', async () => {
    prefix = uniquePrefix('graceful');
    let release: () => void = () => undefined;
    const started = new Promise<void>((resolveStarted) => {
      harness = buildPipeline({
        db: t.db,
        redis,
        prefix,
        bot: (state) => {
          const inner = recordingBot(state);
          return {
            async run(context) {
              resolveStarted();
              await new Promise<void>((r) => (release = r));
              await inner.run(context);
            },
          };
        },
      });
    });
    const accepted = await harness!.intake.accept(sms('SMgrace0001', 'my door was kicked in', '+447700900999'));
    const worker = await harness!.startWorker();
    await started;
    const closing = worker.close();
    setTimeout(() => release(), 100);
    await closing;
    expect((await harness!.store.getMessage(accepted.messageId))?.status).toBe('processed');
  });
});
