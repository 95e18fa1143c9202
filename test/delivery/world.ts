import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { buildCore, type Core } from '../../app/core.js';
import { landlordVars, defaultLandlord } from '../../src/landlord.js';
import type { OpenCaseInput } from '../../src/cases/case-service.js';
import type { ContactMethod, Customer } from '../../src/db/rows.js';
import type { EmailJobs, Mailer } from '../../src/delivery/index.js';
import { createTranslator, type Translator } from '../../src/i18n.js';
import { createLogger } from '../../src/logger.js';
import { loadCalendars, loadPolicyPack, type Division, type PolicyPack } from '../../src/policy/index.js';
import { Queues } from '../../src/queues/queues.js';
import { openTestDatabase, type Backend, type TestDatabase } from '../helpers/db.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

/** Monday 30 November 2026, 10:00 in London: St Andrew's Day, a bank holiday in Scotland only. */
export const monday = new Date('2026-11-30T10:00:00Z');
export const landlord = landlordVars(defaultLandlord);

export interface DeliveryWorld extends Core {
  t: TestDatabase;
  redis: Redis;
  prefix: string;
  queues: Queues;
  translator: Translator;
  pack: PolicyPack;
  clock: { now: Date };
  printDir: string;
  /** A customer on SMS with a conversation, with these details. */
  customer(details?: {
    contactMethod?: ContactMethod | null;
    email?: string;
    phone?: string;
    address?: string;
    postcode?: string;
    format?: Customer['preferred_format'];
    name?: string;
  }): Promise<{ customerId: string; conversationId: string; messageId: string }>;
  /** A formal complaint (or another kind) from that customer. */
  open(
    who: { customerId: string; conversationId: string; messageId: string },
    extra?: Partial<OpenCaseInput>,
  ): Promise<string>;
  close(): Promise<void>;
}

/** The core as app/core.ts builds it, on a fresh database, a private Redis prefix and a temporary print folder. */
export async function startDeliveryWorld(
  backend: Backend,
  options: {
    mailer?: Mailer | null;
    emailJobs?: (world: { prefix: string; redis: Redis }) => EmailJobs;
    defaultDivision?: Division;
    /** How long an email notice and its letter's email wait for each other. @defaultValue 3 s (production: 60 s) */
    letterWaitMs?: number;
  } = {},
): Promise<DeliveryWorld> {
  const t = await openTestDatabase(backend);
  const redis = testRedis();
  const prefix = uniquePrefix('delivery');
  const queues = new Queues(redis, prefix);
  const translator = await createTranslator();
  const pack = loadPolicyPack('code-2024');
  const calendars = loadCalendars('/nonexistent/bank-holidays.json');
  const clock = { now: monday };
  const printDir = mkdtempSync(join(tmpdir(), 'print-'));
  const core = buildCore({
    db: t.db,
    queues,
    translator,
    pack,
    calendars,
    logger: createLogger({ level: 'silent' }),
    documentSecret: 'test-secret-for-document-links',
    publicBaseUrl: 'https://homes.example',
    landlord,
    now: () => clock.now,
    mailer: options.mailer ?? null,
    emailJobs: options.emailJobs ? options.emailJobs({ prefix, redis }) : null,
    letterWaitMs: options.letterWaitMs ?? 3_000,
    printDir,
    ...(options.defaultDivision ? { defaultDivision: options.defaultDivision } : {}),
  });
  let n = 0;
  return {
    ...core,
    t,
    redis,
    prefix,
    queues,
    translator,
    pack,
    clock,
    printDir,
    async customer(details = {}) {
      n += 1;
      const { conversationId, messageId } = await core.store.recordInbound({
        channelId: 'sms',
        providerMessageId: `del-${prefix}-${n}`,
        from: `+4477009022${String(n).padStart(2, '0')}`,
        to: 'bot',
        text: 'There is black mould in the bedroom and nobody came',
        media: [],
        receivedAt: clock.now.toISOString(),
      });
      const customer = await core.store.ensureCustomer(conversationId);
      await core.store.updateCustomer(customer.id, {
        name: details.name ?? 'Jane Smith',
        preferred_format: details.format ?? 'standard',
        contact_method: details.contactMethod ?? null,
        ...(details.email ? { email: details.email } : {}),
        ...(details.phone ? { phone: details.phone } : {}),
        ...(details.address ? { address: details.address } : {}),
        ...(details.postcode ? { postcode: details.postcode } : {}),
      });
      return { customerId: customer.id, conversationId, messageId };
    },
    async open(who, extra = {}) {
      const opened = await core.cases.openCase({
        kind: 'formal_complaint',
        customerId: who.customerId,
        conversationId: who.conversationId,
        channelId: 'sms',
        customerWords: 'There is black mould in the bedroom and nobody came',
        originMessageId: who.messageId,
        receivedAt: clock.now,
        ...extra,
      });
      // A complaint is acknowledged by a person (Code 2024 6.2): that sends the acknowledgement letter.
      if (opened.case.kind === 'formal_complaint')
        await core.steps.record(opened.case.id, 'acknowledge', { actor: 'staff:U0ACK', lead: true });
      return opened.case.id;
    },
    async close() {
      await queues.close();
      await deletePrefix(redis, prefix);
      redis.disconnect();
      await t.close();
      rmSync(printDir, { recursive: true, force: true });
    },
  };
}
