import type { Redis } from 'ioredis';
import { MessageFactory } from 'botbuilder-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/outbox.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildPipeline, sms, type PipelineHarness } from '../helpers/pipeline.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

describe('a notice caused by a turn (a new case’s letter)', () => {
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

  /** A bot that logs a case (whose letter is a notice) and says the given closing words. */
  function run(closing: 'question' | 'statement') {
    prefix = uniquePrefix(`notice-${closing}`);
    let outbox: Outbox | undefined;
    harness = buildPipeline({
      db: t.db,
      redis,
      prefix,
      bot: () => ({
        async run(context) {
          await context.sendActivity('Your reference is CMP-2026-000123.');
          await outbox!.notify(context.activity.conversation.id, {
            author: 'bot',
            text: 'Your acknowledgement letter: https://example.org/l/1',
          });
          if (closing === 'question')
            await context.sendActivity(
              MessageFactory.suggestedActions(['Yes', 'No'], 'Does anyone at home need extra help?'),
            );
          else await context.sendActivity('Thank you.');
        },
      }),
    });
    outbox = new Outbox(harness.store, harness.queues);
    return harness;
  }

  const said = async (h: PipelineHarness, conversationId: string) =>
    (await h.store.listMessages(conversationId))
      .filter((m) => m.direction === 'outbound')
      .map((m) => [m.text, m.choices.map((c) => c.title)]);

  it('comes before a closing question with buttons, so the question is the last thing said and keeps its buttons', async () => {
    const h = run('question');
    const { messageId } = await h.intake.accept(sms('SMnotice01', 'the damp is back again, 3rd time'));
    const conversationId = (await h.store.getMessage(messageId))!.conversation_id;
    await h.processor.drain(conversationId);
    expect(await said(h, conversationId)).toEqual([
      ['Your reference is CMP-2026-000123.', []],
      ['Your acknowledgement letter: https://example.org/l/1', []],
      ['Does anyone at home need extra help?', ['Yes', 'No']],
    ]);
  });

  it('follows the turn’s replies otherwise', async () => {
    const h = run('statement');
    const { messageId } = await h.intake.accept(sms('SMnotice02', 'the damp is back again, 3rd time', '+447700900777'));
    const conversationId = (await h.store.getMessage(messageId))!.conversation_id;
    await h.processor.drain(conversationId);
    expect(await said(h, conversationId)).toEqual([
      ['Your reference is CMP-2026-000123.', []],
      ['Thank you.', []],
      ['Your acknowledgement letter: https://example.org/l/1', []],
    ]);
  });
});
