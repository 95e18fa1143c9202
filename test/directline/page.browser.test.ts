import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestGateway, startGateway } from './helpers/server.js';

// The page in headless Chromium (Debian's `chromium`; CHROMIUM_PATH to use another). The
// bot is EchoBot (helpers/server.ts), which answers "You said: X" and offers two buttons
// when told "choices".
const chromiumPath = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => path !== undefined && existsSync(path),
);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
}

async function axeViolations(page: Page): Promise<Array<{ id: string; targets: string[] }>> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<unknown> } }).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
  });
  return (result as AxeResult).violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

describe.skipIf(chromiumPath === undefined)('the chat page in a browser', () => {
  let gateway: TestGateway;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    gateway = await startGateway();
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });
  beforeEach(async () => {
    // bypassCSP only so the test can inject axe-core; the page itself runs under its policy.
    context = await browser.newContext({
      viewport: { width: 1024, height: 800 },
      bypassCSP: true,
      acceptDownloads: true,
    });
    page = await context.newPage();
    await page.goto(`${gateway.baseUrl}/`);
  });
  afterEach(async () => {
    await context.close();
  });

  const log = () => page.locator('#log');
  const say = async (text: string) => {
    await page.locator('#message').fill(text);
    await page.keyboard.press('Enter');
  };
  const botSays = (text: string) => log().locator('.message.bot .text', { hasText: text }).first().waitFor();
  const logTexts = () => log().locator('.message .text').allTextContents();

  it("holds a conversation from the keyboard alone, with the bot's choices as buttons", async () => {
    await page.locator('#message').focus();
    await say('hello');
    await botSays('You said: hello');
    await say('choices');
    await botSays('You said: choices');

    const buttons = log().locator('.choices button');
    expect(await buttons.allTextContents()).toEqual(['Repair', 'Complaint']);
    // Tab backwards from the message box reaches the last choice; Enter picks it.
    await page.locator('#message').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Complaint');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement as Element).boxShadow);
    expect(ring).not.toBe('none');
    await page.keyboard.press('Enter');
    await botSays('You said: complaint');

    expect(await logTexts()).toEqual([
      'hello',
      'You said: hello',
      'choices',
      'You said: choices',
      'complaint',
      'You said: complaint',
    ]);
    expect(await buttons.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('message');
    expect(await log().getAttribute('aria-live')).toBe('polite');
  });

  it('shows customer and bot text as text, never as HTML', async () => {
    const attack = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    await say(attack);
    await botSays('You said: <img');
    expect(await logTexts()).toEqual([attack, `You said: ${attack}`]);
    expect(await log().locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('resumes the conversation after a reload', async () => {
    await say('before reload');
    await botSays('You said: before reload');
    await page.reload();
    await log().locator('.message .text', { hasText: 'You said: before reload' }).waitFor();
    await say('after reload');
    await botSays('You said: after reload');
    expect(await logTexts()).toEqual([
      'before reload',
      'You said: before reload',
      'after reload',
      'You said: after reload',
    ]);
    const conversations = new Set(
      gateway.bot.accepted.filter((m) => m.text === 'before reload' || m.text === 'after reload').map((m) => m.from),
    );
    expect(conversations.size).toBe(1);
  });

  it('switches to Arabic right to left, sends the locale with each message and remembers it', async () => {
    await page.locator('#language').selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    expect(await page.locator('h1').textContent()).toBe('تحدّث مع فريق الإسكان');
    await say('مرحبا');
    await botSays('You said: مرحبا');
    expect(gateway.bot.accepted.find((m) => m.text === 'مرحبا')?.locale).toBe('ar');
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect(await page.locator('#language').inputValue()).toBe('ar');
  });

  it('offers large print and high contrast, remembered across a reload', async () => {
    await page.locator('label[for="size-extra-large"]').click();
    await page.locator('#contrast').click();
    await page.reload();
    await page.locator('#message').waitFor();
    const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(24);
    expect(await page.locator('#contrast').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(0, 0, 0)');
  });

  it('passes axe WCAG 2.2 AA checks in both themes, with messages and buttons on screen', async () => {
    await say('choices');
    await botSays('You said: choices');
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#contrast').click();
    expect(await axeViolations(page)).toEqual([]);
  });

  it.each(['en', 'ur'])('fits a 320 px wide phone at the largest text size (%s)', async (lang) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.locator('#language').selectOption(lang);
    await page.locator('label[for="size-extra-large"]').click();
    await say('choices');
    await botSays('You said: choices');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('downloads a transcript that says it was an automated assistant', async () => {
    await say('my window is broken');
    await botSays('You said: my window is broken');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
    const path = await download.path();
    const text = readFileSync(path, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^chat-transcript-\d{4}-\d{2}-\d{2}\.txt$/);
    expect(text).toContain('This is an automated assistant, not a person.');
    expect(text).toContain('You:\r\nmy window is broken');
    expect(text).toContain('Assistant (automated):\r\nYou said: my window is broken');
  });
});
