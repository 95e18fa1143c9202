import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { buildReport, type ComplaintsReport } from '../../src/reports/measures.js';
import { backends } from '../helpers/db.js';
import { pack, useYear, year } from './year.js';

/**
 * Every figure of a generated year, checked against a second query written separately from
 * src/db/report-measures.ts: the period's bounds worked out by PostgreSQL from the dates
 * (`timestamp at time zone 'Europe/London'`), joins and ranges written another way.
 */

const bounds = `(select ($1::date)::timestamp at time zone 'Europe/London' as s, ($2::date + 1)::timestamp at time zone 'Europe/London' as e) b`;

async function one(db: Database, sql: string, extra: unknown[] = []): Promise<number> {
  const rows = await db.query<{ n: number | string | null }>(sql, [year.from, year.to, ...extra]);
  return Number(rows[0]?.n ?? 0);
}

const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

describe.each(backends)('the measures of a year on %s', (backend) => {
  const y = useYear(backend, 700);
  let report: ComplaintsReport;
  const get = async () => (report ??= await buildReport({ db: y.db, period: year, homes: 18_500, pack }));

  it('has the contract shape and the period in London days', async () => {
    const r = await get();
    expect(r.period).toEqual({ from: '2026-04-01', to: '2027-03-31', timeZone: 'Europe/London' });
    expect(r.homes).toBe(18_500);
    expect(Object.keys(r.ch01).sort()).toEqual(
      ['stage1PerThousandHomes', 'stage1Received', 'stage2PerThousandHomes', 'stage2Received'].sort(),
    );
    for (const key of [
      'stage1Responded',
      'stage1WithinTimescale',
      'stage1Percent',
      'stage2Responded',
      'stage2WithinTimescale',
      'stage2Percent',
    ])
      expect(r.ch02).toHaveProperty(key);
    // The generator puts a case 30 minutes either side of each boundary: 00:30 BST on 1 April is in.
    expect(year.start.toISOString()).toBe('2026-03-31T23:00:00.000Z');
    // British Summer Time has begun by 1 April 2027 (28 March), so the day ends at 23:00 UTC.
    expect(year.end.toISOString()).toBe('2027-03-31T23:00:00.000Z');
  });

  it('CH01: stage 1 and stage 2 complaints received, per 1,000 homes', async () => {
    const r = await get();
    const stage1 = await one(
      y.db,
      `select count(*) as n from cases c cross join ${bounds}
       left join lateral (select (x.data->>'stage1ReceivedAt')::timestamptz as t from case_events x
                          where x.case_id = c.id and x.type = 'became_stage1' order by x.at desc limit 1) conv on true
       where c.kind = 'formal_complaint' and c.id in (select case_id from case_clocks where name = 'stage1_ack')
         and coalesce(conv.t, c.received_at) >= b.s and coalesce(conv.t, c.received_at) < b.e`,
    );
    const stage2 = await one(
      y.db,
      `select count(*) as n from (
         select case_id, min(coalesce((data->>'requestedAt')::timestamptz, at)) as t from case_events
         where type = 'stage2_requested' group by case_id) r
       join cases c on c.id = r.case_id and c.kind = 'formal_complaint' cross join ${bounds}
       where r.t >= b.s and r.t < b.e`,
    );
    expect(stage1).toBeGreaterThan(100);
    expect(stage2).toBeGreaterThan(10);
    expect(r.ch01).toEqual({
      stage1Received: stage1,
      stage2Received: stage2,
      stage1PerThousandHomes: Math.round((stage1 * 100_000) / 18_500) / 100,
      stage2PerThousandHomes: Math.round((stage2 * 100_000) / 18_500) / 100,
    });
  });

  it('CH02: responses within the timescale, extensions within the cap counting and beyond it not', async () => {
    const r = await get();
    for (const [stage, cap] of [
      ['stage1', 10],
      ['stage2', 20],
    ] as const) {
      const where = `from case_clocks k cross join ${bounds}
        where k.name = '${stage}_response' and k.met_at is not null and k.status not in ('cancelled', 'running')
          and k.met_at >= b.s and k.met_at < b.e`;
      const responded = await one(y.db, `select count(*) as n ${where}`);
      const within = await one(
        y.db,
        `select count(*) as n ${where} and k.met_at <= k.due_at and (k.met_at <= k.original_due_at or k.extended_working_days <= $3)`,
        [cap],
      );
      const extended = await one(y.db, `select count(*) as n ${where} and k.extended_working_days > 0`);
      const beyond = await one(y.db, `select count(*) as n ${where} and k.extended_working_days > $3`, [cap]);
      expect(beyond).toBeGreaterThan(0);
      expect(extended).toBeGreaterThan(beyond);
      expect(r.ch02[`${stage}Responded`]).toBe(responded);
      expect(r.ch02[`${stage}WithinTimescale`]).toBe(within);
      expect(r.ch02[`${stage}Percent`]).toBe(pct(within, responded));
      expect(r.ch02[`${stage}Extended`]).toBe(extended);
      expect(r.ch02[`${stage}ExtendedBeyondCap`]).toBe(beyond);
      // Some answers came inside an extension beyond the cap: in time by their date, not by the Code.
      const lateByCode = await one(
        y.db,
        `select count(*) as n ${where} and k.met_at <= k.due_at and k.met_at > k.original_due_at and k.extended_working_days > $3`,
        [cap],
      );
      if (stage === 'stage1') expect(lateByCode).toBeGreaterThan(0);
    }
  });

  it('every clock by kind: concluded, met on time, late and missed; acknowledgements; first-time fixes', async () => {
    const r = await get();
    const names = (await y.db.query<{ name: string }>('select distinct name from case_clocks order by name')).map(
      (x) => x.name,
    );
    expect(names.length).toBe(9);
    for (const name of names) {
      const where = `from case_clocks k cross join ${bounds} where k.name = $3 and (
        (k.met_at is not null and k.met_at >= b.s and k.met_at < b.e and k.status <> 'cancelled') or
        (k.met_at is null and k.status = 'breached' and k.breached_at >= b.s and k.breached_at < b.e))`;
      const concluded = await one(y.db, `select count(*) as n ${where}`, [name]);
      const onTime = await one(y.db, `select count(*) as n ${where} and k.met_at <= k.due_at`, [name]);
      const late = await one(y.db, `select count(*) as n ${where} and k.met_at > k.due_at`, [name]);
      const measure = r.serviceStandards.find((s) => s.clock === name);
      expect({ name, concluded, onTime, late, missed: concluded - onTime - late }).toEqual({
        name,
        concluded: measure?.concluded ?? 0,
        onTime: measure?.metOnTime ?? 0,
        late: measure?.metLate ?? 0,
        missed: measure?.missed ?? 0,
      });
      expect(measure?.percentOnTime ?? null).toBe(pct(onTime, concluded));
      if (name === 'stage1_ack')
        expect(r.acknowledgements.stage1).toEqual({ concluded, onTime, percent: pct(onTime, concluded) });
      if (name === 'stage2_ack')
        expect(r.acknowledgements.stage2).toEqual({ concluded, onTime, percent: pct(onTime, concluded) });
      if (name.startsWith('awaab') || name === 'emergency_make_safe')
        expect(r.awaabsLaw.find((a) => a.clock === name)?.concluded).toBe(concluded);
    }
    const ftfWhere = `from case_clocks k cross join ${bounds}
      left join (select case_id, min(at) as at from case_events where type = 'became_stage1' group by case_id) conv on conv.case_id = k.case_id
      where k.name = 'ftf_resolve' and (
        (k.status in ('met', 'breached') and coalesce(k.met_at, k.breached_at) >= b.s and coalesce(k.met_at, k.breached_at) < b.e) or
        (k.status = 'cancelled' and conv.at >= b.s and conv.at < b.e))`;
    const ftf = await one(y.db, `select count(*) as n ${ftfWhere}`);
    const fixed = await one(y.db, `select count(*) as n ${ftfWhere} and k.met_at <= k.due_at`);
    expect(r.firstTimeResolution).toEqual({ concluded: ftf, putRightInTime: fixed, percent: pct(fixed, ftf) });
  });

  it('channel mix, online and offline', async () => {
    const r = await get();
    const rows = await y.db.query<{ channel_id: string; n: number | string }>(
      `select channel_id, count(*) as n from cases, ${bounds} where received_at between b.s and b.e - interval '1 microsecond' group by 1`,
      [year.from, year.to],
    );
    const total = rows.reduce((n, x) => n + Number(x.n), 0);
    for (const row of rows) {
      const c = r.channelMix.channels.find((x) => x.channelId === row.channel_id);
      expect(c?.cases).toBe(Number(row.n));
      expect(c?.casesPercent).toBe(pct(Number(row.n), total));
      const messages = await one(
        y.db,
        `select count(*) as n from messages m, ${bounds} where m.direction = 'inbound' and m.channel_id = $3 and m.created_at >= b.s and m.created_at < b.e`,
        [row.channel_id],
      );
      expect(c?.inboundMessages).toBe(messages);
    }
    const offline = rows.filter((x) => x.channel_id === 'sms').reduce((n, x) => n + Number(x.n), 0);
    expect(r.channelMix.offline.cases).toBe(offline);
    expect(r.channelMix.online.cases).toBe(total - offline);
  });

  it('outcomes, remedies and compensation, refusals and their reasons', async () => {
    const r = await get();
    const outcome = async (name: string, expression: string, value: string) =>
      one(
        y.db,
        `select count(*) as n from case_clocks k join cases c on c.id = k.case_id cross join ${bounds}
         left join lateral (select data from case_events where case_id = c.id and type = 'stage2_requested' order by id limit 1) s2 on true
         where k.name = $3 and k.status in ('met', 'breached') and k.met_at >= b.s and k.met_at < b.e and ${expression} = $4`,
        [name, value],
      );
    for (const value of ['upheld', 'partly_upheld', 'not_upheld']) {
      expect(r.outcomes.stage1[value]).toBe(
        await outcome(
          'stage1_response',
          `coalesce(s2.data->'stage1Resolution'->>'outcome', c.resolution->>'outcome')`,
          value,
        ),
      );
      expect(r.outcomes.stage2[value]).toBe(await outcome('stage2_response', `c.resolution->>'outcome'`, value));
    }
    for (const kind of ['apology', 'compensation']) {
      const recorded = await one(
        y.db,
        `select count(*) as n from case_remedies, ${bounds} where kind = $3 and recorded_at >= b.s and recorded_at < b.e`,
        [kind],
      );
      const paidPence = await one(
        y.db,
        `select sum(amount_pence) as n from case_remedies, ${bounds} where kind = $3 and paid_at >= b.s and paid_at < b.e`,
        [kind],
      );
      const k = r.remedies.byKind.find((x) => x.kind === kind);
      expect(k?.recorded).toBe(recorded);
      expect(k?.paidPence).toBe(paidPence);
      if (kind === 'compensation') expect(r.remedies.compensationPaidPence).toBe(paidPence);
    }
    expect(r.remedies.compensationPaidPence).toBeGreaterThan(0);
    for (const reason of pack.complaints.refusalReasons) {
      const n = await one(
        y.db,
        `select count(*) as n from cases, ${bounds} where status = 'refused' and refusal_reason = $3 and closed_at >= b.s and closed_at < b.e`,
        [reason.id],
      );
      expect(r.refusals.byReason.find((x) => x.reason === reason.id)?.count ?? 0).toBe(n);
    }
    expect(r.refusals.total).toBeGreaterThan(0);
  });

  it('themes: categories and flags by London month', async () => {
    const r = await get();
    const rows = await y.db.query<{ m: string; category: string; n: number | string }>(
      `select to_char(timezone('Europe/London', received_at), 'YYYY-MM') as m, category, count(*) as n
       from cases, ${bounds} where received_at >= b.s and received_at < b.e group by 1, 2`,
      [year.from, year.to],
    );
    expect(r.themes.months).toHaveLength(12);
    for (const row of rows)
      expect(r.themes.categories.find((c) => c.value === row.category)?.byMonth[row.m]).toBe(Number(row.n));
    const damp = await one(
      y.db,
      `select count(*) as n from cases, ${bounds} where 'damp_mould' = any(flags) and received_at >= b.s and received_at < b.e`,
    );
    expect(r.themes.flags.find((f) => f.value === 'damp_mould')?.total).toBe(damp);
  });

  it('satisfaction and stage 2 independence', async () => {
    const r = await get();
    const sent = await one(
      y.db,
      `select count(*) as n from survey_responses, ${bounds} where sent_at >= b.s and sent_at < b.e`,
    );
    const answered = `from survey_responses, ${bounds} where satisfaction is not null and answered_at >= b.s and answered_at < b.e`;
    const n = await one(y.db, `select count(*) as n ${answered}`);
    const average = await one(y.db, `select round(avg(satisfaction), 2) as n ${answered}`);
    const fair = await one(y.db, `select count(*) as n ${answered} and handled_fairly`);
    expect(r.satisfaction.sent).toBe(sent);
    expect(r.satisfaction.answered).toBe(n);
    expect(r.satisfaction.averageScore).toBe(average);
    expect(r.satisfaction.handledFairlyYes).toBe(fair);
    for (let score = 1; score <= 5; score++)
      expect(r.satisfaction.distribution[score - 1]).toBe(
        await one(y.db, `select count(*) as n ${answered} and satisfaction = $3`, [score]),
      );
    const independent = await one(
      y.db,
      `select count(*) as n from cases c join case_clocks k on k.case_id = c.id and k.name = 'stage2_response', ${bounds}
       where k.met_at >= b.s and k.met_at < b.e and k.status <> 'cancelled' and c.stage1_handler is distinct from c.stage2_handler
         and c.stage2_handler is not null and c.stage1_handler is not null`,
    );
    expect(r.stage2Independence.independent).toBe(independent);
    expect(r.selfAssessment.find((a) => a.provision === '6.2')?.evidence).toBe(
      `${r.acknowledgements.stage1.onTime.toLocaleString('en-GB')} of ${r.acknowledgements.stage1.concluded.toLocaleString('en-GB')} stage 1 complaints acknowledged within 5 working days.`,
    );
  });
});
