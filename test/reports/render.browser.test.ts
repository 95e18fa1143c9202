import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportChannelLabels } from '../../app/report-labels.js';
import { renderReport } from '../../src/reports/render.js';
import { pack, useYear, year } from './year.js';

/**
 * The annual report as people read it: the HTML page in headless Chromium, checked with axe
 * and kept as a screenshot (test-artifacts/reports/), and the PDF's text as pdftotext reads it.
 */

const chromiumPath = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => path !== undefined && existsSync(path),
);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// Kept after the run (git ignores test-artifacts/): the screenshot a person looks at.
const artifacts = join(import.meta.dirname, '..', '..', 'test-artifacts', 'reports');

interface AxeResult {
  violations: { id: string; nodes: { target: string[] }[] }[];
}

describe('the annual report rendered', () => {
  const y = useYear('pglite', 500);
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (chromiumPath) browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const render = (format: 'html' | 'pdf') =>
    renderReport({
      db: y.db,
      period: year,
      homes: 18_500,
      pack,
      format,
      landlordName: 'Example Homes',
      channelLabels: reportChannelLabels,
    });

  it.skipIf(chromiumPath === undefined)(
    'is an accessible page: axe finds nothing, charts are labelled images, and a screenshot is kept',
    async () => {
      const html = String(await render('html'));
      const context = await browser!.newContext({ viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.locator('html').getAttribute('lang')).toBe('en-GB');
      const charts = page.locator('svg[role="img"]');
      expect(await charts.count()).toBeGreaterThanOrEqual(5);
      for (const chart of await charts.all()) {
        const title = await chart.locator('title').textContent();
        const desc = await chart.locator('desc').textContent();
        expect(title?.length).toBeGreaterThan(10);
        expect(desc).toMatch(/\d/);
      }
      await expect(page.getByRole('img', { name: /responded to within the Code's timescales/ }).count()).resolves.toBe(
        1,
      );
      await page.addScriptTag({ content: axeSource });
      const result = (await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<unknown> } }).axe;
        return axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        });
      })) as AxeResult;
      expect(result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }))).toEqual([]);
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'annual-report.png'), fullPage: true });
      expect(existsSync(join(artifacts, 'annual-report.png'))).toBe(true);
      await context.close();
    },
    120_000,
  );

  it('is a PDF whose text can be extracted', async () => {
    const pdf = (await render('pdf')) as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(tmpdir(), `annual-report-${process.pid}.pdf`);
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('complaints performance and service improvement report');
    expect(text).toMatch(/CH02 stage 1: \d+ of \d+ responded to within the timescale/);
    expect(text).toContain('Self-assessment against the Complaint Handling Code');
    expect(text).toMatch(/6\.2/);
  });
});
