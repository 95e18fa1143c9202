import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestGateway } from '../helpers/gateway.js';
import {
  type BotWords,
  botWords,
  choiceKeys,
  formalNextSteps,
  recordFor,
  referenceIn,
  startWebchatGateway,
} from './helpers.js';

// The chat page in headless Chromium against the WHOLE gateway: the real dialogs bot
// behind the turn and outbound queues, real Redis, PGlite. What is asserted is what a
// customer sees in the page, and what staff then find under the reference they were given.

const chromiumPath = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => path !== undefined && path !== '' && existsSync(path),
);
const title = chromiumPath
  ? 'web chat page with the real bot'
  : 'web chat page with the real bot: SKIPPED, no Chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM_PATH)';
if (!chromiumPath) console.warn(`[webchat-e2e] ${title}`);

const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
/** A whole complaint is about ten turns of the real bot; generous for a busy CI machine. */
const wholeComplaint = 90_000;
const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: Array<{ id: string; nodes: Array<{ target: string[] }> }>;
}

async function axeViolations(page: Page): Promise<Array<{ id: string; targets: string[] }>> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<unknown> } }).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
  });
  return (result as AxeResult).violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

function exactly(text: string): RegExp {
  return new RegExp(`^${escape(text)}$`);
}
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The page as one customer has it open: what is on screen, and the keys they press. */
class Customer {
  constructor(readonly page: Page) {}

  botTexts(): Promise<string[]> {
    return this.page.locator('#log .message.bot .text').allTextContents();
  }

  choiceTitles(): Promise<string[]> {
    return this.page.locator('#log .choices button').allTextContents();
  }

  focused(): Promise<{ id: string; text: string; inChoices: boolean }> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      return {
        id: el?.id ?? '',
        text: el?.textContent ?? '',
        inChoices: el?.closest('.choices') !== null && el !== null,
      };
    });
  }

  /** Does `act`, then waits for a bot message (after those already on screen) matching `last`; returns the bot's new messages. */
  async turn(act: () => Promise<void>, last: RegExp): Promise<string[]> {
    const before = (await this.botTexts()).length;
    await act();
    await this.page.waitForFunction(
      ([from, source]) =>
        Array.from(document.querySelectorAll('#log .message.bot .text'))
          .slice(from)
          .some((node) => new RegExp(source).test(node.textContent ?? '')),
      [before, last.source] as const,
    );
    return (await this.botTexts()).slice(before);
  }

  /** Types into the message box (which has the focus) and presses Enter. */
  async type(text: string): Promise<void> {
    expect((await this.focused()).id).toBe('message');
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /** Clicks into the message box, types and presses Enter. */
  async say(text: string): Promise<void> {
    await this.page.locator('#message').click();
    await this.type(text);
  }

  /**
   * Picks one of the bot's buttons from the keyboard alone: Shift+Tab from the message box
   * back to the first choice, Tab forward to the wanted one, then Enter or Space.
   */
  async choose(wanted: string, key: 'Enter' | 'Space'): Promise<void> {
    expect((await this.focused()).id).toBe('message');
    const titles = await this.choiceTitles();
    const index = titles.indexOf(wanted);
    expect(index, `"${wanted}" among ${JSON.stringify(titles)}`).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < titles.length; i++) await this.page.keyboard.press('Shift+Tab');
    expect(await this.focused()).toEqual({ id: '', text: titles[0], inChoices: true });
    for (let i = 0; i < index; i++) await this.page.keyboard.press('Tab');
    expect(await this.focused()).toEqual({ id: '', text: wanted, inChoices: true });
    // A visible focus ring on the button the customer is about to press.
    const ring = await this.page.evaluate(() => getComputedStyle(document.activeElement as Element).boxShadow);
    expect(ring).not.toBe('none');
    await this.page.keyboard.press(key);
    // The buttons go; the customer is back in the message box, ready to type.
    expect((await this.focused()).id).toBe('message');
  }

  /** Presses a button of the bot's with the mouse. */
  async click(wanted: string): Promise<void> {
    await this.page.locator('#log .choices button', { hasText: wanted }).click();
  }

  conversationId(): Promise<string> {
    return this.page.evaluate(
      () =>
        (JSON.parse(localStorage.getItem('webchat.session') ?? '{}') as { conversationId?: string }).conversationId ??
        '',
    );
  }

  async horizontalOverflow(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  }
}

