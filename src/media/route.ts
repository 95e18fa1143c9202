import express, { type Response, type Router } from 'express';
import type { MediaStore } from './media-store.js';
import { safeFileName } from './sniff.js';

/** Like a letter: never cached but by the viewer's own browser, never indexed, never a referrer. */
function privateHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow, noarchive');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/**
 * GET /media/:token: a customer's file behind its unguessable, expiring link (404 for a link
 * that is not ours, 410 once it has expired). There is no index: a file is reached only by
 * its link. Served as the type its bytes were found to be, sandboxed, so even a PDF that
 * carries script runs nothing on our origin. It may be shown cross-origin (the customer's
 * own photo in Web Chat on the landlord's site), which is all an `<img>` needs.
 */
export function mediaRouter(store: Pick<MediaStore, 'open'>): Router {
  const router = express.Router();
  router.get('/media/:token', async (req, res) => {
    privateHeaders(res);
    const opened = await store.open(req.params.token);
    if (opened.status === 'not_found') {
      res.status(404).json({ error: { code: 'NotFound', message: 'no such file' } });
      return;
    }
    if (opened.status === 'expired') {
      res.status(410).json({ error: { code: 'Gone', message: 'this link has expired' } });
      return;
    }
    const { media, bytes } = opened;
    res.setHeader('Content-Type', media.content_type);
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader(
      'Content-Disposition',
      `inline; filename="${safeFileName(media.name ?? undefined, media.content_type)}"`,
    );
    res.status(200).send(bytes);
  });
  return router;
}
