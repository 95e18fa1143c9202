import { AnonymiseRepository } from '../db/anonymise.js';
import type { Database } from '../db/database.js';
import { DataProtectionAuditRepository } from '../db/data-protection-audit.js';
import type { Logger } from '../logger.js';
import type { PolicyPack } from '../policy/index.js';
import { retentionRecordKinds } from '../policy/data-protection-schema.js';

export interface RetentionResult {
  cases: number;
  conversations: number;
  customers: number;
}

/**
 * One pass of the retention schedule (docs/rules/data-protection.md#retention): closed cases
 * past their kind's period, then conversations with nothing left to keep and idle past
 * theirs, then customers with nothing left, are anonymised. Open cases are never touched.
 * Each pass is audited with counts only. Safe to run on several workers at once: each
 * step only touches rows not yet anonymised.
 */
export async function applyRetention(db: Database, pack: PolicyPack, now: Date): Promise<RetentionResult> {
  const schedule = pack.dataProtection.retention;
  const months: Record<string, number> = {};
  for (const kind of retentionRecordKinds)
    if (kind !== 'conversation_without_case') months[kind] = schedule[kind].months;
  const anonymise = new AnonymiseRepository(db);
  const audit = new DataProtectionAuditRepository(db);
  const expired = await anonymise.expiredCases(months, now);
  for (const c of expired) {
    await anonymise.anonymiseCase(c.id, now);
    await audit.record({
      action: 'retention_anonymised',
      actor: 'system:retention',
      caseId: c.id,
      details: { kind: c.kind, months: months[c.kind] },
    });
  }
  const conversations = await anonymise.idleConversations(schedule.conversation_without_case.months, now);
  for (const id of conversations) await anonymise.anonymiseConversation(id, now);
  const customers = await anonymise.customersWithNothingKept();
  for (const id of customers) {
    await anonymise.anonymiseCustomer(id, now);
    await audit.record({ action: 'retention_anonymised', actor: 'system:retention', customerId: id, details: {} });
  }
  const result = { cases: expired.length, conversations: conversations.length, customers: customers.length };
  if (conversations.length > 0)
    await audit.record({
      action: 'retention_anonymised',
      actor: 'system:retention',
      details: { conversations: conversations.length },
    });
  return result;
}

export interface RetentionSweepOptions {
  db: Database;
  pack: PolicyPack;
  logger: Logger;
  /** How often the schedule is applied. */
  everyMs: number;
  now?: () => Date;
}

/** The retention schedule applied at worker start and then every `everyMs` (like the recovery sweep, src/recovery.ts). */
export class RetentionSweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionResult> | undefined;

  constructor(private readonly options: RetentionSweepOptions) {}

  run(): Promise<RetentionResult> {
    const now = this.options.now ?? (() => new Date());
    this.running ??= applyRetention(this.options.db, this.options.pack, now())
      .then((result) => {
        if (result.cases + result.conversations + result.customers > 0)
          this.options.logger.info(result, 'retention schedule anonymised expired records');
        return result;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.run().catch((error: unknown) =>
        this.options.logger.warn({ err: (error as Error).message }, 'retention sweep failed; will try again'),
      );
    }, this.options.everyMs);
    this.timer.unref();
  }

  /** No more runs; resolves once a run in flight has finished, so the database is not closed under it. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
