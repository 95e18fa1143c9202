import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import type { PolicyPack } from '../policy/index.js';
import { IsoDateSchema } from '../policy/london-time.js';
import { reportPeriod } from './period.js';
import { renderReport } from './render.js';

/**
 * The report for staff at `GET /reports/complaints?from=…&to=…&format=html|pdf|csv|json`,
 * behind a link signed with the gateway's secret that expires (what `/report` in Slack
 * posts), or with `Authorization: Bearer <METRICS_TOKEN>` for tools. Figures, not personal
 * details; still never cached or indexed. Bad input is 400, a bad or old link 403.
 */

export interface ReportLinkSigner {
  /** A link to the report for a period, valid for `ttlMs`. */
  link(from: string, to: string, format?: 'html' | 'pdf' | 'csv' | 'json', ttlMs?: number): string;
}

const QuerySchema = z
  .object({
    from: IsoDateSchema,
    to: IsoDateSchema,
    format: z.enum(['html', 'pdf', 'csv', 'json']).default('html'),
    table: z.enum(['cases', 'clocks', 'remedies', 'surveys']).default('clocks'),
    expires: z.coerce.number().int().positive().optional(),
    sig: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/)
      .optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'from is after to' });

const DEFAULT_TTL_MS = 7 * 24 * 3_600_000;

function signature(secret: string, from: string, to: string, expires: number): string {
  return createHmac('sha256', secret).update(`report|${from}|${to}|${expires}`).digest('base64url');
}

export function reportLinkSigner(
  secret: string,
  publicBaseUrl: string,
  now: () => Date = () => new Date(),
): ReportLinkSigner {
  return {
    link(from, to, format = 'html', ttlMs = DEFAULT_TTL_MS) {
      const expires = Math.floor((now().getTime() + ttlMs) / 1000);
      const params = new URLSearchParams({
        from,
        to,
        format,
        expires: String(expires),
        sig: signature(secret, from, to, expires),
      });
      return `${publicBaseUrl.replace(/\/$/, '')}/reports/complaints?${params.toString()}`;
    },
  };
}

export interface ReportsRouterOptions {
  db: Queryable;
  pack: PolicyPack;
  /** LANDLORD_HOMES: without it the route answers 503 (the per-1,000 figures cannot be made). */
  homes: number | undefined;
  secret: string;
  /** METRICS_TOKEN: a tool may read the report with it instead of a signed link. */
  bearerToken?: string;
  landlordName: string;
  /** How to name each channel id. @defaultValue the id */
  channelLabels?: Readonly<Record<string, string>>;
  now?: () => Date;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function refuse(res: Response, status: number, message: string): void {
  res.status(status).type('text/plain; charset=utf-8').send(`${message}\n`);
}

export function reportsRouter(options: ReportsRouterOptions): Router {
  const router = express.Router();
  const now = options.now ?? (() => new Date());
  router.get('/reports/complaints', async (req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow, noarchive');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const query = QuerySchema.safeParse(req.query);
    if (!query.success) return refuse(res, 400, 'Give from and to as YYYY-MM-DD, from not after to.');
    const q = query.data;
    const auth = req.get('authorization') ?? '';
    const bearer = /^Bearer (.+)$/.exec(auth)?.[1];
    const byToken = options.bearerToken !== undefined && bearer !== undefined && same(bearer, options.bearerToken);
    const bySignature =
      q.sig !== undefined &&
      q.expires !== undefined &&
      same(q.sig, signature(options.secret, q.from, q.to, q.expires)) &&
      q.expires * 1000 > now().getTime();
    if (!byToken && !bySignature) {
      if (q.sig === undefined && bearer === undefined)
        return refuse(res, 401, 'This report needs a signed link: ask /report for one.');
      return refuse(res, 403, 'This link is not valid or has expired: ask /report for a new one.');
    }
    if (options.homes === undefined) return refuse(res, 503, 'Set LANDLORD_HOMES to produce the report.');
    const format = q.format;
    const body = await renderReport({
      db: options.db,
      period: reportPeriod(q.from, q.to),
      homes: options.homes,
      pack: options.pack,
      format,
      table: q.table,
      landlordName: options.landlordName,
      ...(options.channelLabels ? { channelLabels: options.channelLabels } : {}),
    });
    const types = {
      html: 'text/html; charset=utf-8',
      pdf: 'application/pdf',
      csv: 'text/csv; charset=utf-8',
      json: 'application/json; charset=utf-8',
    } as const;
    res.status(200).type(types[format]);
    if (format === 'html')
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    if (format !== 'html' && format !== 'json')
      res.setHeader('Content-Disposition', `attachment; filename="complaints-${q.from}-${q.to}.${format}"`);
    res.send(body);
  });
  return router;
}
