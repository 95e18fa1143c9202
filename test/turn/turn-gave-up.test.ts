import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationState } from 'botbuilder-core';
import type { Bot } from '../../src/turn/turn-processor.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildPipeline, recordingBot, sms, type PipelineHarness } from '../helpers/pipeline.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

/** The recording bot, except that one message breaks it every time (a fault in our code, not the customer's). */
function botBrokenBy(words: string): (state: ConversationState) => Bot {
  return (state) => {
    const inner = recordingBot(state);
    return {
      async run(context) {
        if (context.activity.text === words) throw new Error('the bot fell over');
        await inner.run(context);
      },
    };
  };
}

describe('a message whose turn fails on every attempt', () => {
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

  it('is shown to colleagues, never tried again by the sweep, and no longer holds up the customer’s next message', async () => {
    prefix = uniquePrefix('gaveup');
    harness = buildPipeline({ db: t.db, redis, prefix, bot: botBrokenBy('my ceiling is coming down ✨') });
    const first = await harness.intake.accept(sms('SMgaveup01', 'my ceiling is coming down ✨'));
    const second = await harness.intake.accept(sms('SMgaveup02', 'hello? is anyone there'));
    const conversationId = (await harness.store.getMessage(first.messageId))!.conversation_id;

    // Before giving up, the broken message holds the line: the next one waits behind it.
    await expect(harness.processor.drain(conversationId)).rejects.toThrow('the bot fell over');
    expect((await harness.store.getMessage(second.messageId))?.status).toBe('received');

    // The queue has used its last attempt.
    await harness.processor.retriesExhausted(conversationId, first.messageId, 'the bot fell over');
    const failed = await harness.store.getMessage(first.messageId);
    expect(failed?.status).toBe('failed');
    expect(failed?.status_detail).toContain('the bot fell over');
    const handoff = await harness.queues.queues.handoff.getJob(`turn-failed-${first.messageId}`);
    expect(handoff?.data).toEqual({ type: 'handoff_requested', conversationId, caseId: null, reason: 'turn_failed' });
    expect(await harness.queues.nudges.peek()).toContainEqual({ conversationId, messageId: second.messageId });
    // The recovery sweep looks for messages still waiting: the failed one is not among them.
    expect((await harness.store.conversationsWithPendingWork(0)).filter((p) => p.direction === 'inbound')).toEqual([
      { conversation_id: conversationId, direction: 'inbound', message_id: second.messageId },
    ]);

    await harness.processor.drain(conversationId);
    expect((await harness.store.getMessage(second.messageId))?.status).toBe('processed');
    const replies = (await harness.store.listMessages(conversationId))
      .filter((m) => m.direction === 'outbound')
      .map((m) => m.text);
    expect(replies).toEqual(['got 1: hello? is anyone there']);

    // Told twice (two workers' final failures), it is still one failure and one call to colleagues.
    await harness.processor.retriesExhausted(conversationId, first.messageId, 'the bot fell over');
    expect(await harness.queues.queues.handoff.count()).toBe(1);
  });
});
