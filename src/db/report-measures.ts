import type { Queryable } from './database.js';

/**
 * The SQL behind the complaint measures (docs/rules/reporting.md): plain counts over the
 * record, for a period [start, end) of instants. What they mean and how they combine into
 * percentages is in src/reports/; the tests check each against a second, separately
 * written query.
 */

export interface Period {
  start: Date;
  end: Date;
}

/** The extension caps of the pack in force: a response within an extension up to the cap is in time. */
export interface ExtensionCaps {
  stage1: number;
  stage2: number;
}

// When a complaint entered stage 1: a first-time fix that became one counts from the date the
// conversion gave (docs/rules/reporting.md#tsm-ch01), every other complaint from its receipt.
const stage1Complaints = `
  select c.id, c.channel_id,
    coalesce(
      (select (e.data->>'stage1ReceivedAt')::timestamptz from case_events e
        where e.case_id = c.id and e.type = 'became_stage1' order by e.id desc limit 1),
      c.received_at) as entered_at
  from cases c
  where c.kind = 'formal_complaint'
    and exists (select 1 from case_clocks k where k.case_id = c.id and k.name = 'stage1_ack')`;

// When the customer asked for stage 2: the first request on the case.
const stage2Complaints = `
  select c.id, c.channel_id, min(coalesce((e.data->>'requestedAt')::timestamptz, e.at)) as entered_at
  from cases c join case_events e on e.case_id = c.id and e.type = 'stage2_requested'
  where c.kind = 'formal_complaint'
  group by c.id, c.channel_id`;

export interface ReceivedCounts {
  stage1: number;
  stage2: number;
}

export async function complaintsReceived(db: Queryable, p: Period): Promise<ReceivedCounts> {
  const [row] = await db.query<{ stage1: number; stage2: number }>(
    `select
       (select count(*)::int from (${stage1Complaints}) s where s.entered_at >= $1 and s.entered_at < $2) as stage1,
       (select count(*)::int from (${stage2Complaints}) s where s.entered_at >= $1 and s.entered_at < $2) as stage2`,
    [p.start, p.end],
  );
  return { stage1: row?.stage1 ?? 0, stage2: row?.stage2 ?? 0 };
}

/** How one kind of clock fared among those that concluded (met, or missed) in the period. */
export interface ClockTally {
  name: string;
  channelId: string;
  /** Met or missed in the period. */
  concluded: number;
  /** Met by the due date in force (which includes any extension). */
  metOnTime: number;
  /** Met after the due date. */
  metLate: number;
  /** Missed and not met (yet). */
  missed: number;
  /** Of those met, how many had been extended, and how many of those beyond the pack's cap. */
  extended: number;
  extendedBeyondCap: number;
  /** Met in time as the Code allows: by the due date, and within the cap if extended (or by the original date). */
  withinTimescale: number;
}

/**
 * A clock concludes when it is met (met_at) or, never met, when it was missed (breached_at).
 * Cancelled clocks (a withdrawn case, a stage replaced) and running ones are not counted.
 * A response is within the Code's timescale when it is met by its due date and any extension
 * was within the cap (docs/rules/timescales.md#extensions); one met by its original due date
 * is in time whatever happened to its extension.
 */
export async function clockTallies(db: Queryable, p: Period, caps: ExtensionCaps): Promise<ClockTally[]> {
  return db.query<ClockTally>(
    `with concluded as (
       select k.*, c.channel_id,
         case k.name when 'stage1_response' then $3::int when 'stage2_response' then $4::int else 0 end as cap
       from case_clocks k join cases c on c.id = k.case_id
       where k.status in ('met', 'breached') and coalesce(k.met_at, k.breached_at) >= $1 and coalesce(k.met_at, k.breached_at) < $2
     )
     select name, channel_id as "channelId",
       count(*)::int as concluded,
       count(*) filter (where met_at is not null and met_at <= due_at)::int as "metOnTime",
       count(*) filter (where met_at is not null and met_at > due_at)::int as "metLate",
       count(*) filter (where met_at is null)::int as missed,
       count(*) filter (where met_at is not null and extended_working_days > 0)::int as extended,
       count(*) filter (where met_at is not null and extended_working_days > cap)::int as "extendedBeyondCap",
       count(*) filter (where met_at is not null and met_at <= due_at
         and (extended_working_days <= cap or met_at <= original_due_at))::int as "withinTimescale"
     from concluded group by name, channel_id order by name, channel_id`,
    [p.start, p.end, caps.stage1, caps.stage2],
  );
}

