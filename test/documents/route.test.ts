import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

/** The path of a document link, on the test gateway's own address (PUBLIC_BASE_URL names port 0 in tests). */
const pathOf = (url: string): string => new URL(url).pathname;

describe('GET /documents/:token on the running gateway', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const get = (path: string) => fetch(`${gateway.url}${path}`, { redirect: 'manual' });

  function expectPrivate(res: Response): void {
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  }

  it('serves the page for a valid link, under its own strict policy, never cached', async () => {
    const link = await gateway.documents.renderInformation('complaints_procedure', 'en', 'large_print');
    const res = await get(pathOf(link.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectPrivate(res);
    expect(res.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'sha256-[\w+/=]+'; img-src 'none'/,
    );
    const html = await res.text();
    expect(html).toContain('<html lang="en-GB" dir="ltr">');
    expect(html).toContain('<h1>Our complaints procedure: a summary</h1>');
    const token = pathOf(link.url).split('/').pop();
    expect(html).toContain(`href="${token}.pdf"`);
  });

  it('serves the same document as a PDF, inline, at <token>.pdf and with ?format=pdf', async () => {
    const link = await gateway.documents.renderInformation('service_standards', 'en', 'standard');
    for (const path of [pathOf(link.pdfUrl), `${pathOf(link.url)}?format=pdf`]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe('inline; filename="service-standards.pdf"');
      expectPrivate(res);
      expect(
        Buffer.from(await res.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    }
  });

  it('answers 404 for a made-up link, and 410 Gone for an expired one', async () => {
    for (const path of [`/documents/${'x'.repeat(22)}`, '/documents/not-a-token', `/documents/${'x'.repeat(22)}.pdf`]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expectPrivate(res);
      expect(await res.text()).toContain('<h1>Document not found</h1>');
    }
    const link = await gateway.documents.renderInformation('privacy_notice', 'en', 'standard');
    await gateway.db.query("update documents set expires_at = now() - interval '1 minute' where id = $1", [
      link.documentId,
    ]);
    for (const path of [pathOf(link.url), pathOf(link.pdfUrl)]) {
      const res = await get(path);
      expect(res.status).toBe(410);
      expectPrivate(res);
      expect(await res.text()).toContain('<h1>This link has expired</h1>');
    }
  });

  it('shows the customer’s words as text, never as markup', async () => {
    const { conversationId, messageId } = await gateway.store.recordInbound({
      channelId: 'directline',
      providerMessageId: `route-${Date.now()}`,
      from: `route-user-${Date.now()}`,
      to: 'bot',
      text: 'x',
      media: [],
      receivedAt: new Date().toISOString(),
    });
    const customer = await gateway.store.ensureCustomer(conversationId);
    await gateway.store.updateCustomer(customer.id, { preferred_format: 'large_print', name: 'Ann <i>Lee</i>' });
    const opened = await gateway.cases.openCase({
      kind: 'formal_complaint',
      customerId: customer.id,
      conversationId,
      channelId: 'directline',
      customerWords: 'Nobody came <script>alert(document.cookie)</script>',
      originMessageId: messageId,
    });
    // A colleague acknowledges it (issue 15): the letter goes to the customer's chat; its link opens the escaped page.
    await gateway.steps.record(opened.case.id, 'acknowledge', { actor: 'staff:U0STAFF1', lead: false });
    const told = (await gateway.store.listMessages(conversationId)).find(
      (m) => m.direction === 'outbound' && m.text.includes('/documents/'),
    );
    const url = /https?:\/\/\S+\/documents\/[\w-]{22}/.exec(told?.text ?? '')?.[0];
    expect(url, told?.text).toBeDefined();
    const html = await (await get(pathOf(url!))).text();
    expect(html).toContain(opened.case.reference);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<i>');
    expect(html).toContain('Nobody came &lt;script&gt;alert(document.cookie)&lt;/script&gt;');
    expect(html).toContain('Dear Ann &lt;i&gt;Lee&lt;/i&gt;,');
  });
});
