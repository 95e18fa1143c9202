import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/channel.js';
import { CaseStore } from '../../src/db/case-store.js';
import { InvalidPayloadError } from '../../src/errors.js';
import { StoreAndEnqueue } from '../../src/intake.js';
import { Queues } from '../../src/queues/queues.js';
import { backends, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

/**
 * Issue 13, item 1: webhooks that arrive together are written in one statement (group
 * commit). A row the database refuses must cost only its own message: the others in the
 * batch are stored and queued, and the refused one is bad input (never a 5xx).
 *
 * The refusal is the database's own: the test adds a CHECK to its private schema that
 * refuses one text, as PostgreSQL refuses a character it cannot hold.
 */

const REFUSED = 'a text this database refuses';

describe.each(backends)('the group commit on %s isolates a row the database refuses', (backend) => {
  let database: TestDatabase;
  let redis: Redis;
  let prefix: string;
  let queues: Queues;
  let intake: StoreAndEnqueue;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    await database.db.exec(`alter table messages add constraint test_refuses_one_text check (text <> '${REFUSED}')`);
    redis = testRedis();
    prefix = uniquePrefix('group-commit');
    queues = new Queues(redis, prefix);
    intake = new StoreAndEnqueue(new CaseStore(database.db), queues);
  });

  afterAll(async () => {
    await queues.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
    await database.close();
  });

  const sms = (from: string, text: string): InboundMessage => ({
    channelId: 'sms',
    providerMessageId: `SM${randomUUID().replace(/-/g, '')}`,
    from,
    to: '+447700900000',
    text,
    receivedAt: new Date().toISOString(),
  });

  it('stores and queues every other message of the batch, and refuses only the bad one as bad input', async () => {
    // The first call writes at once; the rest arrive while it is in flight and share the next statement.
    const first = sms('+447700900501', 'my boiler is broken');
    const batch = [
      sms('+447700900502', 'no hot water since monday'),
      sms('+447700900503', REFUSED),
      sms('+447700900504', 'the lift is stuck again'),
      sms('+447700900502', 'and the heating'),
    ];
    const results = await Promise.allSettled([first, ...batch].map((m) => intake.accept(m)));

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidPayloadError);
    const stored = await database.db.query<{ text: string }>(`select text from messages order by seq`);
    expect(stored.map((s) => s.text)).toEqual([
      'my boiler is broken',
      'no hot water since monday',
      'the lift is stuck again',
      'and the heating',
    ]);
    expect((await queues.nudges.peek()).map((n) => n.messageId)).toEqual(
      results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.messageId] : [])),
    );
  });

  it("answers a provider's retry of a stored message as a duplicate even when it shares a batch with a refused one", async () => {
    const kept = sms('+447700900505', 'damp in the bedroom');
    await intake.accept(kept);
    const results = await Promise.allSettled(
      [sms('+447700900506', 'hello'), kept, sms('+447700900507', REFUSED)].map((m) => intake.accept(m)),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseFulfilledResult<{ duplicate: boolean }>).value.duplicate).toBe(true);
  });
});
