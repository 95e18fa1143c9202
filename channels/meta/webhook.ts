import express, { type Request, type Response, type Router } from 'express';
import { InboundMessageSchema, type Intake } from '../../src/channel.js';
import type { MetaStore } from './ports.js';
import { InvalidPayloadError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { EnvelopeSchema, readEnvelope } from './events.js';
import { isValidMetaSignature, sameSecret } from './signature.js';

export const META_PATH = '/social/meta';

export interface MetaWebhookOptions {
  appSecret: string;
  verifyToken: string;
  /** Ids that are us (the Page, the Instagram account) besides each entry's own id. */
  ownIds: ReadonlySet<string>;
  store: MetaStore;
  logger: Logger;
  now: () => Date;
}

export function mountMetaWebhooks(router: Router, intake: Intake, options: MetaWebhookOptions): void {
  const { logger } = options;

  // Meta's subscription handshake: echo the challenge only to someone who knows our verify token.
  router.get(META_PATH, (req: Request, res: Response) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    if (
      mode === 'subscribe' &&
      typeof token === 'string' &&
      sameSecret(token, options.verifyToken) &&
      typeof challenge === 'string' &&
      /^[\w.-]{1,200}$/.test(challenge)
    ) {
      logger.info('meta webhook subscription verified');
      res.status(200).type('text/plain').send(challenge);
      return;
    }
    logger.warn({ mode: typeof mode === 'string' ? mode.slice(0, 20) : undefined }, 'meta webhook handshake refused');
    res.status(403).type('text/plain').send('Forbidden');
  });

  // Raw bytes: the signature is over exactly what Meta sent, before any JSON parsing.
  const raw = express.raw({ type: '*/*', limit: '256kb' });
  router.post(META_PATH, raw, async (req: Request, res: Response) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!isValidMetaSignature(options.appSecret, body, req.get('x-hub-signature-256'))) {
      logger.warn({ signed: req.get('x-hub-signature-256') !== undefined }, 'meta webhook refused: bad signature');
      res.status(403).type('text/plain').send('Forbidden');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      res.status(400).json({ error: 'bad_request', message: 'The request body is not JSON.' });
      return;
    }
    const envelope = EnvelopeSchema.safeParse(json);
    if (!envelope.success) {
      res.status(400).json({ error: 'bad_request', message: 'The request is not a Meta webhook event.' });
      return;
    }
    const work = readEnvelope(envelope.data, { ownIds: options.ownIds, now: options.now() });
    // Checked before anything is stored, so one unusable event never leaves half a batch behind.
    const messages = work.messages.filter((m) => {
      const ok = InboundMessageSchema.safeParse(m).success;
      if (!ok) work.ignored.push(`${m.channelId}:invalid`);
      return ok;
    });
    if (work.ignored.length > 0) logger.info({ ignored: work.ignored }, 'meta events passed over');
    try {
      for (const message of messages) {
        const accepted = await intake.accept(message).catch((error: unknown) => {
          // A message the database refuses would be refused on every redelivery: skip it, keep the rest.
          if (!(error instanceof InvalidPayloadError)) throw error;
          logger.error({ channel: message.channelId, err: error.message }, 'meta event refused by the store, skipped');
          return undefined;
        });
        if (accepted === undefined) continue;
        logger.info(
          { channel: message.channelId, messageId: accepted.messageId, duplicate: accepted.duplicate },
          accepted.duplicate ? 'meta redelivery of a stored message' : 'inbound message stored',
        );
      }
      for (const receipt of work.delivered)
        await options.store.updateDelivery(receipt.channelId, receipt.mid, 'delivered', null);
    } catch (error) {
      logger.error({ err: (error as Error).message }, 'could not store meta event');
      // Meta retries on failure; messages already stored are de-duplicated by their ids.
      res.status(503).set('Retry-After', '5').json({ error: 'unavailable', message: 'Please retry shortly.' });
      return;
    }
    res.status(200).type('text/plain').send('EVENT_RECEIVED');
  });
}
