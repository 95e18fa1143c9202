import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import type { DocumentService } from './document-service.js';
import type { RenderedHtml } from './render-html.js';

/** `<token>` for the page, `<token>.pdf` for the PDF. */
const filePattern = /^([A-Za-z0-9_-]{22})(\.pdf)?$/;
const QuerySchema = z.object({ format: z.enum(['html', 'pdf']).optional() });

/**
 * Letters hold personal details: never cached by anyone but the customer's own browser
 * session, never indexed, never sent as a referrer (the address is the key).
 */
function privateHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow, noarchive');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

function sendPage(res: Response, status: number, page: RenderedHtml): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', page.contentSecurityPolicy);
  res.send(page.html);
}

/**
 * GET /documents/:token (HTML), /documents/:token.pdf or ?format=pdf (PDF): the document
 * behind an unguessable link, rendered on request in its stored language and format.
 * 404 for a link that is not ours, 410 for one that has expired.
 */
export function documentsRouter(service: Pick<DocumentService, 'open' | 'html' | 'pdf' | 'errorPage'>): Router {
  const router = express.Router();
  router.get('/documents/:file', async (req, res) => {
    privateHeaders(res);
    const match = filePattern.exec(req.params.file);
    const query = QuerySchema.safeParse(req.query);
    if (!match?.[1] || !query.success) {
      sendPage(res, 404, service.errorPage('not_found'));
      return;
    }
    const token = match[1];
    const opened = await service.open(token);
    if (opened.status === 'not_found') {
      sendPage(res, 404, service.errorPage('not_found'));
      return;
    }
    if (opened.status === 'expired') {
      sendPage(res, 410, service.errorPage('expired', opened.document.language));
      return;
    }
    if (match[2] === '.pdf' || query.data.format === 'pdf') {
      const pdf = await service.pdf(opened.document);
      res.status(200);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `inline; filename="${opened.document.kind.replace(/_/g, '-')}.pdf"`);
      res.send(pdf);
      return;
    }
    // Relative to /documents/<token>, so it works behind any proxy prefix.
    sendPage(res, 200, service.html(opened.document, `${token}.pdf`));
  });
  return router;
}
