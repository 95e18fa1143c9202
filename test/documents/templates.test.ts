import { beforeAll, describe, expect, it } from 'vitest';
import { responseOutcomes as staffOutcomes } from '../../src/cases/staff-actions.js';
import {
  caseLetterKinds,
  documentKinds,
  renderableFormats,
  responseOutcomes,
  type DocumentKind,
  type LetterFacts,
  type RenderableFormat,
} from '../../src/documents/kinds.js';
import { renderHtml } from '../../src/documents/render-html.js';
import { renderPdf } from '../../src/documents/render-pdf.js';
import { buildDocument } from '../../src/documents/templates.js';
import { wordingFor } from '../../src/documents/wording.js';
import { createTranslator, type Translator } from '../../src/i18n.js';
import { loadPolicyPack } from '../../src/policy/index.js';
import { hasPoppler, landlord, pdfText } from './helpers.js';

const pack = loadPolicyPack('code-2024');
const issuedAt = new Date('2026-12-01T12:00:00Z');

/** A stage 1 complaint with everything any letter might need. */
const facts: LetterFacts = {
  reference: 'CMP-2026-000042',
  caseKind: 'formal_complaint',
  stage: 'stage1',
  customerName: 'Zofia Wójcik',
  receivedAt: '2026-11-30T10:00:00.000Z',
  customerWords: 'The repair man didn’t come. Żółć!',
  desiredOutcome: 'A new appointment',
  responseDueAt: '2026-12-21T23:59:59.999Z',
  response: {
    outcome: 'partly_upheld',
    reasons: 'We missed one of the two appointments.',
    remedy: 'An apology and £50.',
    outstanding: 'Fit the new boiler by 10 December.',
    changes: 'Text reminders the day before every visit.',
  },
  fix: { remedy: 'We replaced the bulbs on the stairs.' },
  extension: {
    reason: 'We need a surveyor to inspect the roof.',
    newDueAt: '2027-01-05T23:59:59.999Z',
    previousDueAt: '2026-12-21T23:59:59.999Z',
  },
  refusal: { reason: 'older_than_12_months', explanation: 'The leak was repaired in March 2023.' },
  restriction: {
    reason: 'Threats to staff on the phone.',
    arrangement: 'single_point_of_contact',
    detail: 'Sam Patel, complaints officer',
    reviewAt: '2027-03-01T09:00:00.000Z',
  },
};

function isCaseLetter(kind: DocumentKind): boolean {
  return (caseLetterKinds as readonly string[]).includes(kind);
}

const cases = (['en', 'pl'] as const).flatMap((lang) =>
  documentKinds.flatMap((kind) => renderableFormats.map((format) => [lang, kind, format] as const)),
);

