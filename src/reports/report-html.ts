import { barChart, escapeHtml as e } from './charts.js';
import type { ClockMeasure, ComplaintsReport } from './measures.js';
import { qualitativeSections, reportTitle, outcomeLabels, pounds, pct, num } from './wording.js';

/**
 * The annual complaints performance and service improvement report (Code section 8,
 * docs/rules/reporting.md#annual-complaints-report) as one self-contained, accessible HTML
 * page: landmarks, one h1, headings in order, tables with captions and header cells, charts as
 * inline SVG with text alternatives and the same numbers in a table beside them.
 */

export interface HtmlOptions {
  landlordName: string;
}

function table(caption: string, head: readonly string[], rows: readonly (readonly string[])[], id?: string): string {
  const body =
    rows.length === 0
      ? `<tr><td colspan="${head.length}">None in the period.</td></tr>`
      : rows
          .map(
            (r) =>
              `<tr>${r.map((cell, i) => (i === 0 ? `<th scope="row">${cell}</th>` : `<td>${cell}</td>`)).join('')}</tr>`,
          )
          .join('');
  return (
    `<div class="table-wrap"${id ? ` id="${id}"` : ''} role="region" aria-label="${e(caption)}" tabindex="0"><table><caption>${e(caption)}</caption>` +
    `<thead><tr>${head.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div>`
  );
}

function section(id: string, title: string, content: string): string {
  return `<section aria-labelledby="${id}"><h2 id="${id}">${e(title)}</h2>${content}</section>`;
}

function clockRows(clocks: readonly ClockMeasure[]): string[][] {
  return clocks.map((c) => [
    e(c.label),
    num(c.concluded),
    num(c.metOnTime),
    num(c.metLate),
    num(c.missed),
    pct(c.percentOnTime),
  ]);
}

const clockHead = ['Step', 'Concluded', 'Met on time', 'Met late', 'Missed', 'On time'];

