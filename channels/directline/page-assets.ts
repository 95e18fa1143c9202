import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import { z } from 'zod';

/** The languages the page offers; the only names ever joined into a locale file path. */
export const pageLanguages = ['en', 'cy', 'pl', 'ro', 'ur', 'pa', 'ar', 'bn', 'so', 'zh'] as const;
export type PageLanguage = (typeof pageLanguages)[number];
export const PageLanguageSchema = z.enum(pageLanguages);

const publicDir = new URL('./public/', import.meta.url);
const localesDir = new URL('../../locales/', import.meta.url);

export interface Asset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  /** Short content hash, used as `?v=` so the page can cache assets for a year. */
  version: string;
  contentType: string;
}

export function makeAsset(body: Buffer, contentType: string): Asset {
  const hash = createHash('sha256').update(body).digest('base64url');
  return {
    body,
    gzipped: gzipSync(body, { level: 9 }),
    etag: `"${hash.slice(0, 27)}"`,
    version: hash.slice(0, 12),
    contentType,
  };
}

export function readPublicFile(name: string): Buffer {
  return readFileSync(new URL(name, publicDir));
}

const LocaleFileSchema = z.record(z.string(), z.string());

/** Reads every page locale once at start-up; a language whose file is missing is simply not served. */
export function loadPageLocales(): Map<PageLanguage, Asset> {
  const locales = new Map<PageLanguage, Asset>();
  for (const lang of pageLanguages) {
    const file = new URL(`${lang}/webchat.json`, localesDir);
    if (!existsSync(file)) continue;
    const strings = LocaleFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    locales.set(lang, makeAsset(Buffer.from(JSON.stringify(strings)), 'application/json; charset=utf-8'));
  }
  return locales;
}

/** Sends an asset with its ETag, gzipped when the client takes it, 304 when it already has it. */
export function sendAsset(req: Request, res: Response, asset: Asset, cacheControl: string): void {
  res.set({
    'Content-Type': asset.contentType,
    'Cache-Control': cacheControl,
    ETag: asset.etag,
    Vary: 'Accept-Encoding',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.get('if-none-match') === asset.etag) {
    res.status(304).end();
    return;
  }
  if (/\bgzip\b/.test(req.get('accept-encoding') ?? '')) {
    res.set('Content-Encoding', 'gzip').send(asset.gzipped);
    return;
  }
  res.send(asset.body);
}
