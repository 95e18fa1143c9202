import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../helpers/gateway.js';
import { type BotWords, botWords, recordFor, referenceIn, startWebchatGateway } from './helpers.js';

// Microsoft's own Web Chat (botframework-webchat 4.18, its dist/webchat.js bundle served by a
// stand-in for the landlord's website, nothing from a CDN) in headless Chromium, against the
// WHOLE gateway: the real dialogs bot behind the turn and outbound queues, real Redis, PGlite.
// The landlord's site gets its token from its own backend, which holds the secret.

const chromiumPath = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => path !== undefined && path !== '' && existsSync(path),
);
const title = chromiumPath
  ? "Microsoft's Web Chat on a landlord's site, with the real bot"
  : "Microsoft's Web Chat: SKIPPED, no Chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM_PATH)";
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
const wholeComplaint = 120_000;
/** One turn of the bot on a busy machine. */
const turnTimeout = 30_000;
const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
// The package's exports hide dist/: find it beside the package's main entry (lib/index.js).
const webchatMain = createRequire(import.meta.url).resolve('botframework-webchat');
const webchatBundle = readFileSync(join(dirname(dirname(webchatMain)), 'dist', 'webchat.js'));
const site = new URL('./landlord-site/', import.meta.url);
const secret = 'landlord-site-secret-0123456789abcdef';

/** The landlord's website: its page, Web Chat's bundle, and a token route that calls the gateway with the secret. */
async function startLandlordSite(
  gatewayUrl: string,
): Promise<{ url: string; server: Server; tokensIssued: () => number }> {
  let tokens = 0;
  const page = readFileSync(new URL('index.html', site));
  const script = readFileSync(new URL('chat.js', site), 'utf8').replace('@GATEWAY@', gatewayUrl);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    if (req.method === 'GET' && path === '/')
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    if (req.method === 'GET' && path === '/webchat.js')
      return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(webchatBundle);
    if (req.method === 'GET' && path === '/chat.js')
      return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (req.method === 'POST' && path === '/api/chat-token') {
      // The backend's half of the README's pattern: the secret never reaches the browser.
      void fetch(`${gatewayUrl}/v3/directline/tokens/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}` },
      })
        .then(async (answer) => {
          tokens += 1;
          res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
        })
        .catch(() => res.writeHead(502).end());
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, tokensIssued: () => tokens };
}

/** Web Chat as a customer sees and uses it. */
class WebChatCustomer {
  constructor(readonly page: Page) {}

  /** The bot's messages on screen, each as its visible text (lines joined with newlines). */
  botTexts(): Promise<string[]> {
    return this.page.evaluate(() =>
      Array.from(
        document.querySelectorAll('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content'),
      ).map((node) =>
        Array.from(node.querySelectorAll('.webchat__text-content'))
          .map((p) => (p as HTMLElement).innerText)
          .join('\n'),
      ),
    );
  }

  userBubbles(): Promise<number> {
    return this.page.locator('.webchat__bubble--from-user').count();
  }

