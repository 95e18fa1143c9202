import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageLanguages } from '../../channels/directline/index.js';
import { type TestGateway, startGateway } from './helpers/server.js';

const localeFile = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../locales/${lang}/webchat.json`, import.meta.url), 'utf8')) as Record<
    string,
    string
  >;
const variables = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the chat page', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startGateway({ tokensPerMinute: 3 });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('is served at / as HTML that says it is an automated assistant, with a strict content policy', async () => {
    const response = await fetch(`${gateway.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('This is an automated assistant, not a person.');
    expect(html).toMatch(/<html lang="en" dir="ltr">/);
  });

  it('keeps chat.js under 50 kB gzipped, and serves it and the styles with content types and cache headers', async () => {
    const html = await (await fetch(`${gateway.baseUrl}/`)).text();
    const scriptPath = /src="(webchat\/chat\.js\?v=[\w-]+)"/.exec(html)?.[1];
    const stylePath = /href="(webchat\/chat\.css\?v=[\w-]+)"/.exec(html)?.[1];
    expect(scriptPath).toBeDefined();
    expect(stylePath).toBeDefined();

    const script = await fetch(`${gateway.baseUrl}/${scriptPath}`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = Buffer.from(await script.arrayBuffer());
    expect(gzipSync(body).length).toBeLessThan(50 * 1024);

    const style = await fetch(`${gateway.baseUrl}/${stylePath}`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');

    // Unversioned, it must be revalidated; and a matching ETag answers 304.
    const plain = await fetch(`${gateway.baseUrl}/webchat/chat.js`);
    expect(plain.headers.get('cache-control')).toBe('no-cache');
    const again = await fetch(`${gateway.baseUrl}/webchat/chat.js`, {
      headers: { 'if-none-match': plain.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it('serves the page words for each offered language and 404 for anything else', async () => {
    for (const lang of pageLanguages) {
      const response = await fetch(`${gateway.baseUrl}/webchat/locales/${lang}.json`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as Record<string, string>)['send']).toBe(localeFile(lang)['send']);
    }
    for (const path of ['fr.json', 'en', '..%2F..%2Fpackage.json', 'en.json%00', 'EN.json']) {
      expect((await fetch(`${gateway.baseUrl}/webchat/locales/${path}`)).status).toBe(404);
    }
  });

  it('mints a token for a new conversation to the page, and 429 once one address asks too often', async () => {
    const statuses: number[] = [];
    const conversations = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${gateway.baseUrl}/webchat/token`, { method: 'POST' });
      statuses.push(response.status);
      if (response.ok) conversations.add(((await response.json()) as { conversationId: string }).conversationId);
      else expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(conversations.size).toBe(3);
  });
});

describe('the page words in every language', () => {
  const english = localeFile('en');

  it.each(pageLanguages.filter((lang) => lang !== 'en'))('%s has exactly the English keys and variables', (lang) => {
    const words = localeFile(lang);
    expect(Object.keys(words).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(english)) {
      expect({ key, vars: variables(words[key] ?? '') }).toEqual({ key, vars: variables(text) });
      expect(words[key]?.trim()).not.toBe('');
    }
  });

  it('covers every word the page asks for', () => {
    const page = readFileSync(new URL('../../channels/directline/public/index.html', import.meta.url), 'utf8');
    const script = readFileSync(new URL('../../channels/directline/public/chat.js', import.meta.url), 'utf8');
    const used = new Set([
      ...[...page.matchAll(/data-i18n="(\w+)"/g)].map((m) => m[1]),
      ...[...script.matchAll(/(?:\bt|setStatus)\('(\w+)'/g)].map((m) => m[1]),
    ]);
    const missing = [...used].filter((key) => key !== undefined && !(key in english));
    expect(missing).toEqual([]);
  });
});
