import type { Queryable } from '../db/database.js';
import {
  channelMix,
  clockTallies,
  complaintsReceived,
  firstTimeFixes,
  outcomes,
  refusals,
  remedies,
  stage2Handlers,
  surveyCounts,
  themes,
  type ClockTally,
  type ThemeCount,
} from '../db/report-measures.js';
import type { PolicyPack } from '../policy/index.js';
import type { ReportPeriod } from './period.js';
import type { ClockMeasure, ComplaintsReport, ThemeSeries } from './report-types.js';
import { selfAssessment } from './self-assessment.js';

export type { ClockMeasure, ComplaintsReport, ThemeSeries } from './report-types.js';

/**
 * The landlord's complaint measures for a period (docs/rules/reporting.md): the Regulator's
 * TSMs CH01 and CH02, seed 000's own measures, satisfaction, and the evidence for the
 * Code's self-assessment. Counts come from src/db/report-measures.ts; this file only
 * combines them, so each figure has one definition.
 */

/** A percentage to one decimal place; null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** Per 1,000 homes, to two decimal places (TSM CH01). */
export function perThousand(count: number, homes: number): number {
  return Math.round((count / homes) * 1000 * 100) / 100;
}

/**
 * A text message (SMS), a call, a letter or a visit is offline; web chat, social media, WhatsApp
 * and email are online (seed 000's "on-line and off-line"; docs/rules/reporting.md#channel-mix).
 */
const offlineChannels = new Set(['sms', 'phone', 'letter', 'visit']);
const isOnline = (channelId: string) => !offlineChannels.has(channelId);

export const clockLabels: Readonly<Record<string, string>> = {
  ftf_resolve: 'First-time fix put right',
  stage1_ack: 'Stage 1 acknowledged',
  stage1_response: 'Stage 1 response',
  stage2_ack: 'Stage 2 acknowledged',
  stage2_response: 'Stage 2 response',
  emergency_make_safe: 'Emergency made safe',
  awaab_investigation: "Awaab's Law: investigation",
  awaab_summary: "Awaab's Law: written summary",
  awaab_safety_work: "Awaab's Law: safety work started",
};
const awaabClocks = ['emergency_make_safe', 'awaab_investigation', 'awaab_summary', 'awaab_safety_work'];

export interface ReportInput {
  db: Queryable;
  period: ReportPeriod;
  homes: number;
  pack: PolicyPack;
  /** @defaultValue now */
  generatedAt?: Date;
  /** How the report names each channel id, from the composition root (the core names no provider). @defaultValue the id */
  channelLabels?: Readonly<Record<string, string>>;
}

