import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TestGateway, startGateway } from './helpers/server.js';

// What a UK customer expects of the page: dates and times the UK way in English (and each
// language's own way in the others), links they can tap, a layout that holds at 320 px, and
// an icon. The bot is EchoBot (helpers/server.ts): "You said: X".
const chromiumPath = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => path !== undefined && existsSync(path),
);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const pageWords = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../locales/${lang}/webchat.json`, import.meta.url), 'utf8')) as Record<
    string,
    string
  >;

async function axeViolations(page: Page): Promise<Array<{ id: string; targets: string[] }>> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<unknown> } }).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
  })) as { violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> };
  return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** 3:10 in the afternoon on Sunday 6 December 2026, London time (GMT in December). */
const teatime = new Date('2026-12-06T15:10:00Z');

describe.skipIf(chromiumPath === undefined)('the chat page as a UK customer expects it', () => {
  let gateway: TestGateway;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    gateway = await startGateway();
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  async function open(options: { locale: string; width?: number }): Promise<Page> {
    // bypassCSP only so the test can inject axe-core; the page itself runs under its policy.
    context = await browser.newContext({
      viewport: { width: options.width ?? 1024, height: 800 },
      locale: options.locale,
      timezoneId: 'Europe/London',
      bypassCSP: true,
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.clock.setFixedTime(teatime);
    await page.goto(`${gateway.baseUrl}/`);
    return page;
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.locator('#message').fill(text);
    await page.keyboard.press('Enter');
    await page.locator('#log .message.bot .text', { hasText: 'You said:' }).last().waitFor();
  }

  async function transcript(page: Page): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
    return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
  }

  it('writes times and dates the UK way in an en-GB browser: 15:10, and a transcript dated 6 December 2026', async () => {
    const page = await open({ locale: 'en-GB' });
    await say(page, 'my boiler is making a banging noise');
    // The customer's message at the page's (fixed) clock; the bot's at the server's, in the same 24-hour form.
    const [mine, bots] = await page.locator('#log .message .meta').allTextContents();
    expect(mine).toBe('15:10');
    expect(bots).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    const { name, text } = await transcript(page);
    expect(name).toBe('chat-transcript-2026-12-06.txt');
    expect(text.split('\r\n')[0]).toBe('\ufeffChat transcript, 6 December 2026');
    expect(text).toContain('[15:10] You:\r\nmy boiler is making a banging noise');
  });

  it('an en-US browser still gets UK English: the page speaks English as the landlord does', async () => {
    const page = await open({ locale: 'en-US' });
    await say(page, 'hello');
    expect(await page.locator('#log .message .meta').first().textContent()).toBe('15:10');
    expect((await transcript(page)).text).toContain('Chat transcript, 6 December 2026');
  });

  it('writes them the Polish way for a Polish customer', async () => {
    const page = await open({ locale: 'pl-PL' });
    await page.waitForFunction(() => document.documentElement.lang === 'pl');
    await say(page, 'mam wilgoć w łazience');
    const [mine, bots] = await page.locator('#log .message .meta').allTextContents();
    expect(mine).toBe('15:10');
    expect(bots).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    const { text } = await transcript(page);
    expect(text.split('\r\n')[0]).toBe(
      `\ufeff${pageWords('pl')['transcriptHeading']!.replace('{{date}}', '6 grudnia 2026')}`,
    );
  });

  it('makes https links in bot messages tappable and safe, shows the words exactly, and leaves http ones as text', async () => {
    const page = await open({ locale: 'en-GB' });
    const link = 'https://www.example-homes.org.uk/documents/Ab_cD-12?format=pdf';
    // EchoBot repeats it, so the bot's message carries a link (sent as Markdown) and Markdown's own characters.
    await say(
      page,
      `read it at ${link}. *not bold* _nor this_ and [not a link](x)\n- a line, not a list\nor http://example.org`,
    );
    const bot = page.locator('#log .message.bot .text').last();
    const anchors = bot.locator('a');
    expect(await anchors.count()).toBe(1);
    expect(await anchors.first().getAttribute('href')).toBe(link);
    expect(await anchors.first().getAttribute('target')).toBe('_blank');
    expect(await anchors.first().getAttribute('rel')).toBe('noopener noreferrer');
    // Screen readers are told it opens a new tab; the visible text is the address.
    expect(await anchors.first().textContent()).toBe(`${link} ${pageWords('en')['opensInNewTab']}`);
    const visible = await bot.evaluate((node) => {
      const copy = node.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.visually-hidden').forEach((hint) => hint.remove());
      return copy.textContent;
    });
    expect(visible).toBe(
      `You said: read it at ${link}. *not bold* _nor this_ and [not a link](x)\n- a line, not a list\nor http://example.org`,
    );
    // Keyboard users reach it.
    await anchors.first().focus();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('A');
  });

  it('holds together at 320 px, largest text: every size option beside its own button, and axe finds nothing', async () => {
    const page = await open({ locale: 'en-GB', width: 320 });
    await say(page, 'choices');
    await page.locator('label[for="size-extra-large"]').click();
    for (const size of ['standard', 'large', 'extra-large']) {
      const radio = await page.locator(`#size-${size}`).boundingBox();
      const label = await page.locator(`label[for="size-${size}"]`).boundingBox();
      expect(radio && label).toBeTruthy();
      // On the same line: the button's middle lies within the label's height, just before it.
      const middle = (radio?.y ?? 0) + (radio?.height ?? 0) / 2;
      expect(middle).toBeGreaterThan(label?.y ?? 0);
      expect(middle).toBeLessThan((label?.y ?? 0) + (label?.height ?? 0));
      expect(Math.abs((label?.x ?? 0) - ((radio?.x ?? 0) + (radio?.width ?? 0)))).toBeLessThan(16);
    }
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#contrast').click();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('has an icon at /favicon.ico, named by the page', async () => {
    const page = await open({ locale: 'en-GB' });
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('favicon.ico');
    const icon = await fetch(`${gateway.baseUrl}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/x-icon');
    const bytes = Buffer.from(await icon.arrayBuffer());
    // An icon directory with one 32 by 32, 32-bit image.
    expect([...bytes.subarray(0, 8)]).toEqual([0, 0, 1, 0, 1, 0, 32, 32]);
    expect(bytes.readUInt16LE(12)).toBe(32);
    // Chromium can draw it.
    const drawn = await page.evaluate(async (url) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      return { width: image.naturalWidth, height: image.naturalHeight };
    }, `${gateway.baseUrl}/favicon.ico`);
    expect(drawn).toEqual({ width: 32, height: 32 });
  });
});
