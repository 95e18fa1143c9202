import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReports } from '../../app/reports.js';
import { loadGatewayConfig } from '../../app/config.js';
import { CaseStore } from '../../src/db/case-store.js';
import { createTranslator } from '../../src/i18n.js';
import { createLogger } from '../../src/logger.js';
import { Outbox } from '../../src/outbox.js';
import { Queues } from '../../src/queues/queues.js';
import type { ReportHeadline } from '../../src/reports/summary.js';
import { backends, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deletePrefix, testRedis, uniquePrefix, waitFor } from '../helpers/redis.js';
import { pack } from './year.js';

/** The monthly summary: posted once early in the month for the month before, by whichever worker gets there first. */
describe.each(backends)('the monthly summary on %s', (backend) => {
  let t: TestDatabase;
  let redis: Redis;
  let queues: Queues;
  const prefix = uniquePrefix('monthly');

  beforeAll(async () => {
    t = await openTestDatabase(backend);
    redis = testRedis();
    queues = new Queues(redis, prefix);
  }, 180_000);
  afterAll(async () => {
    await queues?.close();
    if (redis) await deletePrefix(redis, prefix);
    redis?.disconnect();
    await t?.close();
  });

  const reportsAt = async (now: Date, keyPrefix: string) => {
    const store = new CaseStore(t.db);
    return buildReports({
      config: loadGatewayConfig({ LANDLORD_HOMES: '18500', PUBLIC_BASE_URL: 'https://gateway.example.org' }),
      db: t.db,
      store,
      outbox: new Outbox(store, queues),
      queues,
      translator: await createTranslator(),
      pack,
      webSecret: 'a-secret-of-at-least-sixteen-characters',
      redis,
      prefix: keyPrefix,
      logger: createLogger({ level: 'silent' }),
      landlordName: 'Example Homes',
      now: () => now,
    });
  };

  it('posts last month once, whichever worker runs first, and never mid-month', async () => {
    const posted: ReportHeadline[] = [];
    const post = async (h: ReportHeadline) => {
      posted.push(h);
      return true;
    };
    const first = await reportsAt(new Date('2026-12-03T10:00:00Z'), prefix);
    const stopFirst = first.start(post, 60_000);
    await waitFor(async () => posted.length === 1, 'the monthly summary', 30_000);
    expect(posted[0]?.title).toBe('Complaints in 2026-11: the monthly summary');
    expect(posted[0]?.link).toMatch(
      /^https:\/\/gateway\.example\.org\/reports\/complaints\?from=2026-11-01&to=2026-11-30&format=html&expires=\d+&sig=/,
    );
    expect(posted[0]?.lines[0]).toContain('Complaints received: 0 at stage 1');
    stopFirst();
    // A second worker a few minutes later, and a gateway started mid-month: neither posts.
    await (await reportsAt(new Date('2026-12-03T10:05:00Z'), prefix)).runOnce(post);
    await (await reportsAt(new Date('2026-12-15T10:00:00Z'), `${prefix}-other`)).runOnce(post);
    expect(posted).toHaveLength(1);
  });
});
