import {
  capabilitiesOf,
  OutboundMessageSchema,
  type ChannelAdapter,
  type ChannelCapabilities,
  type ChannelId,
  type Intake,
  type LaneRoute,
  type OutboundMessage,
  type SendResult,
} from '../../src/channel.js';
import type { TwilioStore } from './ports.js';
import type { Conversation, Message } from '../../src/db/rows.js';
import { PermanentSendError } from '../../src/errors.js';
import type { Translator } from '../../src/i18n.js';
import type { Logger } from '../../src/logger.js';
import type { Outbox } from '../../src/outbox.js';
import type { WhatsAppTemplate } from './settings.js';
import { ContentLibrary } from './content.js';
import { keywordOf } from './keywords.js';
import { handleCarrierKeyword, type LandlordContact } from './opt-out.js';
import { sendThroughTwilio } from './send.js';
import { createTwilioClient, type TwilioClient } from './twilio-client.js';
import type { LaneHandler } from '../../src/http/webhook-lane.js';
import { mountTwilioWebhooks, STATUS_PATH } from './webhook.js';
import { handleWindowRefusal, releaseHeld, sendWhatsApp } from './whatsapp.js';
import type { NoticeKind } from './whatsapp-window.js';

export { countSegments, splitSms, encodingOf, type SmsEncoding } from './segments.js';
export { keywordOf, type SmsKeyword } from './keywords.js';
export type { LandlordContact } from './opt-out.js';
export { ukMobile } from './whatsapp.js';
export { WINDOW_MS as WHATSAPP_WINDOW_MS, type NoticeKind } from './whatsapp-window.js';

export interface TwilioChannelOptions {
  /** TWILIO_ACCOUNT_SID */
  accountSid: string;
  /** TWILIO_AUTH_TOKEN: signs Twilio's webhooks and authenticates our REST calls. */
  authToken: string;
  /** TWILIO_FROM: our number (E.164, or `whatsapp:+…`) or a Messaging Service SID (MG…). */
  from: string;
  /** TWILIO_API_URL. @defaultValue https://api.twilio.com */
  apiUrl?: string;
  /** PUBLIC_BASE_URL: Twilio signs the URL it called, so it must be the public one. */
  publicBaseUrl: string;
  logger: Logger;
  /** Status callbacks, opt-outs, and the record of parts already sent. */
  store: TwilioStore;
  /** Where START and HELP replies go (the outbound queue, like every other reply). */
  outbox: Pick<Outbox, 'say'>;
  /** Words for START and HELP replies (locales/<lang>/channels.json). */
  translator: Translator;
  /** The landlord's contact details for the HELP reply; without them HELP gives a generic answer. */
  contact?: LandlordContact;
  /** Most segments in one SMS before a text is split into numbered messages. @defaultValue 4 */
  segmentsPerMessage?: number;
  /**
   * Approved WhatsApp templates (TWILIO_WHATSAPP_TEMPLATE_*) for what goes more than 24
   * hours after the customer last wrote. @defaultValue none: SMS to a UK mobile, else staff
   */
  whatsappTemplates?: Partial<Record<NoticeKind, WhatsAppTemplate>>;
  /** A ready client (tests); otherwise one is made from accountSid, authToken and apiUrl. */
  client?: TwilioClient;
  /** @defaultValue () => new Date() */
  now?: () => Date;
}

/**
 * Twilio SMS and WhatsApp-through-Twilio: one adapter, two channel ids. Inbound webhooks
 * are verified, stored and enqueued before Twilio gets an empty TwiML answer; the bot's
 * words always go back through the outbound queue and the REST API. WhatsApp has its own
 * sender (channels/twilio/whatsapp.ts): reply buttons, and the 24-hour window.
 */
export function createTwilioChannel(options: TwilioChannelOptions): ChannelAdapter {
  const client =
    options.client ??
    createTwilioClient({ accountSid: options.accountSid, authToken: options.authToken, apiUrl: options.apiUrl });
  const publicBaseUrl = options.publicBaseUrl.replace(/\/+$/, '');
  const statusCallback = `${publicBaseUrl}${STATUS_PATH}`;
  const ids = ['sms', 'whatsapp'] as const satisfies readonly ChannelId[];
  const now = options.now ?? (() => new Date());
  const content = new ContentLibrary(client, options.logger);

  return {
    channelIds: ids,

    capabilities(channelId: ChannelId): ChannelCapabilities {
      return channelId === 'whatsapp' ? capabilitiesOf('whatsapp') : capabilitiesOf('sms');
    },

    // Nothing on express: both of Twilio's webhooks come in storms, so they are lane routes.
    mount(): void {},

    laneRoutes(intake: Intake): LaneRoute[] {
      const routes: LaneRoute[] = [];
      const lane = {
        post: (path: string, handler: LaneHandler, { limitBytes }: { limitBytes: number }) =>
          void routes.push({ path, handler, limitBytes }),
      };
      mountTwilioWebhooks(lane, intake, {
        authToken: options.authToken,
        publicBaseUrl,
        store: options.store,
        logger: options.logger,
        now,
        onWhatsAppWindowRefusal: (refusal) =>
          handleWindowRefusal(refusal, { store: options.store, outbox: options.outbox, logger: options.logger, now }),
      });
      return routes;
    },

    async send(input: OutboundMessage): Promise<SendResult> {
      const parsed = OutboundMessageSchema.safeParse(input);
      if (!parsed.success || (parsed.data.channelId !== 'sms' && parsed.data.channelId !== 'whatsapp')) {
        throw new PermanentSendError('not an SMS or WhatsApp message', 'invalid_message');
      }
      if (parsed.data.channelId === 'whatsapp') {
        return sendWhatsApp(parsed.data, {
          client,
          store: options.store,
          translator: options.translator,
          logger: options.logger,
          content,
          from: options.from,
          statusCallback,
          publicBaseUrl,
          templates: options.whatsappTemplates ?? {},
          ...(options.contact ? { contact: options.contact } : {}),
          ...(options.segmentsPerMessage ? { segmentsPerMessage: options.segmentsPerMessage } : {}),
          now,
        });
      }
      return sendThroughTwilio(parsed.data, {
        client,
        store: options.store,
        from: options.from,
        statusCallback,
        ...(options.segmentsPerMessage ? { segmentsPerMessage: options.segmentsPerMessage } : {}),
      });
    },

    async beforeTurn(input: { conversation: Conversation; message: Message }): Promise<boolean> {
      // Any WhatsApp message but STOP reopens the window: what went as a template follows now.
      if (input.conversation.channel_id === 'whatsapp' && keywordOf(input.message.text, 'whatsapp') !== 'opt_out') {
        await releaseHeld(input.conversation, { store: options.store, outbox: options.outbox, logger: options.logger });
      }
      return handleCarrierKeyword(input, {
        store: options.store,
        outbox: options.outbox,
        translator: options.translator,
        logger: options.logger,
        ...(options.contact ? { contact: options.contact } : {}),
      });
    },
  };
}
