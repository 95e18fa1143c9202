import { beforeAll, describe, expect, it } from 'vitest';
import type { LetterFacts } from '../../src/documents/kinds.js';
import { renderHtml } from '../../src/documents/render-html.js';
import { buildDocument } from '../../src/documents/templates.js';
import { wordingFor } from '../../src/documents/wording.js';
import { createTranslator, type Translator } from '../../src/i18n.js';
import { loadPolicyPack } from '../../src/policy/index.js';
import { landlord } from './helpers.js';

// A letter is kept and read later, and a complaint can run into a new year: every date on it
// says which year (the extension below moves the response into 2027).
const pack = loadPolicyPack('code-2024');
const facts: LetterFacts = {
  reference: 'CMP-2026-000042',
  caseKind: 'formal_complaint',
  stage: 'stage1',
  customerName: 'Gareth Jones',
  receivedAt: '2026-12-21T10:00:00.000Z',
  customerWords: 'Nobody came to fix the leak.',
  desiredOutcome: 'Fix the leak',
  responseDueAt: '2027-01-08T23:59:59.999Z',
  extension: {
    reason: 'We need a surveyor to inspect the roof.',
    newDueAt: '2027-01-22T23:59:59.999Z',
    previousDueAt: '2027-01-08T23:59:59.999Z',
  },
};

describe('dates on letters', () => {
  let translator: Translator;
  beforeAll(async () => {
    translator = await createTranslator();
  });

  const text = (lang: string, kind: 'acknowledgement' | 'extension_notice') =>
    renderHtml(
      buildDocument(kind, {
        wording: wordingFor(translator, lang, 'standard', landlord),
        pack,
        issuedAt: new Date('2026-12-22T09:00:00Z'),
        facts,
      }),
      {
        format: 'standard',
        pdf: { href: 'x.pdf', text: 'PDF' },
      },
    ).html;

  it('carry the year, the UK way in English', () => {
    const ack = text('en', 'acknowledgement');
    expect(ack).toContain('Tuesday 22 December 2026');
    expect(ack).toContain('Monday 21 December 2026');
    const extension = text('en', 'extension_notice');
    expect(extension).toContain('Friday 22 January 2027');
    expect(extension).toContain('Friday 8 January 2027');
    // Never a weekday and month without the year.
    expect(extension).not.toMatch(/January(?! 2027)/);
  });

  it('carry the year in Welsh and Polish too', () => {
    expect(text('cy', 'extension_notice')).toContain('22 Ionawr 2027');
    expect(text('pl', 'extension_notice')).toContain('22 stycznia 2027');
  });
});