export async function buildReport({
  db,
  period,
  homes,
  pack,
  generatedAt,
  channelLabels,
}: ReportInput): Promise<ComplaintsReport> {
  if (!Number.isInteger(homes) || homes <= 0) throw new RangeError('homes must be a positive whole number');
  const caps = {
    stage1: pack.complaints.stage1.extensionCap.workingDays,
    stage2: pack.complaints.stage2.extensionCap.workingDays,
  };
  const [received, tallies, ftf, channels, outcomeRows, remedyRows, refusalRows, themeRows, surveys, handlers] =
    await Promise.all([
      complaintsReceived(db, period),
      clockTallies(db, period, caps),
      firstTimeFixes(db, period),
      channelMix(db, period),
      outcomes(db, period),
      remedies(db, period),
      refusals(db, period),
      themes(db, period),
      surveyCounts(db, period),
      stage2Handlers(db, period),
    ]);
  const clocks = clockMeasures(tallies);
  const clock = (name: string) => clocks.find((c) => c.clock === name);
  const responses = (name: string) => {
    const rows = tallies.filter((t) => t.name === name);
    const sum = (f: (t: ClockTally) => number) => rows.reduce((n, t) => n + f(t), 0);
    return {
      responded: sum((t) => t.metOnTime + t.metLate),
      within: sum((t) => t.withinTimescale),
      extended: sum((t) => t.extended),
      beyondCap: sum((t) => t.extendedBeyondCap),
    };
  };
  const s1 = responses('stage1_response');
  const s2 = responses('stage2_response');
  const ack = (name: string) => {
    const c = clock(name);
    return { concluded: c?.concluded ?? 0, onTime: c?.metOnTime ?? 0, percent: c?.percentOnTime ?? null };
  };
  const totalCases = channels.reduce((n, c) => n + c.cases, 0);
  const totalMessages = channels.reduce((n, c) => n + c.inboundMessages, 0);
  const side = (online: boolean) => {
    const rows = channels.filter((c) => isOnline(c.channelId) === online);
    const cases = rows.reduce((n, c) => n + c.cases, 0);
    const inboundMessages = rows.reduce((n, c) => n + c.inboundMessages, 0);
    return {
      cases,
      casesPercent: percent(cases, totalCases),
      inboundMessages,
      inboundMessagesPercent: percent(inboundMessages, totalMessages),
    };
  };
  const outcomeOf = (stage: 'stage1' | 'stage2') => {
    const counts: Record<string, number> = { upheld: 0, partly_upheld: 0, not_upheld: 0 };
    for (const r of outcomeRows.filter((o) => o.stage === stage))
      counts[r.outcome] = (counts[r.outcome] ?? 0) + r.count;
    return counts;
  };
  const answered = surveys.answered;
  const scoreSum = surveys.satisfaction.reduce((n, count, i) => n + count * (i + 1), 0);
  const report: Omit<ComplaintsReport, 'selfAssessment'> = {
    period: { from: period.from, to: period.to, timeZone: 'Europe/London' },
    homes,
    policyPack: pack.id,
    generatedAt: (generatedAt ?? new Date()).toISOString(),
    ch01: {
      stage1Received: received.stage1,
      stage2Received: received.stage2,
      stage1PerThousandHomes: perThousand(received.stage1, homes),
      stage2PerThousandHomes: perThousand(received.stage2, homes),
    },
    ch02: {
      stage1Responded: s1.responded,
      stage1WithinTimescale: s1.within,
      stage1Percent: percent(s1.within, s1.responded),
      stage2Responded: s2.responded,
      stage2WithinTimescale: s2.within,
      stage2Percent: percent(s2.within, s2.responded),
      stage1Extended: s1.extended,
      stage1ExtendedBeyondCap: s1.beyondCap,
      stage2Extended: s2.extended,
      stage2ExtendedBeyondCap: s2.beyondCap,
      extensionCapWorkingDays: caps,
    },
    acknowledgements: { stage1: ack('stage1_ack'), stage2: ack('stage2_ack') },
    firstTimeResolution: { ...ftf, percent: percent(ftf.putRightInTime, ftf.concluded) },
    channelMix: {
      channels: channels.map((c) => ({
        channelId: c.channelId,
        label: channelLabels?.[c.channelId] ?? c.channelId,
        online: isOnline(c.channelId),
        cases: c.cases,
        casesPercent: percent(c.cases, totalCases),
        inboundMessages: c.inboundMessages,
        inboundMessagesPercent: percent(c.inboundMessages, totalMessages),
      })),
      online: side(true),
      offline: side(false),
    },
    serviceStandards: clocks,
    awaabsLaw: clocks.filter((c) => awaabClocks.includes(c.clock)),
    outcomes: {
      stage1: outcomeOf('stage1'),
      stage2: outcomeOf('stage2'),
      stage1Total: outcomeRows.filter((o) => o.stage === 'stage1').reduce((n, o) => n + o.count, 0),
      stage2Total: outcomeRows.filter((o) => o.stage === 'stage2').reduce((n, o) => n + o.count, 0),
    },
    remedies: {
      byKind: remedyRows,
      recorded: remedyRows.reduce((n, r) => n + r.recorded, 0),
      recordedPence: remedyRows.reduce((n, r) => n + r.recordedPence, 0),
      paid: remedyRows.reduce((n, r) => n + r.paid, 0),
      paidPence: remedyRows.reduce((n, r) => n + r.paidPence, 0),
      compensationPaidPence: remedyRows.find((r) => r.kind === 'compensation')?.paidPence ?? 0,
    },
    refusals: {
      total: refusalRows.reduce((n, r) => n + r.count, 0),
      byReason: refusalRows.map((r) => ({
        ...r,
        description:
          pack.complaints.refusalReasons.find((p) => p.id === r.reason)?.description ??
          (r.reason === 'not_recorded' ? 'No reason recorded' : r.reason),
      })),
    },
    themes: themeSeries(themeRows, period),
    satisfaction: {
      sent: surveys.sent,
      answered,
      responseRatePercent: percent(answered, surveys.sent),
      averageScore: answered === 0 ? null : Math.round((scoreSum / answered) * 100) / 100,
      distribution: surveys.satisfaction,
      satisfiedPercent: percent((surveys.satisfaction[3] ?? 0) + (surveys.satisfaction[4] ?? 0), answered),
      handledFairlyYes: surveys.fairYes,
      handledFairlyNo: surveys.fairNo,
      handledFairlyPercent: percent(surveys.fairYes, surveys.fairYes + surveys.fairNo),
      comments: surveys.comments,
    },
    stage2Independence: handlers,
  };
  return { ...report, selfAssessment: selfAssessment(report, pack) };
}