  /** Waits until the bot says something matching `last` after what was already on screen; returns the new messages. */
  async turn(act: () => Promise<void>, last: RegExp): Promise<string[]> {
    const before = (await this.botTexts()).length;
    await act();
    const deadline = Date.now() + turnTimeout;
    for (;;) {
      const fresh = (await this.botTexts()).slice(before);
      if (fresh.some((text) => last.test(text))) return fresh;
      if (Date.now() > deadline)
        throw new Error(`the bot never said ${String(last)}; it said ${JSON.stringify(fresh)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async type(text: string): Promise<void> {
    const box = this.page.locator('.webchat__send-box-text-box__input');
    await box.click();
    await box.fill(text);
    await box.press('Enter');
  }

  async click(title: string): Promise<void> {
    await this.page.locator('.webchat__suggested-action', { hasText: title }).first().click();
  }

  suggestedActions(): Promise<string[]> {
    return this.page.locator('.webchat__suggested-action').allInnerTexts();
  }
}

function line(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

describe.skipIf(chromiumPath === undefined)(title, () => {
  let gateway: TestGateway;
  let landlord: Awaited<ReturnType<typeof startLandlordSite>>;
  let browser: Browser;
  let words: BotWords;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    words = await botWords();
    gateway = await startWebchatGateway({ DIRECTLINE_SECRET: secret });
    landlord = await startLandlordSite(gateway.url);
    browser = await chromium.launch({ executablePath: chromiumPath, args: launchArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (landlord ? landlord.server.close(() => resolve()) : resolve()));
    await gateway?.stop();
  });

  const en = (key: string, vars?: Record<string, string | number>) => words.says('en', key, vars);

  it(
    'greets before the customer types, shows typing, keeps lines, takes a button and a photo, and ends with a reference',
    async () => {
      const context = await browser.newContext({ viewport: { width: 420, height: 820 }, locale: 'en-GB' });
      const page = await context.newPage();
      page.setDefaultTimeout(wholeComplaint);
      const customer = new WebChatCustomer(page);
      // What reached the browser, from Web Chat's own store, and whether its typing indicator was ever drawn.
      await page.addInitScript(() => {
        const seen: { incoming: string[]; typingDrawn: boolean } = { incoming: [], typingDrawn: false };
        (window as unknown as { seen: typeof seen }).seen = seen;
        (
          window as unknown as {
            onWebChatAction: (a: {
              type: string;
              payload?: { activity?: { type?: string; from?: { role?: string } } };
            }) => void;
          }
        ).onWebChatAction = (action) => {
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY')
            seen.incoming.push(
              `${action.payload?.activity?.from?.role ?? '?'}:${action.payload?.activity?.type ?? '?'}`,
            );
        };
        new MutationObserver(() => {
          if (document.querySelector('.webchat__typing-indicator')) seen.typingDrawn = true;
        }).observe(document, { childList: true, subtree: true });
      });
      try {
        await page.goto(`${landlord.url}/`);

        // The greeting is on screen before the customer has typed anything, in the language asked for.
        await expect
          .poll(async () => (await customer.botTexts()).includes(en('start.greeting')), { timeout: wholeComplaint })
          .toBe(true);
        expect(await customer.botTexts()).toEqual([en('start.greeting'), en('start.howCanIHelp')]);
        expect(await customer.userBubbles()).toBe(0);
        expect(landlord.tokensIssued()).toBe(1);
        await page.screenshot({ path: `${artifacts}ms-webchat-greeting.png` });

        const complaint =
          'i want to complain, the damp in my bedroom has been reported 3 times and nobody has come out';
        const opening = await customer.turn(() => customer.type(complaint), line(en('consent.notice')));
        // Greeted once: the first message brings no second greeting.
        expect(opening).not.toContain(en('start.greeting'));
        expect((await customer.botTexts()).filter((t) => t === en('start.greeting'))).toHaveLength(1);
        expect(await customer.suggestedActions()).toEqual(words.titles('en', ['choices.yes', 'choices.no']));

        // A suggested action, clicked.
        await customer.turn(() => customer.click(en('choices.yes.title')), line(en('details.outcome')));

        // A photo of the damp, through Web Chat's paperclip: it goes to /upload and on to the bot.
        const photo = await page.screenshot({
          type: 'jpeg',
          quality: 80,
          clip: { x: 0, y: 0, width: 240, height: 160 },
        });
        const uploads: number[] = [];
        page.on('response', (response) => {
          if (response.url().includes('/upload?userId=')) uploads.push(response.status());
        });
        const afterPhoto = await customer.turn(async () => {
          // The landlord's page sends a photo as soon as it is chosen (sendAttachmentOn: 'attach'), without words.
          await page.setInputFiles('.webchat__upload-button--file-input', {
            name: 'damp-bedroom.jpg',
            mimeType: 'image/jpeg',
            buffer: photo,
          });
        }, /./);
        // The photo is acknowledged, and the question it came in place of is asked again.
        expect(afterPhoto[0]).toBe(en('media.received'));
        expect(uploads).toEqual([200]);
        const conversationId =
          (
            await gateway.store.db.query<{ address: string }>(
              `select address from conversations where channel_id = 'directline'`,
            )
          )[0]?.address ?? '';
        const rows = await gateway.store.db.query<{
          id: string;
          text: string;
          media: Array<{ url: string; contentType?: string }>;
        }>(
          `select m.id, m.text, m.media from messages m join conversations c on c.id = m.conversation_id
         where c.address = $1 and m.direction = 'inbound' and jsonb_array_length(m.media) > 0`,
          [conversationId],
        );
        expect(rows).toHaveLength(1);
        const photoRow = rows[0]!;
        expect(photoRow.text).toBe('');
        expect(photoRow.media).toEqual([
          {
            url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/media\/[A-Za-z0-9_-]{22}$/),
            contentType: 'image/jpeg',
          },
        ]);
        // Staff can open it at its link; it is the customer's bytes.
        const served = await fetch(photoRow.media[0]!.url);
        expect(served.status).toBe(200);
        expect(served.headers.get('content-type')).toBe('image/jpeg');
        expect(Buffer.from(await served.arrayBuffer()).equals(photo)).toBe(true);
        // Web Chat shows the photo it sent, from the gateway's copy.
        await expect.poll(() => page.locator('.webchat__bubble--from-user img').count()).toBeGreaterThan(0);
        await page.screenshot({ path: `${artifacts}ms-webchat-photo.png` });

        await customer.turn(
          () => customer.type('get someone out to fix it and sort the mould'),
          line(en('details.started')),
        );
        await customer.turn(() => customer.click(en('choices.started.withinYear.title')), line(en('details.who')));
        await customer.turn(() => customer.click(en('choices.who.self.title')), line(en('details.name')));
        await customer.turn(() => customer.type('Dawn Hughes'), line(en('details.home')));
        await customer.turn(() => customer.type('ls6 2ab'), line(en('prefs.contact')));
        await customer.turn(() => customer.click(en('choices.contact.chat.title')), line(en('prefs.format')));
        const statusLine = new RegExp(
          `^${en('confirm.status', { reference: '@REF@' })
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            .replace('@REF@', 'CMP-\\d{4}-\\d{6}')}$`,
        );
        // The complaint is logged, then the vulnerability question comes (issue 11 item 6).
        const closing = await customer.turn(
          () => customer.click(en('choices.format.standard.title')),
          line(en('vulnerability.ask')),
        );

        // The multi-line confirmation keeps its lines: one paragraph each, as the bot wrote them.
        const reference = referenceIn(closing.find((text) => statusLine.test(text)) ?? '') ?? '';
        expect(reference).toMatch(/^CMP-\d{4}-\d{6}$/);
        const summary = closing.find((text) =>
          text.startsWith(
            en('confirm.summary', { what: '@', reference, topic: '', outcome: '', contact: '', format: '' }).split(
              '@',
            )[0] ?? '@',
          ),
        );
        expect(summary).toBeDefined();
        const summaryLines = (summary ?? '').split('\n');
        expect(summaryLines.length).toBe(6);
        expect(summaryLines[1]).toBe(`Reference: ${reference}`);
        const paragraphs = await page.evaluate((ref) => {
          const bubble = Array.from(document.querySelectorAll('.webchat__bubble__content')).find((node) =>
            (node.textContent ?? '').includes(`Reference: ${ref}`),
          );
          return bubble ? bubble.querySelectorAll('p.webchat__text-content').length : 0;
        }, reference);
        expect(paragraphs).toBe(6);
        await page.screenshot({ path: `${artifacts}ms-webchat-confirmation.png` });

        // The typing indicator came while turns ran, and was drawn.
        const seen = await page.evaluate(
          () => (window as unknown as { seen: { incoming: string[]; typingDrawn: boolean } }).seen,
        );
        expect(seen.incoming).toContain('bot:typing');
        expect(seen.typingDrawn).toBe(true);
        // It came before a turn's reply, not after it: after some message of the customer's, the
        // bot's next activity is typing. (The greeting's own typing may come before Web Chat's
        // socket is subscribed, and typing is never replayed, so the greeting is not the one asked.)
        const typingFirst = seen.incoming.some((entry, i) => {
          if (entry !== 'user:message') return false;
          return (
            seen.incoming.slice(i + 1).find((next) => next === 'bot:typing' || next === 'bot:message') === 'bot:typing'
          );
        });
        expect(typingFirst).toBe(true);

        // Staff find the case, with the photo on it, under the reference the customer was given.
        const record = await recordFor(gateway, reference);
        expect(record.case).toMatchObject({
          kind: 'formal_complaint',
          channel_id: 'directline',
          customer_words: complaint,
        });
        expect(record.customer).toMatchObject({ name: 'Dawn Hughes', preferred_language: 'en' });
        const onCase = await gateway.store.listCaseMessages(record.case.id);
        expect(onCase.find((m) => m.id === photoRow.id)?.media).toEqual(photoRow.media);
        // The join that brought the greeting is stored, marked, and is not on the case or in the transcript.
        const joins = await gateway.store.db.query<{ kind: string; text: string; case_id: string | null }>(
          `select m.kind, m.text, m.case_id from messages m where m.conversation_id = $1 and m.kind = 'join'`,
          [record.conversation.id],
        );
        expect(joins).toEqual([{ kind: 'join', text: '', case_id: null }]);
        expect((await gateway.store.listMessages(record.conversation.id)).every((m) => m.kind === 'message')).toBe(
          true,
        );
      } finally {
        await context.close();
      }
    },
    wholeComplaint * 2,
  );
});
