import { execFileSync } from 'node:child_process';
import type { Redis } from 'ioredis';
import { landlordVars, defaultLandlord } from '../../dialogs/landlord.js';
import type { StepService } from '../../src/cases/steps.js';
import { buildCore } from '../../app/core.js';
import type { CaseService } from '../../src/cases/case-service.js';
import type { CaseStore } from '../../src/db/case-store.js';
import type { PreferredFormat } from '../../src/db/rows.js';
import type { DocumentService } from '../../src/documents/document-service.js';
import { createTranslator, type Translator } from '../../src/i18n.js';
import { createLogger } from '../../src/logger.js';
import { loadCalendars, loadPolicyPack, type PolicyPack } from '../../src/policy/index.js';
import { Queues } from '../../src/queues/queues.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

/** Monday 30 November 2026, 10:00 in London. */
export const monday = new Date('2026-11-30T10:00:00Z');
export const landlord = landlordVars(defaultLandlord);
export const publicBaseUrl = 'https://homes.example';

/** Whether poppler's tools are here (CI installs poppler-utils); PDF checks are skipped with a message otherwise. */
export const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The text of a PDF as pdftotext extracts it. */
export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
}

/** Every font size set by a text operator (`/F1 18 Tf`) in an uncompressed PDF. */
export function pdfFontSizes(pdf: Buffer): number[] {
  return [...pdf.toString('latin1').matchAll(/\/F\d+\s+(\d+(?:\.\d+)?)\s+Tf/g)].map((m) => Number(m[1]));
}

export interface DocumentsWorld {
  t: TestDatabase;
  redis: Redis;
  prefix: string;
  store: CaseStore;
  queues: Queues;
  translator: Translator;
  pack: PolicyPack;
  documents: DocumentService;
  cases: CaseService;
  /** Colleagues' recorded steps: the acknowledgement sends its letter. */
  steps: StepService;
  clock: { now: Date };
  /** A customer on a channel with a conversation, with these preferences. */
  customer(prefs?: {
    format?: PreferredFormat;
    language?: string;
    name?: string;
    accessNeeds?: string;
    channel?: 'sms' | 'directline';
  }): Promise<{
    customerId: string;
    conversationId: string;
    messageId: string;
  }>;
  close(): Promise<void>;
}

/** The case service with letters wired, over a fresh database and a private Redis prefix. */
export async function startDocumentsWorld(): Promise<DocumentsWorld> {
  const t = await openTestDatabase('pglite');
  const redis = testRedis();
  const prefix = uniquePrefix('documents');
  const queues = new Queues(redis, prefix);
  const translator = await createTranslator();
  const pack = loadPolicyPack('code-2024');
  const calendars = loadCalendars('/nonexistent/bank-holidays.json');
  const logger = createLogger({ level: 'silent' });
  const clock = { now: monday };
  // The core as the composition root builds it (app/core.ts), on the test's clock.
  const { store, documents, cases, steps } = buildCore({
    db: t.db,
    queues,
    translator,
    pack,
    calendars,
    logger,
    documentSecret: 'test-secret-for-document-links',
    publicBaseUrl,
    landlord,
    now: () => clock.now,
  });
  let n = 0;
  return {
    t,
    redis,
    prefix,
    store,
    queues,
    translator,
    pack,
    documents,
    cases,
    steps,
    clock,
    async customer(prefs = {}) {
      n += 1;
      const channel = prefs.channel ?? 'sms';
      const { conversationId, messageId } = await store.recordInbound({
        channelId: channel,
        providerMessageId: `doc-${prefix}-${n}`,
        from: channel === 'sms' ? `+4477009011${String(n).padStart(2, '0')}` : `web-${prefix}-${n}`,
        to: 'bot',
        text: 'The repair man never came',
        media: [],
        receivedAt: clock.now.toISOString(),
      });
      const customer = await store.ensureCustomer(conversationId);
      await store.updateCustomer(customer.id, {
        preferred_format: prefs.format ?? 'standard',
        preferred_language: prefs.language ?? 'en',
        name: prefs.name ?? 'Jane Smith',
        ...(prefs.accessNeeds ? { access_needs: prefs.accessNeeds } : {}),
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
