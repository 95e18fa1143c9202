import type { Database } from '../db/database.js';
import { DataProtectionAuditRepository } from '../db/data-protection-audit.js';
import { PrivacyNoticeRepository, type PrivacyNotice } from '../db/privacy-notices.js';
import type { Case, CaseEvent, Consent, Message } from '../db/rows.js';
import type { CaseParty } from '../db/parties.js';
import type { CaseRemedy } from '../db/remedies.js';
import type { ContactRestriction } from '../db/restrictions.js';
import { SubjectDataRepository, type SubjectKey, type SubjectRows } from '../db/subject-data.js';

/** Something held but not in the export, and why: a person reviews it before the response goes. */
export interface Withheld {
  what: 'staff_note' | 'representative' | 'consent_details' | 'remedy_note';
  id: string;
  caseId: string | null;
  /** Art. 15(4): it may be, or name, someone else's personal data. */
  reason: 'third_party_review';
}

/** The subject access export (docs/contracts.md#sar-and-erase): one JSON document. */
export interface SubjectAccessExport {
  format: 'subject-access-export/1';
  generatedAt: string;
  requestedBy: { phone?: string; email?: string; customerId?: string };
  found: boolean;
  customers: SubjectRows['customers'];
  channelAddresses: SubjectRows['addresses'];
  conversations: SubjectRows['conversations'];
  messages: (Omit<Message, 'author'> & { author: string })[];
  media: SubjectRows['media'];
  cases: (Omit<Case, 'representative'> & { representative: Case['representative'] | 'withheld pending review' })[];
  clocks: SubjectRows['clocks'];
  events: (CaseEvent | { id: number; case_id: string; type: string; at: Date; withheld: 'withheld pending review' })[];
  consents: Consent[];
  privacyNotices: PrivacyNotice[];
  documents: SubjectRows['documents'];
  fulfilmentTasks: SubjectRows['fulfilmentTasks'];
  /** Someone acting for them on a case: where their consent stands; who it is waits for review. */
  representatives: { id: string; case_id: string; consent_status: string; withheld: 'withheld pending review' }[];
  /** Where they act for someone else: their own details as recorded, nothing of the other person's case. */
  actingFor: Pick<CaseParty, 'id' | 'name' | 'relationship' | 'organisation' | 'phone' | 'email' | 'created_at'>[];
  restrictions: (Omit<ContactRestriction, 'recorded_by' | 'lifted_by'> & {
    recorded_by: string;
    lifted_by: string | null;
  })[];
  deliveries: SubjectRows['deliveries'];
  surveys: SubjectRows['surveys'];
  remedies: (Omit<CaseRemedy, 'recorded_by' | 'note'> & { recorded_by: string; note: string })[];
  /** What a person must review before it is sent (other people's data); nonempty means `reviewNeeded`. */
  withheld: Withheld[];
  reviewNeeded: boolean;
}

/** Who wrote a message, without naming colleagues: customer, assistant, colleague or system. */
function authorOf(message: Message): string {
  if (message.direction === 'inbound') return 'customer';
  if (message.author.startsWith('staff:')) return 'colleague';
  if (message.author.startsWith('bot')) return 'assistant';
  return 'system';
}

/** Fields of a consent's details that name or describe another person (the representative). */
const thirdPartyDetailKeys = ['representative', 'relationship', 'representativeSays', 'organisation', 'contact'];

/**
 * Everything held about one person (UK GDPR Art. 15; docs/rules/data-protection.md#subject-access),
 * without other people's personal data (Art. 15(4)): colleagues' notes on a case, and a
 * representative's details, are listed as withheld pending review rather than dumped;
 * colleagues are named only as "colleague". The export is audited (who, when, what was
 * found), never with what it holds.
 */