function clockMeasures(tallies: ClockTally[]): ClockMeasure[] {
  const names = [...new Set(tallies.map((t) => t.name))].sort(
    (a, b) => Object.keys(clockLabels).indexOf(a) - Object.keys(clockLabels).indexOf(b),
  );
  return names.map((name) => {
    const rows = tallies.filter((t) => t.name === name);
    const sum = (f: (t: ClockTally) => number) => rows.reduce((n, t) => n + f(t), 0);
    const concluded = sum((t) => t.concluded);
    const metOnTime = sum((t) => t.metOnTime);
    return {
      clock: name,
      label: clockLabels[name] ?? name,
      concluded,
      metOnTime,
      metLate: sum((t) => t.metLate),
      missed: sum((t) => t.missed),
      percentOnTime: percent(metOnTime, concluded),
      extended: sum((t) => t.extended),
      extendedBeyondCap: sum((t) => t.extendedBeyondCap),
      byChannel: rows.map((t) => ({
        channelId: t.channelId,
        concluded: t.concluded,
        metOnTime: t.metOnTime,
        percentOnTime: percent(t.metOnTime, t.concluded),
      })),
    };
  });
}

/** Every London month of the period, in order. */
export function monthsOf(period: ReportPeriod): string[] {
  const months: string[] = [];
  let [year, month] = period.from.split('-').map(Number) as [number, number];
  const last = period.to.slice(0, 7);
  for (;;) {
    const m = `${year}-${String(month).padStart(2, '0')}`;
    months.push(m);
    if (m >= last) return months;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

function themeSeries(rows: ThemeCount[], period: ReportPeriod): ComplaintsReport['themes'] {
  const months = monthsOf(period);
  const half = Math.ceil(months.length / 2);
  const series = (dimension: 'category' | 'flag'): ThemeSeries[] => {
    const values = [...new Set(rows.filter((r) => r.dimension === dimension).map((r) => r.value))];
    return values
      .map((value) => {
        const byMonth: Record<string, number> = Object.fromEntries(months.map((m) => [m, 0]));
        for (const r of rows.filter((x) => x.dimension === dimension && x.value === value))
          byMonth[r.month] = (byMonth[r.month] ?? 0) + r.count;
        const counts = months.map((m) => byMonth[m] ?? 0);
        const firstHalf = counts.slice(0, half).reduce((a, b) => a + b, 0);
        const secondHalf = counts.slice(half).reduce((a, b) => a + b, 0);
        return { value, total: firstHalf + secondHalf, byMonth, firstHalf, secondHalf, change: secondHalf - firstHalf };
      })
      .sort((a, b) => b.total - a.total || a.value.localeCompare(b.value));
  };
  return { months, categories: series('category'), flags: series('flag') };
}
