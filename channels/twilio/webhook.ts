import twilio from 'twilio';
import type { ChannelId, Intake } from '../../src/channel.js';
import type { TwilioStore } from './ports.js';
import { InvalidPayloadError } from '../../src/errors.js';
import { json, parseForm, type LaneRequest, type LaneResponse, type WebhookLane } from '../../src/http/webhook-lane.js';
import type { Logger } from '../../src/logger.js';
import { InboundSmsSchema, StatusCallbackSchema, toInboundMessage } from './inbound.js';

export const INBOUND_PATH = '/sms/twilio';
export const STATUS_PATH = '/sms/twilio/status';
/** Twilio's error for a free-form WhatsApp message outside the customer-service window. */
const WHATSAPP_WINDOW_CLOSED = '63016';

/** Twilio takes any 2xx; an empty Response means "say nothing now": replies go through the REST API. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export interface TwilioWebhookOptions {
  authToken: string;
  /** The address Twilio calls us on: signatures are computed over it plus the path. */
  publicBaseUrl: string;
  store: TwilioStore;
  logger: Logger;
  /** @defaultValue () => new Date() */
  now?: () => Date;
  /**
   * Twilio accepted a WhatsApp message, then refused it as outside the 24-hour window
   * (a receipt with 63016): the message must go another way (channels/twilio/whatsapp.ts).
   */
  onWhatsAppWindowRefusal?: (refusal: { messageId: string; providerMessageId: string }) => Promise<void>;
}

/** Twilio's form bodies are small; a long SMS is 1,600 characters. */
const LIMIT_BYTES = 64 * 1024;
const PARAMETER_LIMIT = 200;

/**
 * Twilio's `X-Twilio-Signature`, checked with the twilio library over our public URL
 * (PUBLIC_BASE_URL + the path and query as received) and the POST parameters, before
 * anything is read or stored. A forged or unsigned request learns nothing but 403.
 */
export function twilioSignatureValid(
  authToken: string,
  publicBaseUrl: string,
  request: LaneRequest,
  params: Record<string, string | string[]>,
): boolean {
  const signature = request.headers['x-twilio-signature'];
  if (typeof signature !== 'string' || signature === '') return false;
  return twilio.validateRequest(authToken, signature, publicBaseUrl.replace(/\/+$/, '') + request.url, params);
}

const forbidden = (): LaneResponse => ({ status: 403, contentType: 'text/plain; charset=utf-8', body: 'Forbidden' });

/** Twilio takes any 2xx; an empty Response means "say nothing now". */
const twiml = (): LaneResponse => ({ status: 200, contentType: 'text/xml; charset=utf-8', body: EMPTY_TWIML });

const badRequest = (detail: string): LaneResponse => json(400, { error: 'bad_request', message: detail });

/** Twilio retries (and then calls the fallback URL) on 5xx: only our own outage answers it. */
const unavailable = (): LaneResponse =>
  json(503, { error: 'unavailable', message: 'Please retry shortly.' }, { 'Retry-After': '5' });

/**
 * POST /sms/twilio and POST /sms/twilio/status, on the webhook lane: an SMS storm is
 * exactly when acknowledging fast matters (Twilio gives up after 15 seconds and retries).
 */
export function mountTwilioWebhooks(
  lane: Pick<WebhookLane, 'post'>,
  intake: Intake,
  options: TwilioWebhookOptions,
): void {
  const { logger, store } = options;
  const now = options.now ?? (() => new Date());

  /** The form fields of a request Twilio signed, or the answer for one it did not. */
  const verified = (
    request: LaneRequest,
    route: string,
  ): { fields: Record<string, string | string[]> } | { refuse: LaneResponse } => {
    const form = parseForm(request, { parameterLimit: PARAMETER_LIMIT });
    if (!form.ok) return { refuse: form.response };
    if (!twilioSignatureValid(options.authToken, options.publicBaseUrl, request, form.fields)) {
      logger.warn(
        { route, signed: request.headers['x-twilio-signature'] !== undefined },
        'twilio webhook refused: bad signature',
      );
      return { refuse: forbidden() };
    }
    return { fields: form.fields };
  };

  lane.post(
    INBOUND_PATH,
    async (request) => {
      const form = verified(request, INBOUND_PATH);
      if ('refuse' in form) return form.refuse;
      const parsed = InboundSmsSchema.safeParse(form.fields);
      if (!parsed.success) {
        logger.warn({ issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'twilio inbound refused: malformed');
        return badRequest('The message fields could not be read.');
      }
      const message = toInboundMessage(parsed.data, now());
      if ('error' in message) return badRequest(message.error);
      try {
        const accepted = await intake.accept(message);
        logger.info(
          {
            channel: message.channelId,
            providerMessageId: message.providerMessageId,
            messageId: accepted.messageId,
            duplicate: accepted.duplicate,
            media: message.media?.length ?? 0,
          },
          accepted.duplicate ? 'twilio retry of a stored message' : 'inbound message stored',
        );
        return twiml();
      } catch (error) {
        if (error instanceof InvalidPayloadError) return badRequest('The message fields could not be read.');
        logger.error(
          { providerMessageId: message.providerMessageId, err: (error as Error).message },
          'could not store inbound message',
        );
        return unavailable();
      }
    },
    { limitBytes: LIMIT_BYTES },
  );

  lane.post(
    STATUS_PATH,
    async (request) => {
      const form = verified(request, STATUS_PATH);
      if ('refuse' in form) return form.refuse;
      const parsed = StatusCallbackSchema.safeParse(form.fields);
      if (!parsed.success) return badRequest('The status fields could not be read.');
      const callback = parsed.data;
      const channelId: ChannelId =
        callback.From?.startsWith('whatsapp:') || callback.To?.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
      try {
        const current = await store.getDelivery(channelId, callback.MessageSid);
        if (current && statusRank(current.status) > statusRank(callback.MessageStatus)) {
          // Twilio does not promise callbacks in order: a late "sent" must not undo "delivered".
          logger.debug(
            { providerMessageId: callback.MessageSid, status: callback.MessageStatus },
            'stale delivery status ignored',
          );
          return twiml();
        }
        const updated = await store.updateDelivery(
          channelId,
          callback.MessageSid,
          callback.MessageStatus,
          callback.ErrorCode ?? null,
        );
        logger.info(
          {
            channel: channelId,
            providerMessageId: callback.MessageSid,
            status: callback.MessageStatus,
            errorCode: callback.ErrorCode,
            messageId: updated?.messageId,
          },
          updated ? 'delivery status updated' : 'delivery status for an unknown message',
        );
        if (
          updated &&
          channelId === 'whatsapp' &&
          callback.ErrorCode === WHATSAPP_WINDOW_CLOSED &&
          options.onWhatsAppWindowRefusal
        ) {
          await options.onWhatsAppWindowRefusal({
            messageId: updated.messageId,
            providerMessageId: callback.MessageSid,
          });
        }
        return twiml();
      } catch (error) {
        logger.error(
          { providerMessageId: callback.MessageSid, err: (error as Error).message },
          'could not record delivery status',
        );
        return unavailable();
      }
    },
    { limitBytes: LIMIT_BYTES },
  );
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
