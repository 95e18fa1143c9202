import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import type { SubjectKey } from '../db/subject-data.js';
import type { JobSink } from '../cases/sla-jobs.js';
import type { PolicyPack } from '../policy/index.js';
import { CaseStore } from '../db/case-store.js';
import { DataProtectionAuditRepository } from '../db/data-protection-audit.js';
import { PolicyError, NotFoundError } from '../errors.js';
import { loadCalendars } from '../policy/index.js';
import { endOfLondonDay } from '../policy/london-time.js';
import { eraseCustomer } from './erasure.js';
import { representativeWithdrawalHooks } from './parties-hook.js';
import { RightsRequests } from './rights-requests.js';
import { applyRetention } from './retention.js';
import { subjectAccessExport } from './subject-access-export.js';
import { subjectAccessHtml } from './subject-access-html.js';
import { withdrawableKinds, withdrawConsents, type WithdrawableKind } from './withdrawal.js';

export interface DataCommandDeps {
  db: Database;
  pack: PolicyPack;
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
  now: () => Date;
  /** Who ran it, for the audit trail (`--by` overrides). */
  actor: string;
  /** Where the moved clock's reminder and breach jobs go. @defaultValue none: only the gateway's own jobs (see extend-request) */
  queues?: JobSink;
}

/** The data protection commands of `npm run -s intake --` (docs/contracts.md#sar-and-erase). */
export const dataCommandNames = ['sar', 'erase', 'withdraw', 'retention', 'extend-request'] as const;
export type DataCommandName = (typeof dataCommandNames)[number];

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +447700900123');
const SarArgs = z
  .object({
    phone: e164.optional(),
    email: z.email().optional(),
    customer: z.uuid().optional(),
    format: z.enum(['json', 'html']).default('json'),
    by: z.string().min(1).optional(),
  })
  .refine((a) => [a.phone, a.email, a.customer].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of --phone, --email or --customer',
  });
const EraseArgs = z.object({
  customer: z.uuid(),
  reason: z.string().trim().min(3, 'say why (--reason "...")'),
  by: z.string().min(1).optional(),
});
const WithdrawArgs = z.object({
  customer: z.uuid(),
  kind: z.enum([...withdrawableKinds, 'all']).default('all'),
  said: z.string().trim().min(3, 'say how the customer withdrew it (--said "phoned on 3 Dec")'),
  by: z.string().min(1).optional(),
});

const ExtendArgs = z.object({
  reference: z.string().regex(/^(SAR|ERA)-\d{4}-\d{6}$/i, 'a rights request reference such as SAR-2026-000001'),
  until: z.iso.date(),
  reason: z.string().trim().min(3, 'say why (--reason "...")'),
  by: z.string().min(1).optional(),
});

const usage: Record<DataCommandName, string> = {
  sar: 'intake sar (--phone +447700900123 | --email a@b.uk | --customer <id>) [--format json|html] [--by name]',
  erase: 'intake erase --customer <id> --reason "..." [--by name]',
  withdraw:
    'intake withdraw --customer <id> [--kind representative|health_details|record_as_complaint|all] --said "..." [--by name]',
  retention: 'intake retention   (apply the retention schedule once, now)',
  'extend-request':
    'intake extend-request --reference SAR-2026-000001 --until YYYY-MM-DD --reason "..." [--by name]   (UK GDPR Art. 12(3))',
};

