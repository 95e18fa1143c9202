import type { Queryable } from './database.js';
import type { CaseParty } from './parties.js';
import type { CaseRemedy } from './remedies.js';
import type { ContactRestriction } from './restrictions.js';
import type { Case, CaseClock, CaseEvent, Consent, Conversation, Customer, Message } from './rows.js';

/** How a person is identified for a subject access request or an erasure. */
export type SubjectKey = { customerId: string } | { phone: string } | { email: string };

/** A file's metadata, never its bytes (the export says it is held and can be supplied). */
export interface MediaMetadata {
  id: string;
  message_id: string | null;
  content_type: string;
  name: string | null;
  size_bytes: number;
  sha256: string;
  created_at: Date;
}

export interface DocumentRow {
  id: string;
  case_id: string | null;
  customer_id: string | null;
  kind: string;
  language: string;
  format: string;
  facts: Record<string, unknown>;
  created_at: Date;
}

export interface FulfilmentTaskRow {
  id: string;
  case_id: string | null;
  kind: string;
  format: string;
  language: string;
  status: string;
  due_at: Date;
  created_at: Date;
}

/** A notice or letter sent to the person by their contact method (migration 012). */
export interface DeliveryRow {
  id: string;
  case_id: string | null;
  route: string;
  status: string;
  recipient: string | null;
  subject: string | null;
  body: string;
  language: string;
  created_at: Date;
  sent_at: Date | null;
}

/** Their answers to the satisfaction survey (migration 014). */
export interface SurveyRow {
  case_id: string;
  status: string;
  satisfaction: number | null;
  handled_fairly: boolean | null;
  comment: string | null;
  sent_at: Date | null;
  answered_at: Date | null;
}

/** Everything the system of record holds that is linked to one person, as rows. */
export interface SubjectRows {
  customers: Customer[];
  addresses: { channel_id: string; address: string; customer_id: string; created_at: Date }[];
  conversations: Conversation[];
  messages: Message[];
  media: MediaMetadata[];
  cases: Case[];
  clocks: CaseClock[];
  events: CaseEvent[];
  consents: Consent[];
  documents: DocumentRow[];
  fulfilmentTasks: FulfilmentTaskRow[];
  /** Representatives on their cases: someone else's data, for review before it is sent. */
  representativesOnTheirCases: CaseParty[];
  /** Where they act for someone else: their own details as a party of another's case, nothing of that case. */
  actingFor: CaseParty[];
  restrictions: ContactRestriction[];
  deliveries: DeliveryRow[];
  surveys: SurveyRow[];
  remedies: CaseRemedy[];
}

/** E.164 and the WhatsApp form of it: the same person on SMS and WhatsApp. */
function phoneAddresses(phone: string): string[] {
  return [phone, `whatsapp:${phone}`];
}

/**
 * Reads for the customer's rights (docs/rules/data-protection.md#subject-access): who a
 * phone number, email or id is, and every row linked to them. Other people's rows are
 * never read: conversations are theirs by customer or by their own address, cases by
 * customer or by their conversation.
 */
export class SubjectDataRepository {
  constructor(private readonly db: Queryable) {}

  async findCustomerIds(key: SubjectKey): Promise<string[]> {
    if ('customerId' in key) {
      const rows = await this.db.query<{ id: string }>('select id from customers where id = $1', [key.customerId]);
      return rows.map((r) => r.id);
    }
    if ('email' in key) {
      const rows = await this.db.query<{ id: string }>(
        'select id from customers where lower(email) = lower($1) order by created_at',
        [key.email],
      );
      return rows.map((r) => r.id);
    }
    const rows = await this.db.query<{ id: string }>(
      `select id from customers where phone = $1
       union select customer_id as id from customer_addresses where address = any($2::text[])`,
      [key.phone, phoneAddresses(key.phone)],
    );
    return [...new Set(rows.map((r) => r.id))];
  }

