import type { Queryable } from './database.js';
import type { ExtensionCaps, Period } from './report-measures.js';

/**
 * The rows under the report's figures, for the CSV export: every figure can be recounted
 * from them in a spreadsheet. Case references, not names: the export holds no contact details.
 */

export type ReportRow = Record<string, string | number | boolean | null>;

/** Every clock that concluded in the period, with the verdict the report counts. */
export async function clockRows(db: Queryable, p: Period, caps: ExtensionCaps): Promise<ReportRow[]> {
  return db.query<ReportRow>(
    `select c.reference, c.kind, c.stage, c.channel_id, c.category, k.name as clock,
       to_char(k.original_due_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') as original_due_london,
       to_char(k.due_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') as due_london,
       k.extended_working_days, k.extension_reason, k.status,
       to_char(k.met_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') as met_london,
       to_char(k.breached_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') as missed_london,
       (k.met_at is not null and k.met_at <= k.due_at) as met_on_time,
       (k.met_at is not null and k.met_at <= k.due_at and (k.extended_working_days <=
         case k.name when 'stage1_response' then $3::int when 'stage2_response' then $4::int else 0 end
         or k.met_at <= k.original_due_at)) as within_timescale
     from case_clocks k join cases c on c.id = k.case_id
     where k.status in ('met', 'breached') and coalesce(k.met_at, k.breached_at) >= $1 and coalesce(k.met_at, k.breached_at) < $2
     order by coalesce(k.met_at, k.breached_at), c.reference, k.name`,
    [p.start, p.end, caps.stage1, caps.stage2],
  );
}

/** Every contact received in the period. */
export async function caseRows(db: Queryable, p: Period): Promise<ReportRow[]> {
  return db.query<ReportRow>(
    `select reference, kind, stage, status, channel_id, category, array_to_string(flags, ' ') as flags,
       to_char(received_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') as received_london,
       to_char(acknowledged_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') as acknowledged_london,
       to_char(resolved_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') as resolved_london,
       to_char(closed_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') as closed_london,
       resolution->>'outcome' as outcome, refusal_reason
     from cases where received_at >= $1 and received_at < $2 order by received_at, reference`,
    [p.start, p.end],
  );
}

/** Remedies recorded or paid in the period. */
export async function remedyRows(db: Queryable, p: Period): Promise<ReportRow[]> {
  return db.query<ReportRow>(
    `select c.reference, r.kind, r.amount_pence,
       to_char(r.recorded_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') as recorded_london,
       to_char(r.paid_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') as paid_london
     from case_remedies r join cases c on c.id = r.case_id
     where (r.recorded_at >= $1 and r.recorded_at < $2) or (r.paid_at >= $1 and r.paid_at < $2)
     order by r.recorded_at, c.reference`,
    [p.start, p.end],
  );
}

/** Surveys sent or answered in the period; the free-text answer is left out (it may name people). */
export async function surveyRows(db: Queryable, p: Period): Promise<ReportRow[]> {
  return db.query<ReportRow>(
    `select c.reference, s.channel_id, s.locale, s.status, s.satisfaction, s.handled_fairly,
       (s.comment is not null and s.comment <> '') as commented,
       to_char(s.sent_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') as sent_london,
       to_char(s.chased_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') as chased_london,
       to_char(s.answered_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') as answered_london
     from survey_responses s join cases c on c.id = s.case_id
     where (s.sent_at >= $1 and s.sent_at < $2) or (s.answered_at >= $1 and s.answered_at < $2)
     order by s.sent_at, c.reference`,
    [p.start, p.end],
  );
}
