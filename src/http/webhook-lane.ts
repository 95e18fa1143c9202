import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { asCodedError, ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';

/**
 * The webhook lane: provider webhooks that arrive in bursts (Twilio's inbound SMS and
 * status callbacks) are answered straight from node:http, ahead of express. Express
 * spends more CPU per request than verifying, storing and enqueueing the message put
 * together (bench/sms-webhook.ts, README "Benchmarks"); in a storm, that decides how
 * many texts one web process can acknowledge before the provider times out.
 *
 * The lane keeps the promises the express app makes: the same security headers and
 * request metrics, 413 for an oversized body, 415 for an encoding it cannot read, a
 * clear JSON error and never a stack trace. Everything else falls through to express.
 */

/** A POST the lane has read in full, with nothing parsed yet. */
export interface LaneRequest {
  /** Path and query string exactly as received: signatures are computed over it. */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface LaneResponse {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

export type LaneHandler = (request: LaneRequest) => Promise<LaneResponse>;

export interface WebhookLaneOptions {
  logger: Logger;
  metrics: Metrics;
  /** Headers every response carries (the express app's own security headers). */
  headers: Record<string, string>;
}

interface LaneRoute {
  handler: LaneHandler;
  limitBytes: number;
}

export function json(status: number, value: unknown, headers?: Record<string, string>): LaneResponse {
  return {
    status,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(value),
    ...(headers ? { headers } : {}),
  };
}

/** The error bodies every HTTP answer uses, from express (src/http/server.ts) and the lane alike. */
export const ERROR_BODIES = {
  tooLarge: { error: 'payload_too_large', message: 'The request body is too large.' },
  unreadable: { error: 'bad_request', message: 'The request body could not be read.' },
  internal: { error: 'internal_error', message: 'Something went wrong on our side. Please try again.' },
} as const;

const tooLarge = (): LaneResponse => json(413, ERROR_BODIES.tooLarge);
const unreadable = (): LaneResponse => json(415, ERROR_BODIES.unreadable);

export class WebhookLane {
  private readonly routes = new Map<string, LaneRoute>();

  constructor(private readonly options: WebhookLaneOptions) {}

  /** Answer POSTs to this exact path (any query string) from the lane. */
  post(path: string, handler: LaneHandler, options: { limitBytes: number }): void {
    if (this.routes.has(path)) throw new ConfigError(`${path} is already on the webhook lane`);
    this.routes.set(path, { handler, limitBytes: options.limitBytes });
  }

  /** The server's request listener: lane routes first, then `fallback` (the express app). */
  wrap(fallback: RequestListener): RequestListener {
    return (req, res) => {
      const route = req.method === 'POST' ? this.routes.get(pathOf(req.url ?? '/')) : undefined;
      if (!route) {
        fallback(req, res);
        return;
      }
      this.serve(route, req, res);
    };
  }

  private serve(route: LaneRoute, req: IncomingMessage, res: ServerResponse): void {
    const started = process.hrtime.bigint();
    const path = pathOf(req.url ?? '/');
    const finish = (response: LaneResponse, close = false): void => {
      if (res.headersSent) return;
      const body = Buffer.from(response.body, 'utf8');
      res.writeHead(response.status, {
        ...this.options.headers,
        ...response.headers,
        'Content-Type': response.contentType,
        'Content-Length': String(body.length),
        ...(close ? { Connection: 'close' } : {}),
      });
      res.end(body);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.options.metrics.httpRequests.inc({ route: path, method: 'POST', status: String(response.status) });
      this.options.metrics.httpDuration.observe({ route: path, method: 'POST' }, seconds);
    };

    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      req.resume();
      finish(unreadable());
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > route.limitBytes) {
      // Refuse before reading it; the connection closes once the answer is out.
      finish(tooLarge(), true);
      req.resume();
      return;
    }

    const chunks: Buffer[] = [];
    let received = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      received += chunk.length;
      if (received > route.limitBytes) {
        refused = true;
        chunks.length = 0;
        finish(tooLarge(), true);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      // The client went away mid-body: there is no one left to answer.
      refused = true;
    });
    req.on('end', () => {
      if (refused) return;
      const request: LaneRequest = {
        url: req.url ?? '/',
        headers: req.headers,
        body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
      };
      route.handler(request).then(finish, (error: unknown) => {
        this.options.logger.error(
          { route: path, code: asCodedError(error).code, err: (error as Error).message },
          'request failed',
        );
        finish(json(500, ERROR_BODIES.internal));
      });
    });
  }
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** What `parseForm` makes of a body: its fields, or why it cannot be read. */
export type FormResult =
  { ok: true; fields: Record<string, string | string[]> } | { ok: false; response: LaneResponse };

/**
 * An application/x-www-form-urlencoded body as express.urlencoded({ extended: false })
 * reads it: repeated names become arrays, too many fields is 413, a charset other than
 * UTF-8 is 415. Any other content type yields no fields (as express leaves req.body
 * empty), so the signature check still decides.
 */
export function parseForm(request: LaneRequest, options: { parameterLimit: number }): FormResult {
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  const [mediaType, ...parameters] = type.split(';').map((p) => p.trim());
  const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  if (mediaType !== 'application/x-www-form-urlencoded') return { ok: true, fields };
  const charset = parameters
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    return { ok: false, response: unreadable() };
  }
  let count = 0;
  for (const [name, value] of new URLSearchParams(request.body.toString('utf8'))) {
    if (++count > options.parameterLimit) return { ok: false, response: tooLarge() };
    const seen = fields[name];
    if (seen === undefined) fields[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else fields[name] = [seen, value];
  }
  return { ok: true, fields };
}
