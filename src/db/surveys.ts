import type { Database } from './database.js';

/**
 * The satisfaction survey of complainants (docs/rules/reporting.md#satisfaction-survey): one
 * row per case, made before anything is sent so a survey goes once, whoever runs the sweep.
 */

export type SurveyQuestion = 'satisfaction' | 'fairness' | 'comment';
export type SurveyStatus = 'pending' | 'asked' | 'answered' | 'expired' | 'skipped';

export interface SurveyRow {
  case_id: string;
  customer_id: string | null;
  conversation_id: string | null;
  channel_id: string;
  locale: string;
  status: SurveyStatus;
  question: SurveyQuestion | null;
  skipped_reason: string | null;
  sent_at: Date | null;
  chased_at: Date | null;
  satisfaction: number | null;
  handled_fairly: boolean | null;
  comment: string | null;
  answered_at: Date | null;
}

/** A case that has closed and has had no survey. */
export interface SurveyCandidate {
  case_id: string;
  reference: string;
  customer_id: string | null;
  conversation_id: string | null;
  channel_id: string;
}

export class SurveyRepository {
  constructor(private readonly db: Database) {}

  /**
   * Complaints and first-time fixes resolved or closed between `from` and `to` with no survey
   * yet; withdrawn and refused cases are not surveyed (seed 002: complainants when a complaint is closed).
   */
  async closedWithoutSurvey(from: Date, to: Date, limit = 200): Promise<SurveyCandidate[]> {
    return this.db.query<SurveyCandidate>(
      `select c.id as case_id, c.reference, c.customer_id, c.conversation_id, c.channel_id from cases c
       where c.kind in ('formal_complaint', 'first_time_fix') and c.status in ('resolved', 'closed')
         and coalesce(c.closed_at, c.resolved_at) >= $1 and coalesce(c.closed_at, c.resolved_at) < $2
         and not exists (select 1 from survey_responses s where s.case_id = c.id)
       order by coalesce(c.closed_at, c.resolved_at) limit $3`,
      [from, to, limit],
    );
  }

  /** Claim a case's survey: true for the one caller that made the row. */
  async claim(c: SurveyCandidate, locale: string): Promise<boolean> {
    const rows = await this.db.query(
      `insert into survey_responses (case_id, customer_id, conversation_id, channel_id, locale, status)
       values ($1, $2, $3, $4, $5, 'pending') on conflict (case_id) do nothing returning case_id`,
      [c.case_id, c.customer_id, c.conversation_id, c.channel_id, locale],
    );
    return rows.length > 0;
  }

  async markSkipped(caseId: string, reason: string): Promise<void> {
    await this.db.query(
      `update survey_responses set status = 'skipped', skipped_reason = $2, updated_at = now() where case_id = $1`,
      [caseId, reason],
    );
  }

  async markAsked(caseId: string, at: Date): Promise<void> {
    await this.db.query(
      `update survey_responses set status = 'asked', question = 'satisfaction', sent_at = $2, updated_at = now()
       where case_id = $1 and status = 'pending'`,
      [caseId, at],
    );
  }

  /** Asked, unanswered and not yet chased, sent before `before`: each is chased once. */
  async dueForChase(before: Date, limit = 200): Promise<(SurveyRow & { reference: string })[]> {
    return this.db.query<SurveyRow & { reference: string }>(
      `select s.*, c.reference from survey_responses s join cases c on c.id = s.case_id
       where s.status = 'asked' and s.question = 'satisfaction' and s.chased_at is null and s.sent_at < $1
       order by s.sent_at limit $2`,
      [before, limit],
    );
  }

  /** Mark a survey chased; false when another worker did first. */
  async markChased(caseId: string, at: Date): Promise<boolean> {
    const rows = await this.db.query(
      `update survey_responses set chased_at = $2, updated_at = now()
       where case_id = $1 and status = 'asked' and chased_at is null returning case_id`,
      [caseId, at],
    );
    return rows.length > 0;
  }

  /** The customer said they would rather not: no more questions, no reminder. */
  async decline(caseId: string): Promise<void> {
    await this.db.query(
      `update survey_responses set status = 'expired', question = null, skipped_reason = 'declined', updated_at = now()
       where case_id = $1 and status = 'asked'`,
      [caseId],
    );
  }

  /** Surveys left unanswered since before `before` (after the one chase): no more questions. */
  async expire(before: Date): Promise<number> {
    const rows = await this.db.query(
      `update survey_responses set status = 'expired', question = null, updated_at = now()
       where status = 'asked' and coalesce(chased_at, sent_at) < $1 returning case_id`,
      [before],
    );
    return rows.length;
  }

  /** The survey waiting for an answer on a conversation, asked (or chased) since `since`. */
  async waitingOn(conversationId: string, since: Date): Promise<(SurveyRow & { reference: string }) | undefined> {
    return (
      await this.db.query<SurveyRow & { reference: string }>(
        `select s.*, c.reference from survey_responses s join cases c on c.id = s.case_id
         where s.conversation_id = $1 and s.status = 'asked' and coalesce(s.chased_at, s.sent_at) >= $2
         order by s.sent_at desc limit 1`,
        [conversationId, since],
      )
    )[0];
  }

  /** Record an answer and move to the next question (null: the survey is done). */
  async answer(
    caseId: string,
    answer: { satisfaction?: number; handledFairly?: boolean; comment?: string | null },
    next: SurveyQuestion | null,
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `update survey_responses set
         satisfaction = coalesce($2, satisfaction), handled_fairly = coalesce($3, handled_fairly),
         comment = case when $4::boolean then $5 else comment end,
         question = $6, status = case when $6::text is null then 'answered' else status end,
         answered_at = case when $6::text is null then $7 else answered_at end, updated_at = now()
       where case_id = $1 and status = 'asked'`,
      [
        caseId,
        answer.satisfaction ?? null,
        answer.handledFairly ?? null,
        answer.comment !== undefined,
        answer.comment ?? null,
        next,
        at,
      ],
    );
  }

  async forCase(caseId: string): Promise<SurveyRow | undefined> {
    return (await this.db.query<SurveyRow>('select * from survey_responses where case_id = $1', [caseId]))[0];
  }

  /**
   * Whether a person has restricted contact with this customer (or on this case): the table is
   * the parties work's (migration 011); until it is there, nobody is restricted.
   */
  async contactRestricted(customerId: string | null, caseId: string): Promise<boolean> {
    const [table] = await this.db.query<{ t: string | null }>(`select to_regclass('contact_restrictions')::text as t`);
    if (!table?.t) return false;
    const rows = await this.db.query(
      `select 1 from contact_restrictions where status = 'active'
       and ((customer_id is not null and customer_id = $1) or case_id = $2) limit 1`,
      [customerId, caseId],
    );
    return rows.length > 0;
  }

  /** Whether the customer has opted out (STOP) on any conversation of theirs, or this one. */
  async optedOut(customerId: string | null, conversationId: string | null): Promise<boolean> {
    const rows = await this.db.query(
      `select 1 from conversations where opted_out
       and (id = $2 or ($1::uuid is not null and customer_id = $1)) limit 1`,
      [customerId, conversationId],
    );
    return rows.length > 0;
  }
}
