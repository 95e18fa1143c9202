import type { Redis } from 'ioredis';
import { buildCore, type Core } from '../../app/core.js';
import { defaultLandlord, landlordVars } from '../../dialogs/landlord.js';
import type { PreferredFormat } from '../../src/db/rows.js';
import { createTranslator, type Translator } from '../../src/i18n.js';
import { createLogger } from '../../src/logger.js';
import { loadCalendars, loadPolicyPack } from '../../src/policy/index.js';
import { Queues } from '../../src/queues/queues.js';
import { openTestDatabase, type Backend, type TestDatabase } from '../helpers/db.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

/** Monday 30 November 2026, 10:00 in London. */
export const monday = new Date('2026-11-30T10:00:00Z');

/** The core as the composition root builds it (app/core.ts, letters included), on either backend. */
export interface PartiesWorld extends Core {
  t: TestDatabase;
  redis: Redis;
  queues: Queues;
  prefix: string;
  translator: Translator;
  clock: { now: Date };
  /** A customer who wrote on a channel, with these preferences. */
  customer(prefs?: {
    format?: PreferredFormat;
    language?: string;
    name?: string;
    channel?: 'sms' | 'directline';
    postcode?: string;
  }): Promise<{
    customerId: string;
    conversationId: string;
    messageId: string;
  }>;
  close(): Promise<void>;
}

export async function startPartiesWorld(backend: Backend): Promise<PartiesWorld> {
  const t = await openTestDatabase(backend);
  const redis = testRedis();
  const prefix = uniquePrefix('parties');
  const queues = new Queues(redis, prefix);
  const translator = await createTranslator();
  const clock = { now: monday };
  const core = buildCore({
    db: t.db,
    queues,
    translator,
    pack: loadPolicyPack('code-2024'),
    calendars: loadCalendars('/nonexistent/bank-holidays.json'),
    logger: createLogger({ level: 'silent' }),
    documentSecret: 'test-secret-for-document-links',
    publicBaseUrl: 'https://homes.example',
    landlord: landlordVars(defaultLandlord),
    now: () => clock.now,
  });
  let n = 0;
  return {
    ...core,
    t,
    redis,
    queues,
    prefix,
    translator,
    clock,
    async customer(prefs = {}) {
      n += 1;
      const channel = prefs.channel ?? 'sms';
      const { conversationId, messageId } = await core.store.recordInbound({
        channelId: channel,
        providerMessageId: `parties-${prefix}-${n}`,
        from: channel === 'sms' ? `+4477009022${String(n).padStart(2, '0')}` : `web-${prefix}-${n}`,
        to: 'bot',
        text: 'The repair man never came',
        media: [],
        receivedAt: clock.now.toISOString(),
      });
      const customer = await core.store.ensureCustomer(conversationId);
      await core.store.updateCustomer(customer.id, {
        preferred_format: prefs.format ?? 'standard',
        preferred_language: prefs.language ?? 'en',
        name: prefs.name ?? 'Jane Smith',
        ...(prefs.postcode ? { postcode: prefs.postcode } : {}),
      });
      return { customerId: customer.id, conversationId, messageId };
    },
    async close() {
      await queues.close();
      await deletePrefix(redis, prefix);
      redis.disconnect();
      await t.close();
    },
  };
}