export interface FirstTimeFixCounts {
  /** Fixes that concluded in the period: put right, missed, or turned into a complaint. */
  concluded: number;
  putRightInTime: number;
}

/** First-time fixes: a fix turned into a stage 1 complaint before its clock ran out was not put right first time. */
export async function firstTimeFixes(db: Queryable, p: Period): Promise<FirstTimeFixCounts> {
  const [row] = await db.query<FirstTimeFixCounts>(
    `with ftf as (
       select k.*, coalesce(k.met_at, k.breached_at,
         (select min(e.at) from case_events e where e.case_id = k.case_id and e.type = 'became_stage1')) as concluded_at
       from case_clocks k where k.name = 'ftf_resolve'
     )
     select count(*)::int as concluded,
       count(*) filter (where met_at is not null and met_at <= due_at)::int as "putRightInTime"
     from ftf where concluded_at >= $1 and concluded_at < $2
       and (status in ('met', 'breached') or (status = 'cancelled' and met_at is null
         and exists (select 1 from case_events e where e.case_id = ftf.case_id and e.type = 'became_stage1')))`,
    [p.start, p.end],
  );
  return row ?? { concluded: 0, putRightInTime: 0 };
}

export interface ChannelCount {
  channelId: string;
  cases: number;
  inboundMessages: number;
}

/** Contacts (new cases) and customer messages in the period, by the channel they came on. */
export async function channelMix(db: Queryable, p: Period): Promise<ChannelCount[]> {
  return db.query<ChannelCount>(
    `with c as (select channel_id, count(*)::int as n from cases where received_at >= $1 and received_at < $2 group by channel_id),
          m as (select channel_id, count(*)::int as n from messages
                where direction = 'inbound' and created_at >= $1 and created_at < $2 group by channel_id)
     select coalesce(c.channel_id, m.channel_id) as "channelId", coalesce(c.n, 0) as cases, coalesce(m.n, 0) as "inboundMessages"
     from c full join m on m.channel_id = c.channel_id order by 1`,
    [p.start, p.end],
  );
}

export interface OutcomeCount {
  stage: 'stage1' | 'stage2';
  outcome: string;
  count: number;
}

/**
 * The outcome of each response given in the period. A stage 1 outcome survives escalation in
 * the stage 2 request's event (the case's resolution is then the stage 2 response's).
 */
export async function outcomes(db: Queryable, p: Period): Promise<OutcomeCount[]> {
  return db.query<OutcomeCount>(
    `select stage, outcome, count(*)::int as count from (
       select case k.name when 'stage1_response' then 'stage1' else 'stage2' end as stage,
         coalesce(
           case when k.name = 'stage1_response' then
             coalesce((select e.data->'stage1Resolution'->>'outcome' from case_events e
                        where e.case_id = c.id and e.type = 'stage2_requested' order by e.id limit 1),
                      case when c.stage = 'stage1' then c.resolution->>'outcome' end)
           else c.resolution->>'outcome' end,
           'not_recorded') as outcome
       from case_clocks k join cases c on c.id = k.case_id
       where k.name in ('stage1_response', 'stage2_response') and k.met_at >= $1 and k.met_at < $2
         and k.status in ('met', 'breached')
     ) r group by stage, outcome order by stage, outcome`,
    [p.start, p.end],
  );
}

export interface RemedyTally {
  kind: string;
  recorded: number;
  recordedPence: number;
  paid: number;
  paidPence: number;
}

/** Remedies recorded in the period, and payments made in it (whenever the remedy was recorded). */
export async function remedies(db: Queryable, p: Period): Promise<RemedyTally[]> {
  return db.query<RemedyTally>(
    `select kind,
       count(*) filter (where recorded_at >= $1 and recorded_at < $2)::int as recorded,
       coalesce(sum(amount_pence) filter (where recorded_at >= $1 and recorded_at < $2), 0)::int as "recordedPence",
       count(*) filter (where paid_at >= $1 and paid_at < $2)::int as paid,
       coalesce(sum(amount_pence) filter (where paid_at >= $1 and paid_at < $2), 0)::int as "paidPence"
     from case_remedies
     where (recorded_at >= $1 and recorded_at < $2) or (paid_at >= $1 and paid_at < $2)
     group by kind order by kind`,
    [p.start, p.end],
  );
}

