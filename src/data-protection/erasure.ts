import { AnonymiseRepository } from '../db/anonymise.js';
import type { Database } from '../db/database.js';
import { DataProtectionAuditRepository } from '../db/data-protection-audit.js';
import type { Case } from '../db/rows.js';
import { SubjectDataRepository } from '../db/subject-data.js';
import type { PolicyPack } from '../policy/index.js';

/** Why an erasure is refused (UK GDPR Art. 17(3); docs/rules/data-protection.md#erasure). */
export type ErasureRefusalCode =
  'no_such_customer' | 'complaint_open' | 'case_open' | 'ombudsman_window' | 'legal_hold';

export type ErasureOutcome =
  | { erased: true; cases: number; conversations: number; messages: number }
  | { erased: false; code: ErasureRefusalCode; reason: string; references: string[] };

const complaintKinds = new Set(['formal_complaint', 'first_time_fix']);

function monthsAfter(at: Date, months: number): Date {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** The first reason the record must be kept, if any; a rights request open on the customer is not one. */
export function erasureRefusal(cases: readonly Case[], pack: PolicyPack, now: Date): ErasureOutcome | null {
  const { keepAfterComplaintClosedMonths, holdFlags, source } = pack.dataProtection.erasure;
  const refs = (rows: readonly Case[]) => rows.map((c) => c.reference);
  const open = cases.filter((c) => c.status === 'open' && c.kind !== 'subject_access' && c.kind !== 'erasure_request');
  const openComplaints = open.filter((c) => complaintKinds.has(c.kind) || c.stage === 'stage1' || c.stage === 'stage2');
  if (openComplaints.length > 0)
    return {
      erased: false,
      code: 'complaint_open',
      reason: 'a complaint is open: the record is needed to deal with it (Art. 17(3)(b), the Complaint Handling Code)',
      references: refs(openComplaints),
    };
  const held = cases.filter((c) => c.flags.some((f) => holdFlags.includes(f)));
  if (held.length > 0)
    return {
      erased: false,
      code: 'legal_hold',
      reason: 'a case is held for a legal claim (Art. 17(3)(e))',
      references: refs(held),
    };
  if (open.length > 0)
    return {
      erased: false,
      code: 'case_open',
      reason: 'a case is still open: close it first, or tell the customer when it will be erased',
      references: refs(open),
    };
  const recent = cases.filter((c) => {
    if (!complaintKinds.has(c.kind) && c.stage === 'none') return false;
    const closed = c.closed_at ?? c.resolved_at;
    return closed !== null && monthsAfter(new Date(closed), keepAfterComplaintClosedMonths).getTime() > now.getTime();
  });
  if (recent.length > 0)
    return {
      erased: false,
      code: 'ombudsman_window',
      reason: `a complaint closed less than ${keepAfterComplaintClosedMonths} months ago may still go to the Ombudsman (${source})`,
      references: refs(recent),
    };
  return null;
}

/**
 * Erase a customer on request, by a colleague (`intake erase`): refused, with the reason,
 * while the record must be kept; otherwise every case, conversation and the customer are
 * anonymised. Both outcomes are audited, with the colleague's reason and counts, never the
 * erased data.
 */
export async function eraseCustomer(
  db: Database,
  input: { customerId: string; reason: string; actor: string; pack: PolicyPack; now: Date },
): Promise<ErasureOutcome> {
  const audit = new DataProtectionAuditRepository(db);
  const exists = await new SubjectDataRepository(db).findCustomerIds({ customerId: input.customerId });
  if (exists.length === 0)
    return { erased: false, code: 'no_such_customer', reason: `no customer ${input.customerId}`, references: [] };
  const rows = await new SubjectDataRepository(db).collect({ customerId: input.customerId });
  const refusal = erasureRefusal(rows.cases, input.pack, input.now);
  if (refusal) {
    if (!refusal.erased)
      await audit.record({
        action: 'erasure_refused',
        actor: input.actor,
        customerId: input.customerId,
        details: { reason: input.reason, code: refusal.code, references: refusal.references },
      });
    return refusal;
  }
  const anonymise = new AnonymiseRepository(db);
  let messages = 0;
  for (const c of rows.cases) messages += (await anonymise.anonymiseCase(c.id, input.now)).messages;
  for (const v of rows.conversations) messages += await anonymise.anonymiseConversation(v.id, input.now);
  await anonymise.anonymiseCustomer(input.customerId, input.now);
  const outcome = {
    erased: true as const,
    cases: rows.cases.length,
    conversations: rows.conversations.length,
    messages,
  };
  await audit.record({
    action: 'erasure',
    actor: input.actor,
    customerId: input.customerId,
    details: { reason: input.reason, cases: outcome.cases, conversations: outcome.conversations, messages },
  });
  return outcome;
}
