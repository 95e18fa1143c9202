import type { ComplaintsReport } from './measures.js';

/**
 * The report's own words, shared by the HTML and PDF. The report is the landlord's document
 * for its board, the regulator and the Ombudsman, in English; customers' words elsewhere
 * come from locales/.
 */

export function reportTitle(r: Pick<ComplaintsReport, 'period'>, landlordName: string): string {
  return `${landlordName}: complaints performance and service improvement report, ${r.period.from} to ${r.period.to}`;
}

export const outcomeLabels: Readonly<Record<string, string>> = {
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
  resolved: 'Resolved',
  not_recorded: 'Not recorded',
};

export function num(n: number): string {
  return n.toLocaleString('en-GB');
}

export function pct(n: number | null): string {
  return n === null ? 'n/a' : `${n.toFixed(1)}%`;
}

export function pounds(pence: number): string {
  return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** What the Code's section 8 asks for that the record cannot say (docs/rules/reporting.md#annual-complaints-report). */
export const qualitativeSections: readonly { heading: string; prompt: string }[] = [
  {
    heading: 'Summary of our performance',
    prompt: 'For the landlord to complete: what the figures show, what went well and what did not.',
  },
  {
    heading: 'Service improvements made from complaints',
    prompt:
      'For the landlord to complete: the changes made because of what complaints taught us, and the themes above that led to them.',
  },
  {
    heading: 'Complaints we refused to accept',
    prompt:
      'For the landlord to complete: a summary of the kinds of complaints refused (the figures are above), and whether discretion was used.',
  },
  {
    heading: 'Findings of the Housing Ombudsman',
    prompt:
      "For the landlord to complete: any findings of non-compliance with the Code, the Ombudsman's annual letter about our performance, and any other reports it published about us.",
  },
  {
    heading: "Our governing body's response",
    prompt:
      'For the landlord to complete: the response of the governing body (or its member responsible for complaints), published alongside this report.',
  },
];