describe.skipIf(chromiumPath === undefined)(title, () => {
  let gateway: TestGateway;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let words: BotWords;
  let customer: Customer;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    words = await botWords();
    gateway = await startWebchatGateway();
    browser = await chromium.launch({ executablePath: chromiumPath, args: launchArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  });
  beforeEach(async () => {
    // bypassCSP only so the test can inject axe-core; the page itself runs under its policy.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, locale: 'en-GB' });
    page = await context.newPage();
    // Waiting for the bot is bounded by the test's own timeout, not Playwright's 30 s.
    page.setDefaultTimeout(wholeComplaint);
    customer = new Customer(page);
    await page.goto(`${gateway.url}/`);
    await page.locator('#message').waitFor();
  });
  afterEach(async () => {
    await context?.close();
  });

  const en = (key: string, vars?: Record<string, string | number>) => words.says('en', key, vars);
  const ar = (key: string, vars?: Record<string, string | number>) => words.says('ar', key, vars);

  it(
    'a customer makes a formal complaint with the keyboard alone and is given a reference staff can find',
    async () => {
      // From the top of the page: Tab reaches the skip link first, Enter takes the customer to the message box.
      await page.keyboard.press('Tab');
      expect((await customer.focused()).text).toBe('Skip to message box');
      await page.keyboard.press('Enter');
      expect((await customer.focused()).id).toBe('message');

      const complaint = 'I want to make a complaint about the way your officer spoke to me on the phone';
      const opening = await customer.turn(() => customer.type(complaint), exactly(en('consent.notice')));
      expect(opening).toHaveLength(3);
      expect(opening[0]).toBe(en('start.greeting'));
      expect(await customer.choiceTitles()).toEqual(words.titles('en', choiceKeys.yesNo));

      await customer.turn(() => customer.choose('Yes', 'Space'), exactly(en('details.outcome')));
      expect(
        await customer.turn(
          () => customer.type('An apology, and a call from a manager'),
          exactly(en('details.started')),
        ),
      ).toEqual([en('details.started')]);
      expect(await customer.choiceTitles()).toEqual(words.titles('en', choiceKeys.started));
      await customer.turn(() => customer.choose('In the last month', 'Enter'), exactly(en('details.who')));
      expect(await customer.choiceTitles()).toEqual(words.titles('en', choiceKeys.who));
      await customer.turn(() => customer.choose("I'm the tenant", 'Space'), exactly(en('details.name')));
      await customer.turn(() => customer.type('Jane Smith'), exactly(en('details.home')));
      await customer.turn(() => customer.type('SW1A 1AA'), exactly(en('prefs.contact')));
      expect(await customer.choiceTitles()).toEqual(words.titles('en', choiceKeys.contact));
      await customer.turn(() => customer.choose('Chat', 'Enter'), exactly(en('prefs.format')));
      expect(await customer.choiceTitles()).toEqual(words.titles('en', choiceKeys.format));
      const statusLine = new RegExp(
        `^${escape(en('confirm.status', { reference: '@REF@' })).replace('@REF@', 'CMP-\\d{4}-\\d{6}')}$`,
      );
      // The complaint is logged, then the vulnerability question comes (issue 11 item 6).
      const closing = await customer.turn(() => customer.choose('Standard', 'Space'), exactly(en('vulnerability.ask')));
      expect(closing.some((text) => statusLine.test(text))).toBe(true);

      const reference = referenceIn(closing.find((text) => statusLine.test(text)) ?? '') ?? '';
      expect(reference).toMatch(/^CMP-\d{4}-\d{6}$/);
      expect(await page.locator('#log').textContent()).toContain(reference);

      const record = await recordFor(gateway, reference);
      expect(record.case).toMatchObject({
        kind: 'formal_complaint',
        channel_id: 'directline',
        stage: 'stage1',
        customer_words: complaint,
      });
      expect(record.case.desired_outcome).toBe('An apology, and a call from a manager');
      expect(record.customer).toMatchObject({
        name: 'Jane Smith',
        postcode: 'SW1A 1AA',
        preferred_language: 'en',
        preferred_format: 'standard',
      });
      // The conversation staff see is the one in this browser.
      expect(record.conversation).toMatchObject({ channel_id: 'directline', address: await customer.conversationId() });
      // What the customer was told is what was stored.
      expect(opening[1]).toBe(en('triage.explicit', { topic: en(`topics.${record.case.category ?? ''}`) }));
      expect(closing).toContain(
        en('confirm.summary', {
          what: en('confirm.kind.formal_complaint'),
          reference,
          topic: en(`topics.${record.case.category ?? ''}`),
          outcome: 'An apology, and a call from a manager',
          contact: en('choices.contact.chat.title'),
          format: en('choices.format.standard.title'),
        }),
      );
      expect(closing).toContain(formalNextSteps(words, 'en', record.clocks));
      // The acknowledgement notice follows the turn's replies, so the question's buttons give way to it;
      // the question is still pending and answered by typing.
      await customer.turn(() => customer.say('no'), exactly(en('vulnerability.adjustments')));
    },
    wholeComplaint,
  );

  it(
    'passes axe WCAG 2.2 AA checks with bot messages and choice buttons on screen: standard, large text, high contrast',
    async () => {
      await customer.turn(
        () =>
          customer.say(
            "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing",
          ),
        exactly(en('triage.offer', { count: 2, topic: en('topics.repairs') })),
      );
      expect(await customer.choiceTitles()).toEqual(words.titles('en', choiceKeys.offer));
      expect(await axeViolations(page)).toEqual([]);

      await page.locator('label[for="size-large"]').click();
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('label[for="size-extra-large"]').click();
      expect(await axeViolations(page)).toEqual([]);

      await page.locator('label[for="size-standard"]').click();
      await page.locator('#contrast').click();
      expect(await page.locator('#contrast').getAttribute('aria-pressed')).toBe('true');
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('label[for="size-extra-large"]').click();
      expect(await axeViolations(page)).toEqual([]);
    },
    wholeComplaint,
  );

  it(
    'fits a 320 px phone and a 1280 px desktop, screenshots kept under test-artifacts/',
    async () => {
      await customer.turn(
        () =>
          customer.say(
            "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing",
          ),
        exactly(en('triage.offer', { count: 2, topic: en('topics.repairs') })),
      );
      await page.screenshot({ path: `${artifacts}webchat-1280.png`, fullPage: true });
      expect(await customer.horizontalOverflow()).toBeLessThanOrEqual(0);

      await page.setViewportSize({ width: 320, height: 640 });
      expect(await customer.horizontalOverflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${artifacts}webchat-320.png`, fullPage: true });

      await page.locator('label[for="size-extra-large"]').click();
      expect(await customer.horizontalOverflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${artifacts}webchat-320-extra-large.png`, fullPage: true });
      for (const name of ['webchat-1280.png', 'webchat-320.png', 'webchat-320-extra-large.png'])
        expect(existsSync(`${artifacts}${name}`)).toBe(true);
    },
    wholeComplaint,
  );

  it(
    'a whole complaint in Arabic: the selector switches the page and the bot to Arabic, right to left, and the case remembers it',
    async () => {
      await page.locator('#language').selectOption('ar');
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');

      const complaint = 'أريد تقديم شكوى رسمية لأن عامل الإصلاح لم يحضر للمرة الثالثة هذا الشهر';
      const opening = await customer.turn(() => customer.say(complaint), exactly(ar('consent.notice')));
      expect(opening).toHaveLength(3);
      expect(opening[0]).toBe(ar('start.greeting'));
      expect(await customer.choiceTitles()).toEqual(words.titles('ar', choiceKeys.yesNo));
      // The page around the conversation is Arabic too.
      expect(await page.locator('h1').textContent()).toBe('تحدّث مع فريق الإسكان');

      // Right to left with real Arabic messages and buttons on screen: axe, and a phone-width screenshot.
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('#contrast').click();
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('#contrast').click();
      await page.setViewportSize({ width: 320, height: 640 });
      expect(await customer.horizontalOverflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${artifacts}webchat-rtl-320.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });

      await customer.turn(() => customer.click(ar('choices.yes.title')), exactly(ar('details.outcome')));
      await customer.turn(() => customer.say('أريد موعدًا جديدًا واعتذارًا'), exactly(ar('details.started')));
      expect(await customer.choiceTitles()).toEqual(words.titles('ar', choiceKeys.started));
      await customer.turn(() => customer.click(ar('choices.started.recent.title')), exactly(ar('details.who')));
      await customer.turn(() => customer.click(ar('choices.who.self.title')), exactly(ar('details.name')));
      await customer.turn(() => customer.say('فاطمة علي'), exactly(ar('details.home')));
      await customer.turn(() => customer.say('M1 1AE'), exactly(ar('prefs.contact')));
      expect(await customer.choiceTitles()).toEqual(words.titles('ar', choiceKeys.contact));
      await customer.turn(() => customer.click(ar('choices.contact.chat.title')), exactly(ar('prefs.format')));
      expect(await customer.choiceTitles()).toEqual(words.titles('ar', choiceKeys.format));
      const statusLine = new RegExp(
        `^${escape(ar('confirm.status', { reference: '@REF@' })).replace('@REF@', 'CMP-\\d{4}-\\d{6}')}$`,
      );
      const closing = await customer.turn(
        () => customer.click(ar('choices.format.standard.title')),
        exactly(ar('vulnerability.ask')),
      );
      expect(closing.some((text) => statusLine.test(text))).toBe(true);

      const reference = referenceIn(closing.find((text) => statusLine.test(text)) ?? '') ?? '';
      expect(reference).toMatch(/^CMP-\d{4}-\d{6}$/);
      expect(await page.locator('#log').textContent()).toContain(reference);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');

      const record = await recordFor(gateway, reference);
      expect(record.case).toMatchObject({
        kind: 'formal_complaint',
        channel_id: 'directline',
        customer_words: complaint,
      });
      expect(record.customer).toMatchObject({ name: 'فاطمة علي', postcode: 'M1 1AE', preferred_language: 'ar' });
      expect(record.conversation).toMatchObject({ locale: 'ar', address: await customer.conversationId() });
      expect(opening[1]).toBe(ar('triage.explicit', { topic: ar(`topics.${record.case.category ?? ''}`) }));
      expect(closing).toContain(
        ar('confirm.summary', {
          what: ar('confirm.kind.formal_complaint'),
          reference,
          topic: ar(`topics.${record.case.category ?? ''}`),
          outcome: 'أريد موعدًا جديدًا واعتذارًا',
          contact: ar('choices.contact.chat.title'),
          format: ar('choices.format.standard.title'),
        }),
      );
      // Dates in Arabic ("الاثنين 30 نوفمبر"), from the case's own clocks.
      expect(closing).toContain(formalNextSteps(words, 'ar', record.clocks));
    },
    wholeComplaint,
  );
});
