import type { Queryable } from '../db/database.js';
import type { PolicyPack } from '../policy/index.js';
import { buildReport } from './measures.js';
import type { ReportPeriod } from './period.js';
import { num, pct } from './wording.js';

/**
 * The headline figures for staff (Slack's `/report` and the monthly summary): a title and a
 * few plain lines, with a link to the whole report. No personal details.
 */
export interface ReportHeadline {
  title: string;
  lines: string[];
  link: string;
}

export async function reportHeadline(input: {
  db: Queryable;
  pack: PolicyPack;
  period: ReportPeriod;
  homes: number;
  title: string;
  link: string;
}): Promise<ReportHeadline> {
  const r = await buildReport({ db: input.db, period: input.period, homes: input.homes, pack: input.pack });
  const s = r.satisfaction;
  const lines = [
    `Complaints received: ${num(r.ch01.stage1Received)} at stage 1 (${r.ch01.stage1PerThousandHomes.toFixed(2)} per 1,000 homes), ${num(r.ch01.stage2Received)} at stage 2 (${r.ch01.stage2PerThousandHomes.toFixed(2)}).`,
    `Responded to within the Code's timescales: stage 1 ${pct(r.ch02.stage1Percent)} (${num(r.ch02.stage1WithinTimescale)} of ${num(r.ch02.stage1Responded)}), stage 2 ${pct(r.ch02.stage2Percent)} (${num(r.ch02.stage2WithinTimescale)} of ${num(r.ch02.stage2Responded)}).`,
    `Acknowledged on time: stage 1 ${pct(r.acknowledgements.stage1.percent)}, stage 2 ${pct(r.acknowledgements.stage2.percent)}.`,
    `First-time fixes put right in time: ${pct(r.firstTimeResolution.percent)} (${num(r.firstTimeResolution.putRightInTime)} of ${num(r.firstTimeResolution.concluded)}).`,
    `Refused: ${num(r.refusals.total)}. Compensation paid: £${(r.remedies.compensationPaidPence / 100).toFixed(2)}.`,
    `Satisfaction: ${s.answered === 0 ? 'no answers yet' : `${s.averageScore?.toFixed(2)} out of 5 from ${num(s.answered)} answers, ${pct(s.handledFairlyPercent)} said handled fairly`}.`,
  ];
  const growing = r.themes.categories.filter((c) => c.change > 0).slice(0, 3);
  if (growing.length > 0)
    lines.push(`Growing: ${growing.map((c) => `${c.value.replace(/_/g, ' ')} (+${c.change})`).join(', ')}.`);
  return { title: input.title, lines, link: input.link };
}
