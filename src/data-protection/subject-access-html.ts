import type { SubjectAccessExport } from './subject-access-export.js';

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return escapeHtml(value.toISOString());
  if (typeof value === 'object') return `<code>${escapeHtml(JSON.stringify(value))}</code>`;
  return escapeHtml(String(value));
}

function table(title: string, rows: readonly object[], columns: readonly string[]): string {
  if (rows.length === 0) return `<h2>${escapeHtml(title)}</h2>\n<p>None held.</p>`;
  const head = columns.map((c) => `<th scope="col">${escapeHtml(c.replace(/_/g, ' '))}</th>`).join('');
  const body = rows
    .map((r) => {
      const record = r as Record<string, unknown>;
      return `<tr>${columns.map((c) => `<td>${cell(record[c])}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<h2>${escapeHtml(title)}</h2>\n<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/**
 * The export as a page a person can read (`--format html`): the same content as the JSON,
 * section by section, in plain large type (docs/rules/accessibility.md), every value escaped.
 */
export function subjectAccessHtml(doc: SubjectAccessExport): string {
  const sections = [
    table('About you', doc.customers, [
      'name',
      'phone',
      'email',
      'address',
      'postcode',
      'tenancy_ref',
      'preferred_language',
      'preferred_format',
      'contact_method',
      'access_needs',
      'vulnerable',
      'contact_adjustments',
      'created_at',
    ]),
    table('How you reached us', doc.conversations, ['channel_id', 'address', 'created_at']),
    table('Messages', doc.messages, ['created_at', 'channel_id', 'author', 'text', 'media']),
    table('Files you sent (details)', doc.media, ['created_at', 'name', 'content_type', 'size_bytes']),
    table('Your cases', doc.cases, [
      'reference',
      'kind',
      'stage',
      'status',
      'category',
      'customer_words',
      'desired_outcome',
      'received_at',
      'resolved_at',
      'closed_at',
      'representative',
    ]),
    table('Dates we work to', doc.clocks, ['case_id', 'name', 'due_at', 'status', 'basis', 'met_at']),
    table('What happened on each case', doc.events, ['at', 'case_id', 'type', 'data', 'withheld']),
    table('Your consents', doc.consents, [
      'recorded_at',
      'kind',
      'granted',
      'withdrawal',
      'wording_version',
      'channel_id',
    ]),
    table('Privacy information we gave you', doc.privacyNotices, [
      'given_at',
      'purpose',
      'lawful_basis',
      'wording_version',
      'response',
    ]),
    table('Letters and documents', doc.documents, ['created_at', 'kind', 'language', 'format']),
    table('Messages and letters we sent you by your chosen contact method', doc.deliveries, [
      'created_at',
      'route',
      'recipient',
      'subject',
      'body',
      'status',
    ]),
    table('What we did to put things right', doc.remedies, [
      'recorded_at',
      'case_id',
      'kind',
      'amount_pence',
      'paid_at',
    ]),
    table('People acting for you', doc.representatives, ['case_id', 'consent_status', 'withheld']),
    table('Where you act for someone else', doc.actingFor, ['created_at', 'name', 'relationship', 'organisation']),
    table('Limits on how we contact you', doc.restrictions, [
      'created_at',
      'reason',
      'arrangement',
      'arrangement_detail',
      'review_at',
      'status',
    ]),
    table('Your survey answers', doc.surveys, ['answered_at', 'satisfaction', 'handled_fairly', 'comment']),
  ];
  const review = doc.reviewNeeded
    ? `<p class="review"><strong>Before sending:</strong> ${doc.withheld.length} item(s) are withheld pending review because they may contain other people's personal data (UK GDPR Art. 15(4)).</p>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Your personal information</title>
<style>
body { font-family: Arial, Helvetica, sans-serif; font-size: 16pt; line-height: 1.5; max-width: 70em; margin: 1em auto; color: #000; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; }
th, td { border: 1px solid #444; padding: 0.3em; text-align: left; vertical-align: top; }
code { white-space: pre-wrap; word-break: break-word; }
.review { border: 2px solid #000; padding: 0.5em; }
</style>
</head>
<body>
<h1>Your personal information</h1>
<p>Made on ${escapeHtml(doc.generatedAt)}. ${doc.found ? '' : 'We found nothing held about you.'}</p>
${review}
${sections.join('\n')}
</body>
</html>
`;
}
