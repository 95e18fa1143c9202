import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, SECURITY_HEADERS } from '../../src/http/server.js';
import { json, parseForm, type LaneRequest } from '../../src/http/webhook-lane.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/observability/metrics.js';

let server: Server;
let base: string;
const metrics = new Metrics({ defaultMetrics: false });
const seen: LaneRequest[] = [];

beforeAll(async () => {
  const { app, lane, finish } = createHttpApp({
    logger: createLogger({ level: 'silent' }),
    metrics,
    readiness: [],
    channelsOn: {},
  });
  lane.post(
    '/hook',
    async (request) => {
      seen.push(request);
      const form = parseForm(request, { parameterLimit: 5 });
      if (!form.ok) return form.response;
      return json(200, { fields: form.fields });
    },
    { limitBytes: 1024 },
  );
  lane.post(
    '/broken',
    async () => {
      throw new Error('database password is hunter2');
    },
    { limitBytes: 1024 },
  );
  finish();
  server = createServer(lane.wrap(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('the webhook lane', () => {
  it('reads a form as express.urlencoded would: repeated names become lists', async () => {
    const response = await fetch(`${base}/hook?x=1`, { method: 'POST', headers: form, body: 'A=1&B=two%20words&A=3' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ fields: { A: ['1', '3'], B: 'two words' } });
    expect(seen.at(-1)?.url).toBe('/hook?x=1');
  });

  it('sends the same security headers as the express routes', async () => {
    const response = await fetch(`${base}/hook`, { method: 'POST', headers: form, body: 'A=1' });
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name)).toBe(value);
    const health = await fetch(`${base}/healthz`);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(health.headers.get(name)).toBe(value);
  });

  it('refuses a body over the limit with 413 without handing it on, whether its length is declared or streamed', async () => {
    const before = seen.length;
    const declared = await fetch(`${base}/hook`, { method: 'POST', headers: form, body: `A=${'x'.repeat(5000)}` });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: 'payload_too_large', message: 'The request body is too large.' });

    // Chunked, so no Content-Length warns the lane: it must count as it reads.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${base}/hook`,
        { method: 'POST', headers: { ...form, 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(`A=${'y'.repeat(300)}&`);
      req.end();
    });
    expect(streamed).toBe(413);
    expect(seen.length).toBe(before);
  });

  it('refuses too many fields with 413, a compressed body or another charset with 415', async () => {
    expect(
      (await fetch(`${base}/hook`, { method: 'POST', headers: form, body: 'a=1&b=2&c=3&d=4&e=5&f=6' })).status,
    ).toBe(413);
    const gzipped = await fetch(`${base}/hook`, {
      method: 'POST',
      headers: { ...form, 'content-encoding': 'gzip' },
      body: gzipSync('A=1'),
    });
    expect(gzipped.status).toBe(415);
    const latin1 = await fetch(`${base}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1' },
      body: 'A=1',
    });
    expect(latin1.status).toBe(415);
  });

  it('gives a body of another type no fields, so the route decides what that means', async () => {
    const response = await fetch(`${base}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"A":1}',
    });
    expect(await response.json()).toEqual({ fields: {} });
  });

  it('answers a failing handler with a plain 500 and never its error message', async () => {
    const response = await fetch(`${base}/broken`, { method: 'POST', headers: form, body: 'A=1' });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toEqual({
      error: 'internal_error',
      message: 'Something went wrong on our side. Please try again.',
    });
  });

  it('leaves other methods and paths to express', async () => {
    expect((await fetch(`${base}/hook`)).status).toBe(404);
    expect((await fetch(`${base}/hook/more`, { method: 'POST', headers: form, body: 'A=1' })).status).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('counts its requests in the same metrics as express, labelled by route', async () => {
    await fetch(`${base}/hook`, { method: 'POST', headers: form, body: 'A=1' });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/gateway_http_requests_total\{route="\/hook",method="POST",status="200"\} \d+/);
    expect(text).toMatch(/gateway_http_requests_total\{route="\/hook",method="POST",status="413"\} \d+/);
    expect(text).toMatch(/gateway_http_request_duration_seconds_count\{route="\/hook",method="POST"\} \d+/);
  });
});