  async collect(key: SubjectKey): Promise<SubjectRows> {
    const ids = await this.findCustomerIds(key);
    const addresses = 'phone' in key ? phoneAddresses(key.phone) : [];
    const q = this.db;
    const customers = await q.query<Customer>(
      'select * from customers where id = any($1::uuid[]) order by created_at',
      [ids],
    );
    const customerAddresses = await q.query<SubjectRows['addresses'][number]>(
      'select * from customer_addresses where customer_id = any($1::uuid[]) order by created_at',
      [ids],
    );
    const conversations = await q.query<Conversation>(
      `select * from conversations where customer_id = any($1::uuid[])
         or (channel_id in ('sms', 'whatsapp') and address = any($2::text[]))
       order by created_at`,
      [ids, addresses],
    );
    const conversationIds = conversations.map((c) => c.id);
    const messages = await q.query<Message>(
      `select * from messages where conversation_id = any($1::uuid[]) and kind = 'message' order by created_at, seq`,
      [conversationIds],
    );
    const media = await q.query<MediaMetadata>(
      `select id, message_id, content_type, name, size_bytes, sha256, created_at from media
       where message_id = any($1::uuid[]) order by created_at`,
      [messages.map((m) => m.id)],
    );
    // A case made in their conversation for someone else (they were the representative) is
    // that person's: only cases with no other customer come with the conversation.
    const cases = await q.query<Case>(
      `select * from cases where customer_id = any($1::uuid[])
         or (customer_id is null and conversation_id = any($2::uuid[]))
       order by received_at`,
      [ids, conversationIds],
    );
    const caseIds = cases.map((c) => c.id);
    const clocks = await q.query<CaseClock>(
      'select * from case_clocks where case_id = any($1::uuid[]) order by due_at',
      [caseIds],
    );
    const events = await q.query<CaseEvent>('select * from case_events where case_id = any($1::uuid[]) order by id', [
      caseIds,
    ]);
    const consents = await q.query<Consent>(
      `select * from consents where customer_id = any($1::uuid[]) or case_id = any($2::uuid[])
         or (customer_id is null and conversation_id = any($3::uuid[]))
       order by recorded_at`,
      [ids, caseIds, conversationIds],
    );
    const documents = await q.query<DocumentRow>(
      `select id, case_id, customer_id, kind, language, format, facts, created_at from documents
       where customer_id = any($1::uuid[]) or case_id = any($2::uuid[]) order by created_at`,
      [ids, caseIds],
    );
    const fulfilmentTasks = await q.query<FulfilmentTaskRow>(
      `select id, case_id, kind, format, language, status, due_at, created_at from fulfilment_tasks
       where customer_id = any($1::uuid[]) or case_id = any($2::uuid[]) order by created_at`,
      [ids, caseIds],
    );
    const representativesOnTheirCases = await q.query<CaseParty>(
      'select * from case_parties where case_id = any($1::uuid[]) order by created_at',
      [caseIds],
    );
    const customerPhones = customers.flatMap((c) => (c.phone ? phoneAddresses(c.phone) : []));
    const emails = customers.flatMap((c) => (c.email ? [c.email.toLowerCase()] : []));
    if ('email' in key) emails.push(key.email.toLowerCase());
    const actingFor = await q.query<CaseParty>(
      `select * from case_parties
       where not (case_id = any($1::uuid[]))
         and (conversation_id = any($2::uuid[]) or phone = any($3::text[]) or lower(email) = any($4::text[]))
       order by created_at`,
      [caseIds, conversationIds, [...addresses, ...customerPhones], emails],
    );
    const restrictions = await q.query<ContactRestriction>(
      `select * from contact_restrictions where customer_id = any($1::uuid[]) or case_id = any($2::uuid[])
       order by created_at`,
      [ids, caseIds],
    );
    const deliveries = await q.query<DeliveryRow>(
      `select id, case_id, route, status, recipient, subject, body, language, created_at, sent_at from customer_deliveries
       where customer_id = any($1::uuid[]) or case_id = any($2::uuid[]) order by created_at`,
      [ids, caseIds],
    );
    const surveys = await q.query<SurveyRow>(
      `select case_id, status, satisfaction, handled_fairly, comment, sent_at, answered_at from survey_responses
       where customer_id = any($1::uuid[]) or case_id = any($2::uuid[]) order by created_at`,
      [ids, caseIds],
    );
    const remedies = await q.query<CaseRemedy>(
      'select * from case_remedies where case_id = any($1::uuid[]) order by recorded_at',
      [caseIds],
    );
    return {
      customers,
      addresses: customerAddresses,
      conversations,
      messages,
      media,
      cases,
      clocks,
      events,
      consents,
      documents,
      fulfilmentTasks,
      representativesOnTheirCases,
      actingFor,
      restrictions,
      deliveries,
      surveys,
      remedies,
    };
  }
}
