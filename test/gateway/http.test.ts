import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

describe('the HTTP surface every role shares', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.stop();
  });

  it('answers /healthz and /readyz, and says which channels are on', async () => {
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { redis: 'ok', database: 'ok' },
      channels: { sms: false, meta: false, slack: false, webchat: true },
    });
  });

  it('exposes Prometheus metrics with request counts, queue depths and turns', async () => {
    await fetch(`${gw.url}/healthz`);
    const body = await (await fetch(`${gw.url}/metrics`)).text();
    expect(body).toMatch(/gateway_http_requests_total\{route="\/healthz",method="GET",status="200"\} \d+/);
    expect(body).toMatch(/gateway_queue_jobs\{queue="inbound",state="waiting"\} 0/);
    expect(body).toContain('# TYPE gateway_turns_total counter');
    expect(body).toContain('# TYPE gateway_jobs_failed_total counter');
  });

  /** A web chat conversation, as the page opens one: its id and a token scoped to it. */
  async function openConversation(): Promise<{ conversationId: string; token: string }> {
    const { token } = (await (await fetch(`${gw.url}/webchat/token`, { method: 'POST' })).json()) as { token: string };
    return (await (
      await fetch(`${gw.url}/v3/directline/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { conversationId: string; token: string };
  }

  it('answers malformed JSON with 400, no stack trace, and stores nothing', async () => {
    const conversation = await openConversation();
    const before = await gw.db.query<{ n: number }>('select count(*)::int as n from messages');
    const res = await fetch(`${gw.url}/v3/directline/conversations/${conversation.conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}` },
      body: '{"type": "message", "text": ',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/\bat \S+ \(|node_modules|SyntaxError/);
    expect(await gw.db.query<{ n: number }>('select count(*)::int as n from messages')).toEqual(before);
  });

  it('answers an oversized body with 413 and no stack trace', async () => {
    const conversation = await openConversation();
    const res = await fetch(`${gw.url}/v3/directline/conversations/${conversation.conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}` },
      body: JSON.stringify({ type: 'message', from: { id: 'user' }, text: 'x'.repeat(2_000_000) }),
    });
    expect(res.status).toBe(413);
    expect(await res.text()).not.toMatch(/\bat \S+ \(|node_modules/);
  });

  it('answers unknown routes with a JSON 404 and sends security headers', async () => {
    const res = await fetch(`${gw.url}/no/such/route`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found' });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
