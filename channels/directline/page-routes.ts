import express, { type Router } from 'express';
import type { Redis } from 'ioredis';
import { type DirectLineContext, issueToken, newConversationId } from './context.js';
import { fail } from './errors.js';
import { faviconIco } from './favicon.js';
import { describeError } from './logger.js';
import {
  type Asset,
  PageLanguageSchema,
  loadPageLocales,
  makeAsset,
  readPublicFile,
  sendAsset,
} from './page-assets.js';
import { hitRateLimit } from './rate-limit.js';

export interface PageOptions {
  redis: Redis;
  keyPrefix: string;
  /** Tokens one address may mint a minute from POST /webchat/token. */
  tokensPerMinute: number;
  /** Origins that may show the page in an iframe; none by default (clickjacking). */
  frameAncestors: readonly string[];
}

const longCache = 'public, max-age=31536000, immutable';

function pageSecurityHeaders(publicBaseUrl: string, frameAncestors: readonly string[]): Record<string, string> {
  const socketOrigin = new URL(publicBaseUrl);
  socketOrigin.protocol = socketOrigin.protocol === 'https:' ? 'wss:' : 'ws:';
  return {
    // No inline script or style at all, so injected markup could not run even if it got in.
    'Content-Security-Policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      `connect-src 'self' ${socketOrigin.origin}`,
      "img-src 'self' data:",
      "base-uri 'none'",
      "form-action 'none'",
      // Only the landlord's own site may frame the page (README: embedding it).
      `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
    ].join('; '),
    'Referrer-Policy': 'no-referrer',
  };
}

/** The landlord's chat page at `/`, its assets under `/webchat/`, and the page's own token route. */
export function pageRouter(ctx: DirectLineContext, options: PageOptions): Router {
  const router = express.Router();
  const script = makeAsset(readPublicFile('chat.js'), 'text/javascript; charset=utf-8');
  const styles = makeAsset(readPublicFile('chat.css'), 'text/css; charset=utf-8');
  // The page names its assets with their content hash, so browsers may keep them for a year.
  const html = readPublicFile('index.html')
    .toString('utf8')
    .replaceAll('chat.js?v=dev', `chat.js?v=${script.version}`)
    .replaceAll('chat.css?v=dev', `chat.css?v=${styles.version}`);
  const page = makeAsset(Buffer.from(html), 'text/html; charset=utf-8');
  const locales = loadPageLocales();
  const securityHeaders = pageSecurityHeaders(ctx.publicBaseUrl, options.frameAncestors);
  const favicon = makeAsset(faviconIco(), 'image/x-icon');

  const versioned = (asset: Asset, v: unknown) => (v === asset.version ? longCache : 'no-cache');

  router.get('/', (req, res) => {
    res.set(securityHeaders);
    // X-Frame-Options cannot name origins; frame-ancestors above says who may frame the page.
    if (options.frameAncestors.length > 0) res.removeHeader('X-Frame-Options');
    sendAsset(req, res, page, 'no-cache');
  });
  router.get('/favicon.ico', (req, res) => sendAsset(req, res, favicon, 'public, max-age=86400'));
  router.get('/webchat/chat.js', (req, res) => sendAsset(req, res, script, versioned(script, req.query['v'])));
  router.get('/webchat/chat.css', (req, res) => sendAsset(req, res, styles, versioned(styles, req.query['v'])));
  router.get('/webchat/locales/:file', (req, res) => {
    // Only a known language code ever picks a file: the request's own text never becomes a path.
    const lang = PageLanguageSchema.safeParse(/^([a-z]{2})\.json$/.exec(req.params.file)?.[1]);
    const asset = lang.success ? locales.get(lang.data) : undefined;
    if (asset === undefined) {
      fail(res, 404, 'NotFound', 'unknown language');
      return;
    }
    sendAsset(req, res, asset, 'public, max-age=300');
  });

  // The page's way in without the secret: a fresh conversation-scoped token, rate-limited per address.
  // Open to other origins too (Web Chat on the landlord's site): anyone could call it from a
  // server anyway, which is what the per-address limit is for.
  router.post('/webchat/token', async (req, res) => {
    res.set({ 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
    try {
      const limit = await hitRateLimit(
        options.redis,
        `${options.keyPrefix}rate:webchat-token:${req.ip ?? 'unknown'}`,
        options.tokensPerMinute,
        60,
      );
      if (!limit.allowed) {
        res.set('Retry-After', String(limit.retryAfterSeconds));
        fail(res, 429, 'TooManyRequests', 'too many new conversations; try again shortly');
        return;
      }
    } catch (error) {
      ctx.logger.error(describeError(error, true), 'directline token rate limit unavailable');
      fail(res, 503, 'ServiceUnavailable', 'try again shortly');
      return;
    }
    res.json(issueToken(ctx, newConversationId()));
  });

  return router;
}
