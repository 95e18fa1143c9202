import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import twilio from 'twilio';
import type { ChannelId, Intake } from '../../src/channel.js';
import type { CaseStore } from '../../src/db/case-store.js';
import { InvalidPayloadError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { InboundSmsSchema, StatusCallbackSchema, toInboundMessage } from './inbound.js';

export const INBOUND_PATH = '/sms/twilio';
export const STATUS_PATH = '/sms/twilio/status';

/** Twilio takes any 2xx; an empty Response means "say nothing now": replies go through the REST API. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export interface TwilioWebhookOptions {
  authToken: string;
  /** The address Twilio calls us on: signatures are computed over it plus the path. */
  publicBaseUrl: string;
  store: CaseStore;
  logger: Logger;
  /** @defaultValue () => new Date() */
  now?: () => Date;
}

/**
 * Twilio's `X-Twilio-Signature`, checked with the twilio library over our public URL and
 * the POST parameters before anything is read or stored. A forged or unsigned request
 * learns nothing but 403.
 */
export function verifyTwilioSignature(authToken: string, publicBaseUrl: string, logger: Logger): RequestHandler {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return (req, res, next) => {
    const signature = req.get('x-twilio-signature');
    const params: Record<string, unknown> = isFormBody(req.body) ? req.body : {};
    if (!signature || !twilio.validateRequest(authToken, signature, base + req.originalUrl, params)) {
      logger.warn({ route: req.path, signed: signature !== undefined }, 'twilio webhook refused: bad signature');
      res.status(403).type('text/plain').send('Forbidden');
      return;
    }
    next();
  };
}

function isFormBody(body: unknown): body is Record<string, string | string[]> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function twiml(res: Response): void {
  res.status(200).type('text/xml').send(EMPTY_TWIML);
}

function badRequest(res: Response, detail: string): void {
  res.status(400).json({ error: 'bad_request', message: detail });
}

/** Twilio retries (and then calls the fallback URL) on 5xx: only our own outage answers it. */
function unavailable(res: Response): void {
  res.status(503).set('Retry-After', '5').json({ error: 'unavailable', message: 'Please retry shortly.' });
}

export function mountTwilioWebhooks(router: Router, intake: Intake, options: TwilioWebhookOptions): void {
  const { logger, store } = options;
  const now = options.now ?? (() => new Date());
  // Only on these routes: other channels need their own parsers (Meta signs raw bytes).
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 });
  const verify = verifyTwilioSignature(options.authToken, options.publicBaseUrl, logger);

  router.post(INBOUND_PATH, form, verify, async (req: Request, res: Response) => {
    const parsed = InboundSmsSchema.safeParse(req.body);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'twilio inbound refused: malformed');
      badRequest(res, 'The message fields could not be read.');
      return;
    }
    const message = toInboundMessage(parsed.data, now());
    if ('error' in message) {
      badRequest(res, message.error);
      return;
    }
    try {
      const accepted = await intake.accept(message);
      logger.info(
        { channel: message.channelId, providerMessageId: message.providerMessageId, messageId: accepted.messageId, duplicate: accepted.duplicate, media: message.media?.length ?? 0 },
        accepted.duplicate ? 'twilio retry of a stored message' : 'inbound message stored',
      );
      twiml(res);
    } catch (error) {
      if (error instanceof InvalidPayloadError) {
        badRequest(res, 'The message fields could not be read.');
        return;
      }
      logger.error({ providerMessageId: message.providerMessageId, err: (error as Error).message }, 'could not store inbound message');
      unavailable(res);
    }
  });

  router.post(STATUS_PATH, form, verify, async (req: Request, res: Response) => {
    const parsed = StatusCallbackSchema.safeParse(req.body);
    if (!parsed.success) {
      badRequest(res, 'The status fields could not be read.');
      return;
    }
    const callback = parsed.data;
    const channelId: ChannelId = callback.From?.startsWith('whatsapp:') || callback.To?.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
    try {
      const current = await store.getDelivery(channelId, callback.MessageSid);
      if (current && statusRank(current.status) > statusRank(callback.MessageStatus)) {
        // Twilio does not promise callbacks in order: a late "sent" must not undo "delivered".
        logger.debug({ providerMessageId: callback.MessageSid, status: callback.MessageStatus }, 'stale delivery status ignored');
        twiml(res);
        return;
      }
      const updated = await store.updateDelivery(channelId, callback.MessageSid, callback.MessageStatus, callback.ErrorCode ?? null);
      logger.info(
        { channel: channelId, providerMessageId: callback.MessageSid, status: callback.MessageStatus, errorCode: callback.ErrorCode, messageId: updated?.messageId },
        updated ? 'delivery status updated' : 'delivery status for an unknown message',
      );
      twiml(res);
    } catch (error) {
      logger.error({ providerMessageId: callback.MessageSid, err: (error as Error).message }, 'could not record delivery status');
      unavailable(res);
    }
  });
}

/** How far along a message is; final states outrank the ones before them. */
export function statusRank(status: string): number {
  switch (status) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
    case 'sending':
      return 0;
    case 'sent':
      return 1;
    case 'delivered':
    case 'undelivered':
    case 'failed':
    case 'canceled':
      return 2;
    case 'read':
      return 3;
    default:
      return 0;
  }
}
