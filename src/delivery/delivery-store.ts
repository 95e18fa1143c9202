import type { Queryable } from '../db/database.js';
import type { ContactMethod } from '../db/rows.js';
import type { FulfilmentTask } from '../documents/document-store.js';

/** How a notice went: the customer's chosen method, or the chat channel (migration 012). */
export type DeliveryRoute = 'email' | 'letter' | 'phone' | 'chat';
export type DeliveryStatus = 'queued' | 'sent' | 'batched' | 'failed';

/** One notice or letter to a customer, by the route it took (migration 012). */
export interface Delivery {
  id: string;
  case_id: string | null;
  customer_id: string | null;
  key: string;
  preferred: ContactMethod | null;
  route: DeliveryRoute;
  status: DeliveryStatus;
  fallback_reason: string | null;
  recipient: string | null;
  document_id: string | null;
  language: string;
  subject: string | null;
  body: string;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  batch_id: string | null;
  task_id: string | null;
  created_at: Date;
  sent_at: Date | null;
  /** An email notice waiting to go in its letter's email (migration 016). */
  waits_for_letter: boolean;
  /** The delivery that carried it, when it went in another's email. */
  sent_with: string | null;
}

export interface NewDelivery {
  id: string;
  caseId: string | null;
  customerId: string | null;
  key: string;
  preferred: ContactMethod | null;
  route: DeliveryRoute;
  status: DeliveryStatus;
  fallbackReason: string | null;
  recipient: string | null;
  documentId: string | null;
  language: string;
  subject: string | null;
  body: string;
  createdAt: Date;
  /** Waits to go in its letter's email (`takeWaitingNotices`). @defaultValue false */
  waitsForLetter?: boolean;
}

export interface PrintBatch {
  id: string;
  batch_date: string;
  directory: string;
  letters: number;
  created_at: Date;
}

/** Print and call work for people, in the fulfilment tasks table (migration 012 widened its formats). */
export interface NewPeopleTask {
  id: string;
  caseId: string | null;
  customerId: string | null;
  kind: string;
  description: string;
  format: 'print' | 'phone_call';
  language: string;
  dueAt: Date;
  basis: string;
  createdAt: Date;
}

export type PeopleTask = Omit<FulfilmentTask, 'format' | 'kind'> & { format: 'print' | 'phone_call'; kind: string };

/** The deliveries and print batches tables, beside the delivery code (as documents keep theirs). */
export class DeliveryStore {
  constructor(private readonly db: Queryable) {}

  /** Insert once per key: the same notice again returns the row already there, with created: false. */
  async insertDelivery(input: NewDelivery): Promise<{ delivery: Delivery; created: boolean }> {
    const [inserted] = await this.db.query<Delivery>(
      `insert into customer_deliveries (id, case_id, customer_id, key, preferred, route, status, fallback_reason,
         recipient, document_id, language, subject, body, created_at, waits_for_letter)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       on conflict (key) do nothing returning *`,
      [
        input.id,
        input.caseId,
        input.customerId,
        input.key,
        input.preferred,
        input.route,
        input.status,
        input.fallbackReason,
        input.recipient,
        input.documentId,
        input.language,
        input.subject,
        input.body,
        input.createdAt,
        input.waitsForLetter ?? false,
      ],
    );
    if (inserted) return { delivery: inserted, created: true };
    const existing = (
      await this.db.query<Delivery>('select * from customer_deliveries where key = $1', [input.key])
    )[0];
    if (!existing) throw new Error(`delivery ${input.key} was neither stored nor found`);
    return { delivery: existing, created: false };
  }

  async getDelivery(id: string): Promise<Delivery | undefined> {
    return (await this.db.query<Delivery>('select * from customer_deliveries where id = $1', [id]))[0];
  }

  async listForCase(caseId: string): Promise<Delivery[]> {
    return this.db.query<Delivery>('select * from customer_deliveries where case_id = $1 order by created_at, id', [
      caseId,
    ]);
  }

  async markSent(id: string, at: Date, providerMessageId: string | null, taskId: string | null = null): Promise<void> {
    await this.db.query(
      `update customer_deliveries set status = 'sent', sent_at = $2, provider_message_id = coalesce($3, provider_message_id),
         task_id = coalesce($4, task_id) where id = $1`,
      [id, at, providerMessageId, taskId],
    );
  }

