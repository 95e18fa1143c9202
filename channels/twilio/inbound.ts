import { z } from 'zod';
import type { InboundMessage } from '../../src/channel.js';
import { storableText } from '../../src/storable-text.js';

/** A Twilio number, or a WhatsApp sender through Twilio (`whatsapp:+44…`). */
const Address = z.string().regex(/^(whatsapp:)?\+[1-9]\d{6,14}$/);
const Sid = z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/);
const FormValue = z.union([z.string(), z.array(z.string())]);

/** The fields of Twilio's inbound-message webhook we use; the rest are carried but unread. */
export const InboundSmsSchema = z
  .object({
    MessageSid: Sid,
    From: Address,
    To: Address,
    Body: z.string().max(20_000).default(''),
    NumMedia: z.coerce.number().int().min(0).max(10).default(0),
    /** WhatsApp only: the name on the customer's profile. */
    ProfileName: z.string().max(200).optional(),
    /** WhatsApp only: a tapped reply button's id (our choice's value) and title. */
    ButtonPayload: z.string().max(256).optional(),
    ButtonText: z.string().max(256).optional(),
    /** WhatsApp only: a picked list item's id (our choice's value) and title. */
    ListId: z.string().max(256).optional(),
    ListTitle: z.string().max(256).optional(),
  })
  .catchall(FormValue);
export type InboundSms = z.infer<typeof InboundSmsSchema>;

/** Twilio's delivery status callback. */
export const StatusCallbackSchema = z
  .object({
    MessageSid: Sid,
    MessageStatus: z.string().regex(/^[a-z_-]{1,30}$/),
    ErrorCode: z
      .string()
      .regex(/^\d{1,10}$/)
      .optional(),
    From: z.string().max(200).optional(),
    To: z.string().max(200).optional(),
  })
  .catchall(FormValue);
export type StatusCallback = z.infer<typeof StatusCallbackSchema>;

const MediaUrl = z.string().url().max(2000);

/**
 * What the customer said: a tapped WhatsApp button or list item is its id, which is the
 * value of the choice it showed (its title may have been shortened to fit); otherwise
 * the text they wrote.
 */
function saidIn(sms: InboundSms): string {
  for (const picked of [sms.ButtonPayload, sms.ListId]) if (picked !== undefined && picked.trim() !== '') return picked;
  return sms.Body;
}

/** Twilio's form fields onto the core's InboundMessage; MMS and WhatsApp media URLs (photos, voice notes) are kept on the message. */
export function toInboundMessage(sms: InboundSms, receivedAt: Date): InboundMessage | { error: string } {
  const media: { url: string; contentType?: string }[] = [];
  for (let i = 0; i < sms.NumMedia; i++) {
    const url = MediaUrl.safeParse(sms[`MediaUrl${i}`]);
    if (!url.success) return { error: `MediaUrl${i} is missing or not a URL` };
    const type = sms[`MediaContentType${i}`];
    media.push({
      url: url.data,
      ...(typeof type === 'string' && type !== '' ? { contentType: storableText(type.slice(0, 100)) } : {}),
    });
  }
  return {
    channelId: sms.From.startsWith('whatsapp:') ? 'whatsapp' : 'sms',
    providerMessageId: sms.MessageSid,
    from: sms.From,
    to: sms.To,
    // As PostgreSQL can hold it: a NUL in a text must not cost this message, or the ones stored with it.
    text: storableText(saidIn(sms)),
    ...(sms.ProfileName ? { name: storableText(sms.ProfileName) } : {}),
    media,
    receivedAt: receivedAt.toISOString(),
  };
}
