import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * Issue 13, item 9: a client address comes from X-Forwarded-For only when the request came
 * through a proxy the operator trusts (TRUSTED_PROXIES), so the web chat token limit cannot
 * be sidestepped by naming a new address each time; and /metrics asks for METRICS_TOKEN.
 */

/** The web chat page's token route allows 30 a minute from one address. */
const TOKENS_PER_MINUTE = 30;

async function tokensFromForgedAddresses(gateway: TestGateway, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${gateway.url}/webchat/token`, {
      method: 'POST',
      headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
    });
    statuses.push(response.status);
    await response.body?.cancel();
  }
  return statuses;
}

describe('TRUSTED_PROXIES unset: X-Forwarded-For is ignored', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('counts every token request from one socket address against one limit, whatever address it claims', async () => {
    const statuses = await tokensFromForgedAddresses(gateway, TOKENS_PER_MINUTE + 2);
    expect(statuses.slice(0, TOKENS_PER_MINUTE).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(TOKENS_PER_MINUTE)).toEqual([429, 429]);
  });

  it('leaves /metrics open when METRICS_TOKEN is unset', async () => {
    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(200);
  });
});

describe('TRUSTED_PROXIES=loopback and METRICS_TOKEN set', () => {
  const token = 'metrics-token-for-tests-0123456789';
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ TRUSTED_PROXIES: 'loopback', METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('believes X-Forwarded-For from the trusted proxy: each client it names has its own limit', async () => {
    const statuses = await tokensFromForgedAddresses(gateway, TOKENS_PER_MINUTE + 2);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('answers /metrics only with the bearer token', async () => {
    for (const authorization of [
      undefined,
      'Bearer wrong-token-wrong-token',
      `Basic ${token}`,
      `Bearer ${token}x`,
      'Bearer',
    ]) {
      const response = await fetch(`${gateway.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(await response.text()).not.toContain('gateway_');
    }
    const allowed = await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('gateway_http_requests_total');
  });
});

describe('the settings', () => {
  it('takes addresses, subnets and express names, and stops start-up on anything else', () => {
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.7,fd00::/8 , loopback' }).TRUSTED_PROXIES).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      'loopback',
    ]);
    expect(loadConfig({}).TRUSTED_PROXIES).toEqual([]);
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.example.com', '1']) {
      expect(() => loadConfig({ TRUSTED_PROXIES: bad }), bad).toThrow(/TRUSTED_PROXIES/);
    }
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
    expect(() => loadConfig({ METRICS_TOKN: 'x'.repeat(20) })).toThrow(/METRICS_TOKN: unknown setting/);
  });
});