  /**
   * The case's notices waiting for their letter go in the letter's email: marked sent with it,
   * and their words put above the letter's, in one statement (a crash leaves both or neither).
   * Returns how many it took.
   */
  async takeWaitingNotices(caseId: string, letterDeliveryId: string, at: Date, since: Date): Promise<number> {
    const rows = await this.db.query<{ taken: number }>(
      `with taken as (
         update customer_deliveries set status = 'sent', sent_at = $3, sent_with = $2
         where case_id = $1 and waits_for_letter and status = 'queued' and id <> $2 and created_at >= $4
         returning body, created_at)
       update customer_deliveries
         set body = (select string_agg(body, E'\n\n' order by created_at) from taken) || E'\n\n' || body
       where id = $2 and exists (select 1 from taken)
       returning (select count(*)::int from taken) as taken`,
      [caseId, letterDeliveryId, at, since],
    );
    return rows[0]?.taken ?? 0;
  }

  /**
   * A notice whose letter went first (a response: the letter is made as the case resolves)
   * joins the letter's email while that still waits: its words go above the letter's and it is
   * marked sent with it, in one statement. Only a letter email made since `since` is joined,
   * well inside its wait, so its job cannot be sending it meanwhile. True when joined.
   */
  async joinLetterEmail(caseId: string, noticeDeliveryId: string, at: Date, since: Date): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(
      `with letter as (
         update customer_deliveries l
           set body = (select n.body from customer_deliveries n where n.id = $2) || E'\n\n' || l.body
         where l.id = (select id from customer_deliveries
                       where case_id = $1 and route = 'email' and status = 'queued' and document_id is not null
                         and created_at >= $4 order by created_at desc limit 1)
         returning l.id)
       update customer_deliveries set status = 'sent', sent_at = $3, sent_with = (select id from letter)
       where id = $2 and status = 'queued' and exists (select 1 from letter)
       returning id`,
      [caseId, noticeDeliveryId, at, since],
    );
    return rows.length > 0;
  }

  async recordAttempt(id: string, error: string): Promise<Delivery | undefined> {
    return (
      await this.db.query<Delivery>(
        'update customer_deliveries set attempts = attempts + 1, last_error = $2 where id = $1 returning *',
        [id, error.slice(0, 500)],
      )
    )[0];
  }

  /** It could not go by its route: it goes by chat instead, and the row says why. */
  async fellBack(id: string, reason: string): Promise<Delivery | undefined> {
    return (
      await this.db.query<Delivery>(
        "update customer_deliveries set route = 'chat', fallback_reason = $2 where id = $1 and route <> 'chat' returning *",
        [id, reason],
      )
    )[0];
  }

  async markFailed(id: string, reason: string): Promise<void> {
    await this.db.query(
      "update customer_deliveries set status = 'failed', fallback_reason = coalesce(fallback_reason, $2) where id = $1",
      [id, reason],
    );
  }

  /** Emails still waiting to be sent that were queued before a moment (their job may have been lost). */
  async listWaitingEmails(before: Date): Promise<Delivery[]> {
    return this.db.query<Delivery>(
      "select * from customer_deliveries where route = 'email' and status = 'queued' and created_at < $1 order by created_at, id",
      [before],
    );
  }

  /** Letters waiting for a print run, oldest first. */
  async listQueuedLetters(): Promise<Delivery[]> {
    return this.db.query<Delivery>(
      "select * from customer_deliveries where route = 'letter' and status = 'queued' order by created_at, id",
    );
  }

  async markBatched(id: string, batchId: string, taskId: string): Promise<void> {
    await this.db.query(
      "update customer_deliveries set status = 'batched', batch_id = $2, task_id = $3 where id = $1 and status = 'queued'",
      [id, batchId, taskId],
    );
  }

  /** The day's batch, made once; a second run the same day adds to it. */
  async upsertBatch(input: { id: string; date: string; directory: string; letters: number }): Promise<PrintBatch> {
    const [row] = await this.db.query<PrintBatch>(
      `insert into print_batches (id, batch_date, directory, letters) values ($1, $2, $3, $4)
       on conflict (batch_date) do update set letters = print_batches.letters + excluded.letters
       returning id, to_char(batch_date, 'YYYY-MM-DD') as batch_date, directory, letters, created_at`,
      [input.id, input.date, input.directory, input.letters],
    );
    if (!row) throw new Error('print batch was not stored');
    return row;
  }

  async insertTask(input: NewPeopleTask): Promise<{ task: PeopleTask; created: boolean }> {
    const [inserted] = await this.db.query<PeopleTask>(
      `insert into fulfilment_tasks (id, case_id, customer_id, kind, description, format, language, due_at, basis, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (id) do nothing returning *`,
      [
        input.id,
        input.caseId,
        input.customerId,
        input.kind,
        input.description,
        input.format,
        input.language,
        input.dueAt,
        input.basis,
        input.createdAt,
      ],
    );
    if (inserted) return { task: inserted, created: true };
    const existing = (await this.db.query<PeopleTask>('select * from fulfilment_tasks where id = $1', [input.id]))[0];
    if (!existing) throw new Error(`task ${input.id} was neither stored nor found`);
    return { task: existing, created: false };
  }
}