export function reportHtml(r: ComplaintsReport, options: HtmlOptions): string {
  const title = reportTitle(r, options.landlordName);
  const sections: [string, string, string][] = [];
  const add = (id: string, heading: string, content: string) => sections.push([id, heading, content]);

  add(
    'tsm',
    'Tenant Satisfaction Measures (CH01 and CH02)',
    `<p>Measures the Regulator of Social Housing asks for, counted as its technical requirements describe. Homes owned: ${num(r.homes)}.</p>` +
      table(
        'CH01: complaints received per 1,000 homes',
        ['Stage', 'Complaints received', 'Per 1,000 homes'],
        [
          ['Stage 1', num(r.ch01.stage1Received), r.ch01.stage1PerThousandHomes.toFixed(2)],
          ['Stage 2', num(r.ch01.stage2Received), r.ch01.stage2PerThousandHomes.toFixed(2)],
        ],
      ) +
      table(
        "CH02: complaints responded to within the Code's timescales",
        ['Stage', 'Responded to', 'Within timescale', 'Percentage', 'Extended', 'Extended beyond the cap'],
        [
          [
            'Stage 1',
            num(r.ch02.stage1Responded),
            num(r.ch02.stage1WithinTimescale),
            pct(r.ch02.stage1Percent),
            num(r.ch02.stage1Extended),
            num(r.ch02.stage1ExtendedBeyondCap),
          ],
          [
            'Stage 2',
            num(r.ch02.stage2Responded),
            num(r.ch02.stage2WithinTimescale),
            pct(r.ch02.stage2Percent),
            num(r.ch02.stage2Extended),
            num(r.ch02.stage2ExtendedBeyondCap),
          ],
        ],
      ) +
      barChart(
        [
          {
            label: 'Stage 1',
            value: r.ch02.stage1Percent ?? 0,
            text: `${pct(r.ch02.stage1Percent)} (${num(r.ch02.stage1WithinTimescale)} of ${num(r.ch02.stage1Responded)})`,
          },
          {
            label: 'Stage 2',
            value: r.ch02.stage2Percent ?? 0,
            text: `${pct(r.ch02.stage2Percent)} (${num(r.ch02.stage2WithinTimescale)} of ${num(r.ch02.stage2Responded)})`,
          },
        ],
        {
          id: 'chart-ch02',
          title: "Complaints responded to within the Code's timescales, by stage",
          max: 100,
          unit: '%',
        },
      ) +
      `<p class="note">A response counts as within the timescale when it was given by its due date, and any extension was no longer than the Code allows (${r.ch02.extensionCapWorkingDays.stage1} working days at stage 1, ${r.ch02.extensionCapWorkingDays.stage2} at stage 2) or the response came by the original date.</p>`,
  );
  add(
    'standards',
    'Service standards met',
    table('Every step with a timescale, concluded in the period', clockHead, clockRows(r.serviceStandards)) +
      barChart(
        r.serviceStandards.map((c) => ({
          label: c.label,
          value: c.percentOnTime ?? 0,
          text: `${pct(c.percentOnTime)} (${num(c.metOnTime)} of ${num(c.concluded)})`,
        })),
        { id: 'chart-standards', title: 'Share of each step met on time', max: 100, unit: '%' },
      ) +
      byChannelTable(r),
  );
  add(
    'ftf',
    'First-time resolution',
    `<p>${num(r.firstTimeResolution.putRightInTime)} of ${num(r.firstTimeResolution.concluded)} first-time fixes concluded in the period were put right in time: ${pct(r.firstTimeResolution.percent)}. The rest were late, or became complaints.</p>`,
  );
  add(
    'channels',
    'How customers contacted us',
    table(
      'Contacts and messages by channel',
      ['Channel', 'Online', 'New contacts', 'Share of contacts', 'Messages from customers', 'Share of messages'],
      r.channelMix.channels.map((c) => [
        e(c.label),
        c.online ? 'Yes' : 'No',
        num(c.cases),
        pct(c.casesPercent),
        num(c.inboundMessages),
        pct(c.inboundMessagesPercent),
      ]),
    ) +
      `<p>Online: ${pct(r.channelMix.online.casesPercent)} of contacts (${num(r.channelMix.online.cases)}); offline: ${pct(r.channelMix.offline.casesPercent)} (${num(r.channelMix.offline.cases)}).</p>` +
      barChart(
        r.channelMix.channels.map((c) => ({
          label: c.label,
          value: c.casesPercent ?? 0,
          text: `${pct(c.casesPercent)} (${num(c.cases)})`,
        })),
        { id: 'chart-channels', title: 'Share of new contacts by channel', max: 100, unit: '%' },
      ),
  );
  const outcomeRow = (stage: 'stage1' | 'stage2', label: string) => [
    label,
    ...Object.keys(outcomeLabels).map((k) => num(r.outcomes[stage][k] ?? 0)),
    num(r.outcomes[`${stage}Total`]),
  ];
  add(
    'outcomes',
    'Outcomes',
    table(
      'Outcome of each response given in the period',
      ['Stage', ...Object.values(outcomeLabels), 'Total'],
      [outcomeRow('stage1', 'Stage 1'), outcomeRow('stage2', 'Stage 2')],
    ),
  );
  add(
    'remedies',
    'Remedies and compensation',
    table(
      'Remedies recorded, and payments made, in the period',
      ['Kind', 'Recorded', 'Amount recorded', 'Paid', 'Amount paid'],
      r.remedies.byKind.map((k) => [
        e(k.kind),
        num(k.recorded),
        pounds(k.recordedPence),
        num(k.paid),
        pounds(k.paidPence),
      ]),
    ) + `<p>Compensation paid in the period: ${pounds(r.remedies.compensationPaidPence)}.</p>`,
  );
  add(
    'refusals',
    'Complaints refused, and why',
    table(
      'Complaints refused in the period, by reason',
      ['Reason', 'Complaints'],
      r.refusals.byReason.map((x) => [e(x.description), num(x.count)]),
    ),
  );
  add(
    'awaab',
    "Awaab's Law and emergencies",
    table("Emergency and Awaab's Law steps concluded in the period", clockHead, clockRows(r.awaabsLaw)),
  );
  const monthHead = r.themes.months.map((m) => m);
  const themeRows = (series: ComplaintsReport['themes']['categories']) =>
    series.map((s) => [
      e(s.value.replace(/_/g, ' ')),
      ...r.themes.months.map((m) => num(s.byMonth[m] ?? 0)),
      num(s.total),
      signed(s.change),
    ]);
  add(
    'themes',
    'Themes: what complaints and contacts are about',
    `<p>Contacts received by month, by category and by flag. "Change" is the later half of the period against the earlier half: a positive number is a theme that is growing.</p>` +
      barChart(
        r.themes.categories.map((s) => ({
          label: s.value.replace(/_/g, ' '),
          value: s.total,
          text: `${num(s.total)} (${signed(s.change)})`,
        })),
        { id: 'chart-themes', title: 'Contacts by category in the period, with the change between its halves' },
      ) +
      table(
        'Contacts by category and month',
        ['Category', ...monthHead, 'Total', 'Change'],
        themeRows(r.themes.categories),
      ) +
      table('Contacts by flag and month', ['Flag', ...monthHead, 'Total', 'Change'], themeRows(r.themes.flags)),
  );
  const s = r.satisfaction;
  add(
    'satisfaction',
    'Satisfaction of complainants',
    `<p>${num(s.sent)} surveys sent when a complaint closed; ${num(s.answered)} answered (${pct(s.responseRatePercent)}). Average satisfaction ${s.averageScore === null ? 'not available' : `${s.averageScore.toFixed(2)} out of 5`}; ${pct(s.satisfiedPercent)} satisfied (4 or 5). ${num(s.handledFairlyYes)} said their complaint was handled fairly and ${num(s.handledFairlyNo)} that it was not (${pct(s.handledFairlyPercent)}).</p>` +
      barChart(
        s.distribution.map((n, i) => ({ label: `${i + 1} out of 5`, value: n, text: num(n) })),
        { id: 'chart-satisfaction', title: 'Answers to "how satisfied are you with how we handled your complaint?"' },
      ),
  );
  add(
    'qualitative',
    'Our complaint handling this year (for the landlord to complete)',
    qualitativeSections.map((q, i) => `<h3 id="q${i}">${e(q.heading)}</h3><p class="todo">${e(q.prompt)}</p>`).join(''),
  );
  add(
    'self-assessment',
    'Self-assessment against the Complaint Handling Code (draft)',
    '<p>Drafted from the record for the provisions the system enforces. Each row is for the landlord to confirm or correct before publication.</p>' +
      table(
        'Draft self-assessment',
        ['Provision', 'What the Code requires', 'How the system does it', "The year's evidence", 'Status'],
        r.selfAssessment.map((a) => [e(a.provision), e(a.requirement), e(a.howEnforced), e(a.evidence), 'To confirm']),
      ),
  );

  const toc = sections.map(([id, heading]) => `<li><a href="#${id}">${e(heading)}</a></li>`).join('');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;font-size:1.05rem;line-height:1.5;color:#1b1b1b;background:#fff;margin:0}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem 1.25rem}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#ffdd00;color:#000;padding:.5rem}
a{color:#1d4f91}a:focus{outline:3px solid #ffbf47;outline-offset:2px}
table{border-collapse:collapse;margin:1rem 0;min-width:100%}caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{border:1px solid #6f6f6f;padding:.35rem .5rem;text-align:left;vertical-align:top}thead th{background:#e8eef7}
.table-wrap{overflow-x:auto}.table-wrap:focus{outline:3px solid #ffbf47}
.chart{max-width:48rem;display:block;margin:1rem 0}.note{font-size:.95rem}
.todo{border-left:4px solid #8a3b12;padding-left:.75rem;font-style:italic}
@media print{.skip,nav{display:none}section{break-inside:avoid-page}}
</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header>
<p>${e(options.landlordName)}</p>
</header>
<main id="main">
<h1>${e(title)}</h1>
<p>Period: ${e(r.period.from)} to ${e(r.period.to)} (UK time). Policy: ${e(r.policyPack)}. Figures produced from the case record on ${e(r.generatedAt.slice(0, 10))}.</p>
<nav aria-label="Contents"><h2 id="contents">Contents</h2><ol>${toc}</ol></nav>
${sections.map(([id, heading, content]) => section(id, heading, content)).join('\n')}
</main>
<footer><p>Definitions and sources of every figure: the gateway's README, "Reports". Published under the Housing Ombudsman's Complaint Handling Code, section 8.</p></footer>
</body>
</html>
`;
}

/** Each step's share on time by the channel the case came on (docs/rules/reporting.md#service-standards-met). */
function byChannelTable(r: ComplaintsReport): string {
  const channels = [...new Set(r.serviceStandards.flatMap((c) => c.byChannel.map((b) => b.channelId)))].sort();
  const label = (id: string) => r.channelMix.channels.find((c) => c.channelId === id)?.label ?? id;
  return table(
    'Met on time, by the channel the case came on',
    ['Step', ...channels.map(label)],
    r.serviceStandards.map((c) => [
      e(c.label),
      ...channels.map((id) => {
        const b = c.byChannel.find((x) => x.channelId === id);
        return b ? `${pct(b.percentOnTime)} (${num(b.metOnTime)} of ${num(b.concluded)})` : '–';
      }),
    ]),
  );
}

function signed(n: number): string {
  return n > 0 ? `+${num(n)}` : n < 0 ? `−${num(-n)}` : '0';
}
