import type { Queryable } from '../db/database.js';
import { caseRows, clockRows, remedyRows, surveyRows, type ReportRow } from '../db/report-rows.js';
import type { PolicyPack } from '../policy/index.js';
import { buildReport } from './measures.js';
import type { ReportPeriod } from './period.js';
import { reportHtml } from './report-html.js';
import { reportPdf } from './report-pdf.js';

export type ReportFormat = 'json' | 'html' | 'pdf' | 'csv';
export type CsvTable = 'cases' | 'clocks' | 'remedies' | 'surveys';

export interface RenderReportInput {
  db: Queryable;
  period: ReportPeriod;
  homes: number;
  pack: PolicyPack;
  format: ReportFormat;
  /** csv only. @defaultValue clocks */
  table?: CsvTable;
  landlordName: string;
  generatedAt?: Date;
  /** How to name each channel id (the composition root's words). @defaultValue the id */
  channelLabels?: Readonly<Record<string, string>>;
}

/** The report in one format: JSON text, an HTML page, a PDF, or the CSV rows of one table. */
export async function renderReport(input: RenderReportInput): Promise<string | Buffer> {
  const { db, period, pack } = input;
  if (input.format === 'csv') return toCsv(await csvRows(db, period, pack, input.table ?? 'clocks'));
  const report = await buildReport({
    db,
    period,
    homes: input.homes,
    pack,
    ...(input.generatedAt ? { generatedAt: input.generatedAt } : {}),
    ...(input.channelLabels ? { channelLabels: input.channelLabels } : {}),
  });
  if (input.format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (input.format === 'html') return reportHtml(report, { landlordName: input.landlordName });
  return reportPdf(report, { landlordName: input.landlordName });
}

export function csvRows(db: Queryable, period: ReportPeriod, pack: PolicyPack, table: CsvTable): Promise<ReportRow[]> {
  const caps = {
    stage1: pack.complaints.stage1.extensionCap.workingDays,
    stage2: pack.complaints.stage2.extensionCap.workingDays,
  };
  if (table === 'clocks') return clockRows(db, period, caps);
  if (table === 'cases') return caseRows(db, period);
  if (table === 'remedies') return remedyRows(db, period);
  return surveyRows(db, period);
}

/** RFC 4180: quoted where needed, CRLF line ends; a leading =, +, - or @ is defused for spreadsheets. */
export function toCsv(rows: readonly ReportRow[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]!);
  const cell = (v: ReportRow[string]): string => {
    if (v === null || v === undefined) return '';
    let text = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return (
    [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c] ?? null)).join(','))].join('\r\n') + '\r\n'
  );
}
