import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { asCodedError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';
import { ERROR_BODIES, WebhookLane } from './webhook-lane.js';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

export interface HttpAppOptions {
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessCheck[];
  /** Shown on /readyz so an operator sees which channels have credentials. */
  channelsOn: Record<string, boolean>;
  /** Refresh gauges (queue depths) just before /metrics is scraped. */
  beforeScrape?: () => Promise<void>;
  /** True once shutdown has begun: /readyz says 503 so the load balancer drains this node. */
  isShuttingDown?: () => boolean;
  /** @defaultValue READINESS_TIMEOUT_MS */
  readinessTimeoutMs?: number;
  /**
   * TRUSTED_PROXIES: whose X-Forwarded-For is believed (express's `trust proxy`).
   * @defaultValue none: the client is the socket's address, whatever the headers say
   */
  trustedProxies?: readonly string[];
  /** METRICS_TOKEN: /metrics answers only `Authorization: Bearer <token>`. @defaultValue none: /metrics is open */
  metricsToken?: string;
}

/** How long /readyz waits for one dependency before calling it unreachable. */
export const READINESS_TIMEOUT_MS = 1_500;

/** false when the check fails or has not answered in time. */
function withTimeout(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([check.catch(() => false), late]).finally(() => clearTimeout(timer));
}

/** Sent with every response, from express and from the webhook lane alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

const securityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  next();
};

/** Label requests by their route pattern, never by the raw path (ids would explode the label set). */
function routeLabel(req: express.Request): string {
  const route = (req as express.Request & { route?: { path?: string } }).route?.path;
  return route ? `${req.baseUrl}${typeof route === 'string' ? route : ''}` : 'unmatched';
}

/**
 * The HTTP shell every role shares: health, readiness, metrics, security headers, and
 * error handling that answers 400/413 clearly and never sends a stack trace.
 * Channels mount their own routes (and their own body parsers, since signatures are
 * computed over the raw body) on the router this returns, and webhooks that come in
 * storms on the lane, which the server must put in front: createServer(lane.wrap(app)).
 */
export function createHttpApp(options: HttpAppOptions): {
  app: Express;
  channelRouter: express.Router;
  lane: WebhookLane;
  finish: () => void;
} {
  const { logger, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  // Believing X-Forwarded-For from anyone would let a client pick its own address (and so
  // its own rate limit): only the proxies the operator names are believed.
  const trusted = options.trustedProxies ?? [];
  app.set('trust proxy', trusted.length > 0 ? [...trusted] : false);
  app.use(securityHeaders);
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = routeLabel(req);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ route, method: req.method, status: String(res.statusCode) });
      metrics.httpDuration.observe({ route, method: req.method }, seconds);
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    // Each check is bounded: a Redis or database that has stopped answering is "unreachable"
    // within READINESS_TIMEOUT_MS, so a probe gets its answer while the outage lasts.
    const results = await Promise.all(
      options.readiness.map(
        async (r) =>
          [r.name, await withTimeout(r.check(), options.readinessTimeoutMs ?? READINESS_TIMEOUT_MS)] as const,
      ),
    );
    const checks = Object.fromEntries(results.map(([n, ok]) => [n, ok ? 'ok' : 'unreachable']));
    const shuttingDown = options.isShuttingDown?.() ?? false;
    const ready = !shuttingDown && results.every(([, ok]) => ok);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : shuttingDown ? 'shutting_down' : 'not_ready',
      checks,
      channels: options.channelsOn,
    });
  });

  app.get('/metrics', async (req, res) => {
    if (options.metricsToken !== undefined && !bearerMatches(req.get('authorization'), options.metricsToken)) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer realm="metrics"')
        .json({ error: 'unauthorized', message: 'Authorization: Bearer <METRICS_TOKEN> is required.' });
      return;
    }
    await options
      .beforeScrape?.()
      .catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'metrics refresh failed'));
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  const channelRouter = express.Router();
  app.use(channelRouter);

  /** Call after every route is mounted: the 404 and error handlers must come last. */
  const finish = (): void => {
    app.use((_req, res) => {
      res.status(404).json({ error: 'not_found' });
    });
    const onError: ErrorRequestHandler = (error: unknown, req, res, _next) => {
      const err = error as { type?: string; status?: number; statusCode?: number; message?: string };
      const status = err.status ?? err.statusCode ?? 500;
      if (res.headersSent) return;
      if (err.type === 'entity.too.large' || status === 413) {
        res.status(413).json(ERROR_BODIES.tooLarge);
        return;
      }
      if (
        err.type === 'entity.parse.failed' ||
        err.type === 'encoding.unsupported' ||
        (status >= 400 && status < 500)
      ) {
        res.status(status >= 400 && status < 500 ? status : 400).json(ERROR_BODIES.unreadable);
        return;
      }
      logger.error({ route: routeLabel(req), code: asCodedError(error).code, err: err.message }, 'request failed');
      res.status(500).json(ERROR_BODIES.internal);
    };
    app.use(onError);
  };

  const lane = new WebhookLane({ logger, metrics, headers: SECURITY_HEADERS });
  return { app, channelRouter, lane, finish };
}

/** `Bearer <token>` with exactly our token, compared in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  // Hashes are the same length whatever was sent, so the comparison never leaks the token's length.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}