describe('one template per document, in every format, as HTML and PDF', () => {
  let translator: Translator;
  beforeAll(async () => {
    translator = await createTranslator();
  });

  const build = (lang: string, kind: DocumentKind, format: RenderableFormat) =>
    buildDocument(kind, {
      wording: wordingFor(translator, lang, format, landlord),
      pack,
      issuedAt,
      ...(isCaseLetter(kind) ? { facts } : {}),
    });

  it.each(cases)('%s %s in %s', async (lang, kind, format) => {
    const content = build(lang, kind, format);
    expect(content.title).not.toBe('');
    expect(content.blocks.length).toBeGreaterThan(2);

    const { html, contentSecurityPolicy } = renderHtml(content, { format, pdf: { href: 'x.pdf', text: 'PDF' } });
    expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${lang === 'pl' ? 'pl-PL' : 'en-GB'}" dir="ltr">`));
    expect(html).toContain(`<title>`);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|<i>|<em>|<u>|\son\w+=/i);
    expect(contentSecurityPolicy).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    // Locale words only: no key ever reaches the page.
    expect(html).not.toMatch(/documents:|\{\{/);
    if (isCaseLetter(kind)) {
      expect(html).toContain('CMP-2026-000042');
      // Polish has no document wording yet: English words, but the dates the Translator writes in Polish.
      expect(html).toContain(lang === 'pl' ? 'wtorek 1 grudnia' : 'Tuesday 1 December');
    }

    const pdf = await renderPdf(content, { format, author: 'Example Homes', createdAt: issuedAt });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (hasPoppler && isCaseLetter(kind)) {
      const text = pdfText(pdf);
      expect(text).toContain('CMP-2026-000042');
      expect(text).toContain(lang === 'pl' ? 'wtorek 1 grudnia' : 'Tuesday 1 December');
    }
  });

  it('says in each response what every complaint response must: outcome, reasons, remedy, outstanding actions, changes, how to escalate (docs/rules/responses.md#response-contents)', () => {
    for (const kind of ['stage1_response', 'stage2_response'] as const) {
      const { html } = renderHtml(build('en', kind, 'standard'), { format: 'standard' });
      for (const part of Object.values(facts.response ?? {}))
        if (part !== 'partly_upheld') expect(html).toContain(part);
      expect(html).toContain('We agree with part of your complaint.');
      expect(html).toContain('Housing Ombudsman');
      expect(html).toContain('0300 111 3000');
    }
    expect(renderHtml(build('en', 'stage1_response', 'standard'), { format: 'standard' }).html).toContain('stage 2');
  });

  it('gives the reason, the new date and the Ombudsman’s details in an extension notice (Code 2024 6.5/6.16)', () => {
    const { html } = renderHtml(build('en', 'extension_notice', 'standard'), { format: 'standard' });
    expect(html).toContain('We need a surveyor to inspect the roof.');
    expect(html).toContain('Tuesday 5 January');
    expect(html).toContain('Monday 21 December');
    expect(html).toContain('0300 111 3000');
    expect(html).toContain('info@housing-ombudsman.org.uk');
    expect(html).toContain('www.housing-ombudsman.org.uk');
  });

  it('takes every number from the policy pack', () => {
    const code = renderHtml(build('en', 'complaints_procedure', 'standard'), { format: 'standard' }).html;
    expect(code).toContain('within 5 working days, and send our response within 10 working days');
    expect(code).not.toContain('of our stage 1 response');
    const seed = buildDocument('complaints_procedure', {
      wording: wordingFor(translator, 'en', 'standard', landlord),
      pack: loadPolicyPack('seed-2020'),
      issuedAt,
    });
    expect(renderHtml(seed, { format: 'standard' }).html).toContain('within 1 month of our stage 1 response');
    const standards = renderHtml(build('en', 'service_standards', 'standard'), { format: 'standard' }).html;
    expect(standards).toContain('Letters: we reply within 10 working days.');
    expect(standards).toContain('within 24 hours');
  });

  it('writes easy read as its own plain words, one idea per line', () => {
    const easy = build('en', 'complaints_procedure', 'easy_read');
    expect(easy.title).toBe('How to make a complaint');
    const { html } = renderHtml(easy, { format: 'easy_read' });
    expect(html).toContain(
      '<p>A complaint is when you tell us you are unhappy.</p>\n<p>You do not have to say the word complaint.</p>',
    );
    // Short lines: no easy-read line of ours is longer than a standard sentence.
    const ours = [...html.matchAll(/<p>([^<]+)<\/p>/g)].map((m) => m[1] ?? '');
    expect(Math.max(...ours.map((l) => l.split(/\s+/).length))).toBeLessThanOrEqual(30);
  });

  it('never lets customer or staff words become markup', async () => {
    const hostile: LetterFacts = {
      ...facts,
      customerWords: 'Fix it <script>alert("x")</script> & <b>now</b>',
      customerName: '<img src=x onerror=alert(1)>',
    };
    const content = buildDocument('acknowledgement', {
      wording: wordingFor(translator, 'en', 'large_print', landlord),
      pack,
      issuedAt,
      facts: hostile,
    });
    const { html } = renderHtml(content, { format: 'large_print' });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('Fix it &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;now&lt;/b&gt;');
    expect(html).toContain('Dear &lt;img src=x onerror=alert(1)&gt;,');
    if (hasPoppler)
      expect(pdfText(await renderPdf(content, { format: 'large_print' }))).toContain(
        'Fix it <script>alert("x")</script>',
      );
  });

  it('the printed privacy notice says what the bot says: not consent, how long, and how to have it deleted', () => {
    const html = renderHtml(build('en', 'privacy_notice', 'standard'), { format: 'standard' }).html;
    expect(html).toContain('a legal duty of ours as your landlord');
    expect(html).toContain('does not depend on your agreement');
    // The pack's retention schedule: 72 months for complaints, 24 for other questions, 6 for a chat.
    expect(html).toContain('for 6 years after the case closes, other questions for 2 years');
    expect(html).toContain('for 6 months');
    expect(html).toContain('You can ask us to delete it.');
  });

  it('sets right-to-left documents right to left, and says the HTML version reads better than the PDF', async () => {
    const content = build('ar', 'privacy_notice', 'standard');
    expect(content.dir).toBe('rtl');
    expect(renderHtml(content, { format: 'standard' }).html).toContain('<html lang="ar" dir="rtl">');
    const pdf = await renderPdf(content, {
      format: 'standard',
      rtlNote: 'This PDF may not show right-to-left writing in the right order.',
      compress: false,
    });
    if (hasPoppler) expect(pdfText(pdf)).toContain('right-to-left');
  });

  it('keeps the outcomes staff choose and the outcomes letters word as one list', () => {
    expect([...responseOutcomes]).toEqual([...staffOutcomes]);
    for (const outcome of responseOutcomes) expect(translator.has('en', `documents:outcomes.${outcome}`)).toBe(true);
  });
});
