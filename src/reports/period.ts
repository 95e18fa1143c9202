import { z } from 'zod';
import { addCalendarDays, IsoDateSchema, londonDateOf, startOfLondonDay, type IsoDate } from '../policy/london-time.js';
import type { Period } from '../db/report-measures.js';

/**
 * A reporting period: whole London calendar days, `from` and `to` both included. Its
 * instants run from 00:00 London time on `from` to 00:00 London time the day after `to`,
 * so a complaint made at 00:30 BST on 1 April is in April's figures though UTC says March.
 */
export interface ReportPeriod extends Period {
  from: IsoDate;
  to: IsoDate;
}

export const PeriodInputSchema = z
  .object({ from: IsoDateSchema, to: IsoDateSchema })
  .refine((p) => p.from <= p.to, { message: '--from must not be after --to', path: ['to'] });

export function reportPeriod(from: IsoDate, to: IsoDate): ReportPeriod {
  const parsed = PeriodInputSchema.parse({ from, to });
  return {
    from: parsed.from,
    to: parsed.to,
    start: startOfLondonDay(parsed.from),
    end: startOfLondonDay(addCalendarDays(parsed.to, 1)),
  };
}

/** The quarter of the year (January to March, April to June…) that `at` falls in, in London. */
export function quarterOf(at: Date): ReportPeriod {
  const [year, month] = londonDateOf(at).split('-').map(Number) as [number, number];
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  const from = `${year}-${String(first).padStart(2, '0')}-01`;
  const nextQuarter = first + 3 > 12 ? `${year + 1}-01-01` : `${year}-${String(first + 3).padStart(2, '0')}-01`;
  return reportPeriod(from, addCalendarDays(nextQuarter, -1));
}

/** The calendar month before the one `at` falls in, in London. */
export function previousMonthOf(at: Date): ReportPeriod {
  const [year, month] = londonDateOf(at).split('-').map(Number) as [number, number];
  const firstOfThis = `${year}-${String(month).padStart(2, '0')}-01`;
  const lastOfPrevious = addCalendarDays(firstOfThis, -1);
  return reportPeriod(`${lastOfPrevious.slice(0, 7)}-01`, lastOfPrevious);
}

/** The landlord's financial year (1 April to 31 March) that `at` falls in. */
export function financialYearOf(at: Date): ReportPeriod {
  const [year, month] = londonDateOf(at).split('-').map(Number) as [number, number];
  const start = month >= 4 ? year : year - 1;
  return reportPeriod(`${start}-04-01`, `${start + 1}-03-31`);
}
