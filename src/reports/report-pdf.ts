import type { Block } from '../documents/blocks.js';
import { renderPdf } from '../documents/render-pdf.js';
import type { ClockMeasure, ComplaintsReport } from './measures.js';
import { num, outcomeLabels, pct, pounds, qualitativeSections, reportTitle } from './wording.js';

/**
 * The annual report as a tagged PDF with real, extractable text, through the same renderer
 * as the customers' letters (src/documents/render-pdf.ts): headings, paragraphs and
 * label-value rows. Charts are in the HTML; here each is its numbers.
 */
export async function reportPdf(r: ComplaintsReport, options: { landlordName: string }): Promise<Buffer> {
  const blocks: Block[] = [];
  const heading = (text: string) => blocks.push({ type: 'heading', text });
  const para = (text: string) => blocks.push({ type: 'paragraph', text });
  const facts = (rows: [string, string][]) =>
    blocks.push({ type: 'facts', rows: rows.map(([label, value]) => ({ label, value })) });
  const clocks = (list: readonly ClockMeasure[]) =>
    list.length === 0
      ? para('None concluded in the period.')
      : facts(
          list.map((c) => [
            c.label,
            `${num(c.metOnTime)} of ${num(c.concluded)} on time (${pct(c.percentOnTime)}); ${num(c.metLate)} late, ${num(c.missed)} missed`,
          ]),
        );

  para(`Period: ${r.period.from} to ${r.period.to} (UK time). Homes owned: ${num(r.homes)}. Policy: ${r.policyPack}.`);
  heading('Tenant Satisfaction Measures');
  facts([
    [
      'CH01 stage 1',
      `${num(r.ch01.stage1Received)} complaints, ${r.ch01.stage1PerThousandHomes.toFixed(2)} per 1,000 homes`,
    ],
    [
      'CH01 stage 2',
      `${num(r.ch01.stage2Received)} complaints, ${r.ch01.stage2PerThousandHomes.toFixed(2)} per 1,000 homes`,
    ],
    [
      'CH02 stage 1',
      `${num(r.ch02.stage1WithinTimescale)} of ${num(r.ch02.stage1Responded)} responded to within the timescale (${pct(r.ch02.stage1Percent)})`,
    ],
    [
      'CH02 stage 2',
      `${num(r.ch02.stage2WithinTimescale)} of ${num(r.ch02.stage2Responded)} responded to within the timescale (${pct(r.ch02.stage2Percent)})`,
    ],
  ]);
  heading('Service standards met');
  clocks(r.serviceStandards);
  heading('First-time resolution');
  para(
    `${num(r.firstTimeResolution.putRightInTime)} of ${num(r.firstTimeResolution.concluded)} first-time fixes put right in time (${pct(r.firstTimeResolution.percent)}).`,
  );
  heading('How customers contacted us');
  facts([
    ...r.channelMix.channels.map((c): [string, string] => [
      c.label,
      `${num(c.cases)} contacts (${pct(c.casesPercent)}), ${num(c.inboundMessages)} messages`,
    ]),
    ['Online', `${pct(r.channelMix.online.casesPercent)} of contacts`],
    ['Offline', `${pct(r.channelMix.offline.casesPercent)} of contacts`],
  ]);
  heading('Outcomes');
  facts(
    (['stage1', 'stage2'] as const).map((stage) => [
      stage === 'stage1' ? 'Stage 1' : 'Stage 2',
      Object.entries(outcomeLabels)
        .map(([k, label]) => `${label} ${num(r.outcomes[stage][k] ?? 0)}`)
        .join(', '),
    ]),
  );
  heading('Remedies and compensation');
  if (r.remedies.byKind.length === 0) para('None in the period.');
  else
    facts(
      r.remedies.byKind.map((k) => [
        k.kind,
        `${num(k.recorded)} recorded (${pounds(k.recordedPence)}), ${num(k.paid)} paid (${pounds(k.paidPence)})`,
      ]),
    );
  heading('Complaints refused, and why');
  if (r.refusals.byReason.length === 0) para('None in the period.');
  else facts(r.refusals.byReason.map((x) => [x.description, num(x.count)]));
  heading("Awaab's Law and emergencies");
  clocks(r.awaabsLaw);
  heading('Themes');
  para('Contacts received in the period by category; the change is the later half of the period against the earlier.');
  facts(
    r.themes.categories.map((s) => [
      s.value.replace(/_/g, ' '),
      `${num(s.total)} (change ${s.change >= 0 ? '+' : ''}${s.change})`,
    ]),
  );
  heading('Satisfaction of complainants');
  const s = r.satisfaction;
  para(
    `${num(s.answered)} of ${num(s.sent)} surveys answered. Average ${s.averageScore === null ? 'n/a' : s.averageScore.toFixed(2)} out of 5; ${pct(s.satisfiedPercent)} satisfied; ${pct(s.handledFairlyPercent)} said it was handled fairly.`,
  );
  for (const q of qualitativeSections) {
    heading(q.heading);
    para(q.prompt);
  }
  heading('Self-assessment against the Complaint Handling Code (draft, to confirm)');
  for (const a of r.selfAssessment) {
    facts([
      ['Provision', a.provision],
      ['Requires', a.requirement],
      ['How', a.howEnforced],
      ['Evidence', a.evidence],
    ]);
  }
  return renderPdf(
    { lang: 'en-GB', dir: 'ltr', title: reportTitle(r, options.landlordName), from: options.landlordName, blocks },
    { format: 'standard', author: options.landlordName, createdAt: new Date(r.generatedAt) },
  );
}
