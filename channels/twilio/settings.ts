import { z } from 'zod';
import { settingTypes, type SettingsSection } from '../../src/config.js';
import { isLanguageCode, type LanguageCode } from '../../src/languages.js';

/**
 * SMS and WhatsApp's settings (TWILIO_*), added to the core's by app/config.ts. Names, defaults
 * and messages are a contract (docs/contracts.md#configuration; README's configuration table).
 */
const { optionalSecret, url } = settingTypes;

/**
 * An approved WhatsApp template for one kind of notice (TWILIO_WHATSAPP_TEMPLATE_*): its
 * Content SID (HX…), or one per language as `en:HX…,pl:HX…`, where a bare HX… serves every
 * language without its own. WhatsApp approves each language of a template separately.
 */
export interface WhatsAppTemplate {
  /** The template for languages not listed. */
  anyLanguage?: string;
  byLanguage: Partial<Record<LanguageCode, string>>;
}
const contentSid = /^HX[0-9a-fA-F]{32}$/;
export const WhatsAppTemplateSchema = z.string().transform((text, ctx): WhatsAppTemplate => {
  const template: WhatsAppTemplate = { byLanguage: {} };
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const colon = entry.indexOf(':');
    const lang = colon === -1 ? undefined : entry.slice(0, colon).trim();
    const sid = colon === -1 ? entry : entry.slice(colon + 1).trim();
    if (!contentSid.test(sid)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a Content SID (HX followed by 32 hex digits), or language:HX… pairs separated by commas',
      });
      return z.NEVER;
    }
    if (lang === undefined) {
      if (template.anyLanguage !== undefined)
        ctx.addIssue({ code: 'custom', message: 'names more than one template for every language' });
      template.anyLanguage = sid;
    } else if (!isLanguageCode(lang)) {
      ctx.addIssue({ code: 'custom', message: `names ${lang}, which is not a language the gateway speaks` });
    } else {
      if (template.byLanguage[lang] !== undefined)
        ctx.addIssue({ code: 'custom', message: `names two templates for ${lang}` });
      template.byLanguage[lang] = sid;
    }
  }
  if (template.anyLanguage === undefined && Object.keys(template.byLanguage).length === 0)
    ctx.addIssue({ code: 'custom', message: 'names no template' });
  return template;
});

const templates = [
  'TWILIO_WHATSAPP_TEMPLATE_CASE_UPDATE',
  'TWILIO_WHATSAPP_TEMPLATE_LETTER_READY',
  'TWILIO_WHATSAPP_TEMPLATE_SURVEY',
] as const;

const shape = {
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: optionalSecret,
  /**
   * Our SMS number (E.164), our WhatsApp sender (whatsapp:+44…) or a Messaging Service SID
   * (MG…). Replies go from the number the customer wrote to; this one is for the rest, and
   * (without whatsapp:) for texts sent when WhatsApp cannot reach a customer.
   */
  TWILIO_FROM: z
    .string()
    .regex(
      /^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32}|whatsapp:\+[1-9]\d{6,14})$/,
      'must be an E.164 number, whatsapp:+… or an MG… SID',
    )
    .optional(),
  TWILIO_API_URL: url.default('https://api.twilio.com'),
  /**
   * Approved WhatsApp templates for what may go more than 24 hours after the customer last
   * wrote, by kind of notice: a change to the case (a colleague's reply, an extension, the
   * response), a letter ready to read, the satisfaction survey. Each carries {{1}} the case
   * reference and {{2}} a link (README "WhatsApp"). @defaultValue none: such notices go by
   * SMS to a UK mobile the customer gave, else to staff to contact the customer another way
   */
  TWILIO_WHATSAPP_TEMPLATE_CASE_UPDATE: WhatsAppTemplateSchema.optional(),
  TWILIO_WHATSAPP_TEMPLATE_LETTER_READY: WhatsAppTemplateSchema.optional(),
  TWILIO_WHATSAPP_TEMPLATE_SURVEY: WhatsAppTemplateSchema.optional(),
};

export const twilioSettings: SettingsSection<typeof shape> = {
  shape,
  prefixes: ['TWILIO_'],
  // The channel is on only when all its credentials are present.
  together: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'],
  check(c, ctx) {
    // A template with nothing to send it through is a setting that silently does nothing.
    for (const key of templates) {
      if (c[key] !== undefined && c.TWILIO_ACCOUNT_SID === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'is set, but Twilio is off (set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM)',
        });
      }
    }
  },
};

/** Request fields the logger redacts for this channel (docs/rules/data-protection.md#logs). */
export const twilioLogRedaction = ['req.headers["x-twilio-signature"]'];
