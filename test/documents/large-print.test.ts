import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRow } from '../../src/documents/document-store.js';
import type { DocumentLink } from '../../src/documents/ports.js';
import { stylesheet } from '../../src/documents/render-html.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { hasPoppler, pdfFontSizes, pdfText } from './helpers.js';

/**
 * The acceptance checks for large print (docs/rules/accessibility.md#large-print): at least 16 pt (we use 18), a
 * plain sans-serif, no italics, underlining or capitals, left aligned, 1.5 line spacing,
 * 60-70 characters a line, strong contrast; in the PDF and in the HTML as Chromium draws it.
 */

const chromiumPath = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => path !== undefined && existsSync(path),
);
if (!chromiumPath)
  console.warn('large-print browser checks skipped: no Chromium at /usr/bin/chromium (set CHROMIUM_PATH to run them)');
if (!hasPoppler)
  console.warn('large-print PDF text checks skipped: pdftotext is not installed (apt-get install poppler-utils)');

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** 16 pt in CSS pixels (96 px to the inch, 72 pt to the inch). */
const sixteenPointPx = (16 * 96) / 72;

describe('a large-print letter', () => {
  let gateway: TestGateway;
  let link: DocumentLink;
  let row: DocumentRow;
  let reference: string;

  beforeAll(async () => {
    gateway = await startTestGateway();
    const { conversationId, messageId } = await gateway.store.recordInbound({
      channelId: 'sms',
      providerMessageId: `lp-${Date.now()}`,
      from: '+447700900321',
      to: '+447700900000',
      text: 'Third missed repair appointment',
      media: [],
      receivedAt: new Date().toISOString(),
    });
    const customer = await gateway.store.ensureCustomer(conversationId);
    await gateway.store.updateCustomer(customer.id, { preferred_format: 'large_print', name: 'Bronwen Ŵyn Jones' });
    const opened = await gateway.cases.openCase({
      kind: 'formal_complaint',
      customerId: customer.id,
      conversationId,
      channelId: 'sms',
      customerWords: 'Third missed repair appointment. I took the day off work for nothing.',
      desiredOutcome: 'An evening appointment and an apology',
      originMessageId: messageId,
    });
    reference = opened.case.reference;
    // Nobody names the format: the customer's stored preference picks large print.
    const result = await gateway.documents.renderForCase(opened.case.id, 'stage1_response', {
      response: {
        outcome: 'partly_upheld',
        reasons: 'The contractor missed two of the three appointments; the third was rearranged with you.',
        remedy: 'An apology, £75 for the days off work, and an evening appointment.',
        outstanding: 'Repair the boiler by Friday 11 December.',
        changes: 'The contractor now texts you the day before every visit.',
      },
    });
    link = result.link;
    const found = await gateway.documents.documents.getDocument(link.documentId);
    if (!found) throw new Error('the letter was not stored');
    row = found;
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('is large print because the customer asked once, not because anyone asked again', () => {
    expect(link.format).toBe('large_print');
  });

  it('PDF: every piece of text at 16 pt or more, in embedded DejaVu Sans, with extractable text and a title', async () => {
    const pdf = await gateway.documents.pdf(row, { compress: false });
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(`${artifacts}large-print.pdf`, pdf);
    const sizes = pdfFontSizes(pdf);
    expect(sizes.length).toBeGreaterThan(10);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);
    expect(Math.min(...sizes)).toBe(18);
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/Lang (en-GB)');
    expect(raw).toContain('/MarkInfo');
    // No italic or oblique face anywhere: every font is upright.
    expect(raw).not.toMatch(/\/FontName \/\w+\+[\w-]*(Oblique|Italic)/);
    expect([...raw.matchAll(/\/ItalicAngle (-?[\d.]+)/g)].map((m) => Number(m[1]))).toEqual([0, 0]);
    if (!hasPoppler) return;
    const text = pdfText(pdf);
    expect(text).toContain(reference);
    expect(text).toContain('We agree with part of your complaint.');
    expect(text).toContain('Bronwen Ŵyn Jones');
    const fonts = execFileSync('pdffonts', ['-'], { input: pdf }).toString();
    expect(fonts).toMatch(/DejaVuSans\s/);
    expect(fonts).toMatch(/DejaVuSans-Bold\s/);
    for (const line of fonts
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== ''))
      expect(line).toMatch(/\byes\s+yes\s+yes\b/); // embedded, subset, unicode map
    const info = execFileSync('pdfinfo', ['-'], { input: pdf }).toString();
    expect(info).toMatch(/Title:\s+Our response to your complaint/);
    expect(info).toMatch(/Tagged:\s+yes/);
  });

  it('HTML: 18 pt body, larger headings, 1.5 line spacing, about 65 characters a line, no italics, underlines or capitals', async () => {
    const css = stylesheet('large_print');
    expect(css).toMatch(/body\{[^}]*font-size:18pt;line-height:1\.5;/);
    expect(css).toMatch(/h1\{font-size:26pt/);
    expect(css).toMatch(/h2\{font-size:22pt/);
    expect(css).toContain('max-width:65ch');
    expect(css).not.toMatch(/italic|oblique|underline|uppercase|justify|center/);
    const { html } = gateway.documents.html(row);
    expect(html).not.toMatch(/<(i|em|u|b|strong)\b/);
    expect(html).toContain('<html lang="en-GB" dir="ltr">');
  });

  describe.skipIf(chromiumPath === undefined)('in Chromium', () => {
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      // No bypassCSP: the page must be styled under its own policy (its stylesheet allowed by hash).
      const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      page = await context.newPage();
      const res = await page.goto(`${gateway.url}${new URL(link.url).pathname}`);
      expect(res?.status()).toBe(200);
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('draws every line of text at 16 pt or more with 1.5 spacing, upright, undecorated, start-aligned, black on white; and keeps a screenshot', async () => {
      const styles = await page.evaluate(() =>
        Array.from(document.querySelectorAll('body, body *'))
          .filter((el) =>
            Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== ''),
          )
          .map((el) => {
            const cs = getComputedStyle(el);
            return {
              tag: el.tagName.toLowerCase(),
              fontSize: parseFloat(cs.fontSize),
              lineHeight: parseFloat(cs.lineHeight),
              fontStyle: cs.fontStyle,
              textTransform: cs.textTransform,
              decoration: cs.textDecorationLine,
              align: cs.textAlign,
              colour: cs.color,
            };
          }),
      );
      expect(styles.length).toBeGreaterThan(20);
      for (const s of styles) {
        expect(s.fontSize, s.tag).toBeGreaterThanOrEqual(sixteenPointPx);
        expect(s.lineHeight / s.fontSize, s.tag).toBeGreaterThanOrEqual(1.5 - 0.01);
        expect(s.fontStyle, s.tag).toBe('normal');
        expect(s.textTransform, s.tag).toBe('none');
        expect(s.decoration, s.tag).toBe('none');
        expect(['start', 'left'], s.tag).toContain(s.align);
        expect(['rgb(0, 0, 0)', 'rgb(11, 12, 140)'], s.tag).toContain(s.colour);
      }
      const body = styles.find((s) => s.tag === 'p');
      expect(body?.fontSize).toBeCloseTo(24, 0); // 18 pt
      const page1 = await page.evaluate(() => {
        const main = document.querySelector('main');
        const probe = document.createElement('span');
        probe.textContent = '0'.repeat(100);
        main?.append(probe);
        const ch = probe.getBoundingClientRect().width / 100;
        probe.remove();
        const width = main
          ? main.clientWidth -
            parseFloat(getComputedStyle(main).paddingLeft) -
            parseFloat(getComputedStyle(main).paddingRight)
          : 0;
        return {
          chars: width / ch,
          lang: document.documentElement.lang,
          dir: document.documentElement.dir,
          background: getComputedStyle(document.documentElement).backgroundColor,
        };
      });
      expect(page1.chars).toBeGreaterThan(55);
      expect(page1.chars).toBeLessThanOrEqual(70);
      expect(page1).toMatchObject({ lang: 'en-GB', dir: 'ltr', background: 'rgb(255, 255, 255)' });
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: `${artifacts}large-print.png`, fullPage: true });
      expect(existsSync(`${artifacts}large-print.png`)).toBe(true);
    });

    it('passes axe-core’s WCAG 2.2 AA checks', async () => {
      const context = await browser.newContext({ bypassCSP: true });
      const axePage = await context.newPage();
      await axePage.goto(`${gateway.url}${new URL(link.url).pathname}`);
      await axePage.addScriptTag({ content: axeSource });
      const violations = await axePage.evaluate(async () => {
        const axe = (
          window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string }[] }> } }
        ).axe;
        const result = await axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
        });
        return result.violations.map((v) => v.id);
      });
      await context.close();
      expect(violations).toEqual([]);
    });
  });
});