export async function subjectAccessExport(
  db: Database,
  key: SubjectKey,
  actor: string,
  now: Date,
): Promise<SubjectAccessExport> {
  const rows = await new SubjectDataRepository(db).collect(key);
  const withheld: Withheld[] = [];
  const cases = rows.cases.map((c) => {
    if (!c.representative) return { ...c, representative: null };
    withheld.push({ what: 'representative', id: c.id, caseId: c.id, reason: 'third_party_review' });
    return { ...c, representative: 'withheld pending review' as const };
  });
  const events = rows.events.map((e) => {
    if (e.type !== 'staff_note' && !('note' in e.data))
      return { ...e, actor: e.actor.startsWith('staff:') ? 'colleague' : e.actor };
    withheld.push({ what: 'staff_note', id: String(e.id), caseId: e.case_id, reason: 'third_party_review' });
    return { id: e.id, case_id: e.case_id, type: e.type, at: e.at, withheld: 'withheld pending review' as const };
  });
  const consents = rows.consents.map((c) => {
    const hidden = thirdPartyDetailKeys.filter((k) => k in c.details);
    if (hidden.length === 0) return c;
    withheld.push({ what: 'consent_details', id: c.id, caseId: c.case_id, reason: 'third_party_review' });
    const details = Object.fromEntries(Object.entries(c.details).filter(([k]) => !hidden.includes(k)));
    return { ...c, details: { ...details, withheld: 'withheld pending review' } };
  });
  const representatives = rows.representativesOnTheirCases.map((p) => {
    withheld.push({ what: 'representative', id: p.id, caseId: p.case_id, reason: 'third_party_review' });
    return {
      id: p.id,
      case_id: p.case_id,
      consent_status: p.consent_status,
      withheld: 'withheld pending review' as const,
    };
  });
  const remedies = rows.remedies.map((r) => {
    if (r.note.trim() !== '')
      withheld.push({ what: 'remedy_note', id: r.id, caseId: r.case_id, reason: 'third_party_review' });
    return { ...r, recorded_by: 'colleague', note: r.note.trim() === '' ? '' : 'withheld pending review' };
  });
  const customerIds = rows.customers.map((c) => c.id);
  const notices = new PrivacyNoticeRepository(db);
  const privacyNotices = (
    await Promise.all(
      customerIds.map((id) =>
        notices.listPrivacyNotices(
          id,
          rows.conversations.map((v) => v.id),
        ),
      ),
    )
  ).flat();
  const doc: SubjectAccessExport = {
    format: 'subject-access-export/1',
    generatedAt: now.toISOString(),
    requestedBy: key,
    found: customerIds.length > 0 || rows.conversations.length > 0,
    customers: rows.customers,
    channelAddresses: rows.addresses,
    conversations: rows.conversations.map((v) => ({ ...v, assignee: v.assignee ? 'colleague' : null })),
    messages: rows.messages.map((m) => ({ ...m, author: authorOf(m) })),
    media: rows.media,
    cases: cases.map((c) => ({
      ...c,
      assignee: c.assignee ? 'colleague' : null,
      stage1_handler: c.stage1_handler ? 'colleague' : null,
      stage2_handler: c.stage2_handler ? 'colleague' : null,
    })),
    clocks: rows.clocks,
    events,
    consents,
    privacyNotices: [...new Map(privacyNotices.map((n) => [n.id, n])).values()],
    documents: rows.documents,
    fulfilmentTasks: rows.fulfilmentTasks,
    representatives,
    actingFor: rows.actingFor.map((p) => ({
      id: p.id,
      name: p.name,
      relationship: p.relationship,
      organisation: p.organisation,
      phone: p.phone,
      email: p.email,
      created_at: p.created_at,
    })),
    restrictions: rows.restrictions.map((r) => ({
      ...r,
      recorded_by: 'colleague',
      lifted_by: r.lifted_by ? 'colleague' : null,
    })),
    deliveries: rows.deliveries,
    surveys: rows.surveys,
    remedies,
    withheld,
    reviewNeeded: withheld.length > 0,
  };
  const audit = new DataProtectionAuditRepository(db);
  const by = 'customerId' in key ? 'customer' : 'phone' in key ? 'phone' : 'email';
  const counts = { messages: doc.messages.length, cases: doc.cases.length, withheld: withheld.length };
  for (const customerId of customerIds.length > 0 ? customerIds : [null])
    await audit.record({ action: 'subject_access_export', actor, customerId, details: { by, ...counts } });
  // The open request it answers shows the export on its own trail.
  for (const c of rows.cases.filter((r) => r.kind === 'subject_access' && r.status === 'open'))
    await db.query('insert into case_events (case_id, actor, type, data) values ($1, $2, $3, $4)', [
      c.id,
      actor,
      'subject_access_exported',
      JSON.stringify(counts),
    ]);
  return doc;
}
