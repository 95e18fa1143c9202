import { parse as parseQuery } from 'node:querystring';
import { AuthorizationError, isValidSlackRequest, type ExpressReceiverOptions } from '@slack/bolt';
import express, { type Request, type RequestHandler } from 'express';
import type { Logger } from '../../src/logger.js';

/** How far a request's time may be from ours, either way: Slack's own five-minute window. */
export const SLACK_REPLAY_WINDOW_SECONDS = 5 * 60;

/** Slack's payloads are small; a modal's submission with every field filled is a few kB. */
const BODY_LIMIT = '1mb';

export interface SlackRequestGuardOptions {
  signingSecret: string;
  logger: Logger;
}

/**
 * In front of Bolt's own verifier on POST /slack/events, for what it lets through:
 *
 * - Slack signs `X-Slack-Request-Timestamp` with the body, and a request dated more than
 *   five minutes from now is a possible replay. Bolt refuses only the past; one dated in
 *   the future would be replayable until that future came, so it is refused too, with the
 *   401 Bolt gives an old one.
 * - A signed body that is JSON but not an object (`null`, `42`, `[]`, or a `payload=` form
 *   field holding one) passes Bolt's parser and then fails inside Bolt with a 500. It is
 *   malformed: 400, once the signature says it came from Slack (401 otherwise, as Bolt).
 *
 * The body is read once, here, and handed to Bolt as `rawBody`, which Bolt verifies and
 * parses as if it had read it itself.
 */
export function slackRequestGuard(options: SlackRequestGuardOptions): RequestHandler[] {
  const { logger } = options;
  const raw = express.raw({ type: () => true, limit: BODY_LIMIT });
  const guard: RequestHandler = (req, res, next) => {
    const stamp = Number(req.get('x-slack-request-timestamp'));
    if (Number.isFinite(stamp) && stamp > Date.now() / 1000 + SLACK_REPLAY_WINDOW_SECONDS) {
      logger.warn(
        { aheadSeconds: Math.round(stamp - Date.now() / 1000) },
        'slack request refused: dated in the future',
      );
      res.status(401).send();
      return;
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    (req as Request & { rawBody?: Buffer }).rawBody = body;
    const text = body.toString();
    if (readsAsNonObject(text, req.get('content-type'))) {
      const signed = isValidSlackRequest({
        signingSecret: options.signingSecret,
        body: text,
        headers: { 'x-slack-signature': req.get('x-slack-signature') ?? '', 'x-slack-request-timestamp': stamp },
      });
      logger.warn({ signed }, 'slack request refused: its body is not an object');
      res.status(signed ? 400 : 401).send();
      return;
    }
    next();
  };
  return [raw, guard];
}

/** True when Bolt would parse the body (as it does: JSON, or a form's `payload` field) to something other than an object. */
function readsAsNonObject(text: string, contentType: string | undefined): boolean {
  let parsed: unknown;
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = parseQuery(text);
      if (typeof form.payload !== 'string') return false;
      parsed = JSON.parse(form.payload);
    } else {
      parsed = JSON.parse(text);
    }
  } catch {
    // Bolt answers what it cannot parse with 400 itself, after checking the signature.
    return false;
  }
  return parsed === null || typeof parsed !== 'object' || Array.isArray(parsed);
}

/**
 * Bolt's answer when handling a request threw. A body whose shape Bolt did not expect (a
 * `view_submission` with no view, an event that is not an object, an `action_id` that is not
 * a string) throws a TypeError inside Bolt before any listener of ours can refuse it: that is
 * malformed input, 400. Anything
 * else (the database down while a listener wrote) stays a 500, so Slack retries the event.
 */
export function slackProcessErrorHandler(
  logger: Logger,
): NonNullable<ExpressReceiverOptions['processEventErrorHandler']> {
  return async ({ error, response }) => {
    if (response.headersSent) return false;
    if (error instanceof AuthorizationError) {
      response.writeHead(401).end();
      return true;
    }
    if (isShapeError(error)) {
      logger.warn({ err: error.message }, 'slack request refused: a body Bolt could not read');
      response.writeHead(400).end();
      return true;
    }
    logger.error({ code: (error as { code?: string }).code, err: error.message }, 'slack request failed');
    response.writeHead(500).end();
    return false;
  };
}

function isShapeError(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = (e as { original?: unknown }).original, depth++) {
    if (e instanceof TypeError) return true;
    // Several listeners matched (a regex action id) and each threw on the same body: Bolt's
    // MultipleListenerError holds them all. Malformed only when every one of them says so.
    const originals = (e as { originals?: unknown }).originals;
    if (Array.isArray(originals)) return originals.length > 0 && originals.every((o) => isShapeError(o));
  }
  return false;
}