function parse<T>(schema: z.ZodType<T>, args: string[], deps: DataCommandDeps, name: DataCommandName): T | undefined {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args,
      options: {
        phone: { type: 'string' },
        email: { type: 'string' },
        customer: { type: 'string' },
        format: { type: 'string' },
        reason: { type: 'string' },
        kind: { type: 'string' },
        said: { type: 'string' },
        by: { type: 'string' },
        reference: { type: 'string' },
        until: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    deps.err.write(`intake ${name}: ${(error as Error).message}\nusage: ${usage[name]}\n`);
    return undefined;
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length ? `--${i.path.join('.')}: ` : ''}${i.message}`);
    deps.err.write(`intake ${name}: ${issues.join('; ')}\nusage: ${usage[name]}\n`);
    return undefined;
  }
  return parsed.data;
}

/** Runs one command; results go to `out`, messages for people to `err`. Returns the exit code. */
export async function runDataCommand(name: DataCommandName, args: string[], deps: DataCommandDeps): Promise<number> {
  if (name === 'sar') {
    const a = parse(SarArgs, args, deps, name);
    if (!a) return 2;
    const key: SubjectKey = a.phone
      ? { phone: a.phone }
      : a.email
        ? { email: a.email }
        : { customerId: a.customer ?? '' };
    const doc = await subjectAccessExport(deps.db, key, a.by ?? deps.actor, deps.now());
    deps.out.write(a.format === 'html' ? subjectAccessHtml(doc) : `${JSON.stringify(doc, null, 2)}\n`);
    if (!doc.found) deps.err.write('intake sar: nothing is held under that identifier\n');
    if (doc.reviewNeeded)
      deps.err.write(`intake sar: ${doc.withheld.length} item(s) withheld pending review (other people's data)\n`);
    return 0;
  }
  if (name === 'erase') {
    const a = parse(EraseArgs, args, deps, name);
    if (!a) return 2;
    const outcome = await eraseCustomer(deps.db, {
      customerId: a.customer,
      reason: a.reason,
      actor: a.by ?? deps.actor,
      pack: deps.pack,
      now: deps.now(),
    });
    deps.out.write(`${JSON.stringify(outcome)}\n`);
    if (!outcome.erased) {
      deps.err.write(
        `intake erase: refused: ${outcome.reason}${outcome.references.length ? ` (${outcome.references.join(', ')})` : ''}\n`,
      );
      return 1;
    }
    return 0;
  }
  if (name === 'withdraw') {
    const a = parse(WithdrawArgs, args, deps, name);
    if (!a) return 2;
    const kinds: readonly WithdrawableKind[] | undefined = a.kind === 'all' ? undefined : [a.kind];
    const withdrawn = await withdrawConsents(
      deps.db,
      {
        customerId: a.customer,
        conversationId: null,
        ...(kinds ? { kinds } : {}),
        channelId: 'staff',
        actor: a.by ?? deps.actor,
        wordingVersion: deps.pack.consentWording.withdrawal,
        said: a.said,
        at: deps.now(),
      },
      representativeWithdrawalHooks(deps.db),
    );
    deps.out.write(
      `${JSON.stringify({ withdrawn: withdrawn.map((c) => ({ id: c.id, kind: c.kind, caseId: c.case_id })) })}\n`,
    );
    if (withdrawn.length === 0) deps.err.write('intake withdraw: no consent of that kind is in force\n');
    return 0;
  }
  if (name === 'extend-request') {
    const a = parse(ExtendArgs, args, deps, name);
    if (!a) return 2;
    const outcome = await extendRightsRequest(deps, a.reference.toUpperCase(), a.until, a.reason, a.by ?? deps.actor);
    deps.out.write(`${JSON.stringify(outcome)}\n`);
    if (!outcome.extended) {
      deps.err.write(`intake extend-request: refused: ${outcome.reason}\n`);
      return 1;
    }
    return 0;
  }
  const result = await applyRetention(deps.db, deps.pack, deps.now());
  deps.out.write(`${JSON.stringify(result)}\n`);
  return 0;
}

/**
 * Art. 12(3): a rights request's clock moved by up to the pack's further months, with the
 * reason, before the first month is out. The customer must be told (the data protection
 * team writes to them; the reason and new date are on the case for that).
 */
async function extendRightsRequest(
  deps: DataCommandDeps,
  reference: string,
  until: string,
  reason: string,
  actor: string,
): Promise<{ extended: true; reference: string; dueAt: string } | { extended: false; reason: string }> {
  const store = new CaseStore(deps.db);
  const row = await store.getCaseByReference(reference);
  if (!row) return { extended: false, reason: `no case ${reference}` };
  // Without Redis the old date's breach job finds the clock moved and does nothing, and none is set for the new
  // date: the card still shows it. With REDIS_URL set the new date's reminder and breach jobs are queued.
  const requests = new RightsRequests({
    store,
    queues: deps.queues ?? { add: async () => undefined, remove: async () => undefined },
    pack: deps.pack,
    calendars: loadCalendars('/nonexistent/bank-holidays.json'),
    now: deps.now,
  });
  try {
    const clock = await requests.extend(row.id, endOfLondonDay(until), reason, actor);
    await new DataProtectionAuditRepository(deps.db).record({
      action: 'rights_request_extended',
      actor,
      customerId: row.customer_id,
      caseId: row.id,
      details: { reference, dueAt: new Date(clock.due_at).toISOString() },
    });
    return { extended: true, reference, dueAt: new Date(clock.due_at).toISOString() };
  } catch (error) {
    if (error instanceof PolicyError || error instanceof NotFoundError)
      return { extended: false, reason: error.message };
    throw error;
  }
}