export interface RefusalCount {
  reason: string;
  count: number;
}

/** Complaints refused in the period (refused when closed; else when last changed), by the reason recorded. */
export async function refusals(db: Queryable, p: Period): Promise<RefusalCount[]> {
  return db.query<RefusalCount>(
    `select coalesce(refusal_reason, 'not_recorded') as reason, count(*)::int as count from cases
     where status = 'refused' and coalesce(closed_at, updated_at) >= $1 and coalesce(closed_at, updated_at) < $2
     group by 1 order by 1`,
    [p.start, p.end],
  );
}

export interface ThemeCount {
  month: string;
  /** 'category' or 'flag'. */
  dimension: 'category' | 'flag';
  value: string;
  count: number;
}

/** Every contact received in the period by London month, with its category and each of its flags. */
export async function themes(db: Queryable, p: Period): Promise<ThemeCount[]> {
  return db.query<ThemeCount>(
    `with c as (select to_char(received_at at time zone 'Europe/London', 'YYYY-MM') as month, category, flags
                from cases where received_at >= $1 and received_at < $2)
     select month, 'category' as dimension, coalesce(category, 'uncategorised') as value, count(*)::int as count
       from c group by month, category
     union all
     select month, 'flag', f, count(*)::int from c cross join lateral unnest(flags) as f group by month, f
     order by 1, 2, 3`,
    [p.start, p.end],
  );
}

export interface SurveyCounts {
  sent: number;
  answered: number;
  /** Answers 1 to 5, by score (index 0 = score 1). */
  satisfaction: number[];
  fairYes: number;
  fairNo: number;
  comments: number;
}

/** Surveys sent in the period, and answers given in it. */
export async function surveyCounts(db: Queryable, p: Period): Promise<SurveyCounts> {
  const [sent] = await db.query<{ n: number }>(
    `select count(*)::int as n from survey_responses where sent_at >= $1 and sent_at < $2`,
    [p.start, p.end],
  );
  const rows = await db.query<{ satisfaction: number | null; handled_fairly: boolean | null; comment: string | null }>(
    `select satisfaction, handled_fairly, comment from survey_responses
     where answered_at >= $1 and answered_at < $2 and satisfaction is not null`,
    [p.start, p.end],
  );
  const satisfaction = [0, 0, 0, 0, 0];
  for (const r of rows) if (r.satisfaction) satisfaction[r.satisfaction - 1]! += 1;
  return {
    sent: sent?.n ?? 0,
    answered: rows.length,
    satisfaction,
    fairYes: rows.filter((r) => r.handled_fairly === true).length,
    fairNo: rows.filter((r) => r.handled_fairly === false).length,
    comments: rows.filter((r) => r.comment !== null && r.comment.trim() !== '').length,
  };
}

export interface Stage2HandlerCounts {
  /** Stage 2 responses given in the period. */
  responded: number;
  /** Of those, handled by someone recorded as other than the stage 1 handler (Code 6.13). */
  independent: number;
  /** Of those, where a handler was not recorded at one of the stages. */
  unknown: number;
}

export async function stage2Handlers(db: Queryable, p: Period): Promise<Stage2HandlerCounts> {
  const [row] = await db.query<Stage2HandlerCounts>(
    `select count(*)::int as responded,
       count(*) filter (where c.stage1_handler is not null and c.stage2_handler is not null
         and c.stage1_handler <> c.stage2_handler)::int as independent,
       count(*) filter (where c.stage1_handler is null or c.stage2_handler is null)::int as unknown
     from case_clocks k join cases c on c.id = k.case_id
     where k.name = 'stage2_response' and k.status in ('met', 'breached') and k.met_at >= $1 and k.met_at < $2`,
    [p.start, p.end],
  );
  return row ?? { responded: 0, independent: 0, unknown: 0 };
}
