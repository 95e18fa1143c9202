import type { OutboundMessage, SendResult } from '../../src/channel.js';
import type { WhatsAppTemplate } from './settings.js';
import type { TwilioStore } from './ports.js';
import type { Case, Conversation, Message } from '../../src/db/rows.js';
import { PermanentSendError } from '../../src/errors.js';
import type { Translator } from '../../src/i18n.js';
import { stableUuid } from '../../src/ids.js';
import { toLanguageCode } from '../../src/languages.js';
import type { Logger } from '../../src/logger.js';
import { SURVEY_AUTHOR, type Outbox } from '../../src/outbox.js';
import { CONTENT_BODY_MAX, interactiveFor, type ContentLibrary } from './content.js';
import type { LandlordContact } from './opt-out.js';
import { splitByLength, TWILIO_MAX_BODY } from './segments.js';
import { sendThroughTwilio } from './send.js';
import { classifyTwilioError, sendSms, type SmsAccepted, type TwilioClient } from './twilio-client.js';
import { CLOSED_AT, HELD, heldOf, RETRY, retryOf, windowOf, type NoticeKind } from './whatsapp-window.js';

/**
 * WhatsApp through Twilio: inside the 24-hour window, free-form words with reply buttons
 * or a list; outside it, the approved template for the kind of notice, carrying the case
 * reference and a link, with the message's own words following when the customer replies;
 * failing that, a text to the UK mobile the customer gave; failing that, staff are told
 * to reach the customer another way (a PermanentSendError, shown in the case's Slack thread).
 */

/** Twilio: "Outside messaging window. For WhatsApp, use a Message Template instead." */
export const WINDOW_CLOSED = '63016';

/** Refusals about the recipient, not the content: numbered text would be refused the same way. */
const RECIPIENT_CODES = new Set(['20003', '21211', '21610', '21614', '63003', '63024', WINDOW_CLOSED]);

export interface WhatsAppSenderOptions {
  client: TwilioClient;
  store: TwilioStore;
  translator: Translator;
  logger: Logger;
  content: ContentLibrary;
  /** TWILIO_FROM: our sender when the conversation's own is not a number; without `whatsapp:`, the number texts go from. */
  from: string;
  statusCallback: string;
  /** PUBLIC_BASE_URL: letters are linked under it. */
  publicBaseUrl: string;
  /** Approved templates by kind of notice (TWILIO_WHATSAPP_TEMPLATE_*). */
  templates: Partial<Record<NoticeKind, WhatsAppTemplate>>;
  contact?: LandlordContact;
  segmentsPerMessage?: number;
  now: () => Date;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const MESSAGING_SERVICE = /^MG[0-9a-fA-F]{32}$/;

function whatsappAddresses(message: OutboundMessage, fallbackFrom: string): { from: string; to: string } {
  const wa = (n: string) => (n.startsWith('whatsapp:') ? n : `whatsapp:${n}`);
  // A Messaging Service SID carries its own WhatsApp sender: no prefix on it.
  const from = message.from.startsWith('whatsapp:')
    ? message.from
    : E164.test(fallbackFrom)
      ? wa(fallbackFrom)
      : fallbackFrom;
  return { from, to: wa(message.to) };
}

function localeOf(message: OutboundMessage, conversation?: Conversation): string {
  const locale = message.channelData?.locale;
  return toLanguageCode(typeof locale === 'string' ? locale : conversation?.locale) ?? 'en';
}

/** Sends Content (buttons, a list, a template) by its SID and the values of its variables. */
async function sendContent(
  client: TwilioClient,
  send: { from: string; to: string; contentSid: string; variables: Record<string, string>; statusCallback: string },
): Promise<SmsAccepted> {
  try {
    const message = await client.messages.create({
      ...(MESSAGING_SERVICE.test(send.from) ? { messagingServiceSid: send.from } : { from: send.from }),
      to: send.to,
      contentSid: send.contentSid,
      contentVariables: JSON.stringify(send.variables),
      statusCallback: send.statusCallback,
    });
    return { sid: message.sid, status: message.status };
  } catch (error) {
    throw classifyTwilioError(error);
  }
}

/** One outbound WhatsApp message, inside or outside the window. */
export async function sendWhatsApp(message: OutboundMessage, options: WhatsAppSenderOptions): Promise<SendResult> {
  const conversation = await options.store.getConversation(message.conversationId);
  if (!conversation) throw new PermanentSendError(`no conversation ${message.conversationId}`, 'invalid_message');
  const window = windowOf(conversation, options.now());
  // A copy of a message Twilio refused after accepting it: the window was closed then (and stays
  // so until the customer writes), and a refused template is not tried again.
  const retry = retryOf(message.channelData, message.messageId);
  if (!window.open) {
    return sendOutsideWindow(message, conversation, options, {
      refused: retry !== undefined,
      templateRefused: retry === 'template_refused',
      lastInboundAt: window.lastInboundAt,
    });
  }
  try {
    return await sendInSession(message, conversation, options);
  } catch (error) {
    if (!(error instanceof PermanentSendError) || error.providerCode !== WINDOW_CLOSED) throw error;
    // Twilio knows better than our clock: the window is closed until the customer writes.
    await options.store.mergeChannelData(conversation.id, { [CLOSED_AT]: options.now().toISOString() });
    return sendOutsideWindow(message, conversation, options, {
      refused: true,
      templateRefused: false,
      lastInboundAt: window.lastInboundAt,
    });
  }
}

/**
 * Inside the window: the words, with up to three reply buttons or a list of up to ten
 * (the question and its buttons last, after any long text), else numbered lines.
 */
async function sendInSession(
  message: OutboundMessage,
  conversation: Conversation,
  options: WhatsAppSenderOptions,
): Promise<SendResult> {
  const plain = () =>
    sendThroughTwilio(message, {
      client: options.client,
      store: options.store,
      from: options.from,
      statusCallback: options.statusCallback,
      ...(options.segmentsPerMessage ? { segmentsPerMessage: options.segmentsPerMessage } : {}),
    });
  if (message.choices.length === 0) return plain();

  const lang = localeOf(message, conversation);
  const lead = splitByLength(message.text, TWILIO_MAX_BODY);
  let body = lead.pop() ?? '';
  if ([...body].length > CONTENT_BODY_MAX) {
    const tail = splitByLength(body, CONTENT_BODY_MAX);
    body = tail.pop() ?? '';
    lead.push(...tail);
  }
  const interactive = interactiveFor(body, message.choices, options.translator.t(lang, 'channels:whatsapp.listButton'));
  if (!interactive) return plain();

  const sids = (await options.store.listDeliveries(message.messageId)).map((d) => d.provider_message_id);
  if (sids.length > lead.length) return { providerMessageIds: sids };
  const { from, to } = whatsappAddresses(message, options.from);
  let contentSid: string;
  try {
    contentSid = await options.content.sidFor(interactive.shape, lang);
  } catch (error) {
    options.logger.warn(
      { messageId: message.messageId, err: (error as Error).message },
      'WhatsApp buttons unavailable; choices sent as numbered lines',
    );
    return plain();
  }
  for (const part of lead.slice(sids.length)) {
    const accepted = await sendSms(options.client, { from, to, body: part, statusCallback: options.statusCallback });
    await options.store.recordDeliveryPart(message.messageId, 'whatsapp', accepted.sid, accepted.status);
    sids.push(accepted.sid);
  }
  try {
    const accepted = await sendContent(options.client, {
      from,
      to,
      contentSid,
      variables: interactive.variables,
      statusCallback: options.statusCallback,
    });
    await options.store.recordDeliveryPart(message.messageId, 'whatsapp', accepted.sid, accepted.status);
    return { providerMessageIds: [...sids, accepted.sid] };
  } catch (error) {
    if (!(error instanceof PermanentSendError) || RECIPIENT_CODES.has(error.providerCode ?? '')) throw error;
    options.logger.warn(
      { messageId: message.messageId, code: error.providerCode },
      'Twilio refused the WhatsApp buttons; choices sent as numbered lines',
    );
    return plain();
  }
}

// ── outside the window ───────────────────────────────────────────────────────

interface Closed {
  /** Twilio refused a send as outside the window (rather than our clock saying so). */
  refused: boolean;
  /** Twilio refused the template itself: do not send it again. */
  templateRefused: boolean;
  lastInboundAt: Date | undefined;
}

const templateSetting: Record<NoticeKind, string> = {
  case_update: 'TWILIO_WHATSAPP_TEMPLATE_CASE_UPDATE',
  letter_ready: 'TWILIO_WHATSAPP_TEMPLATE_LETTER_READY',
  survey: 'TWILIO_WHATSAPP_TEMPLATE_SURVEY',
};
const noticeLabel: Record<NoticeKind, string> = {
  case_update: 'case updates',
  letter_ready: 'letters',
  survey: 'the survey',
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A letter's link in a message (`<PUBLIC_BASE_URL>/documents/<token>`), if it has one. */
export function letterLinkIn(text: string, publicBaseUrl: string): string | undefined {
  const base = escapeRegExp(publicBaseUrl.replace(/\/+$/, ''));
  return new RegExp(`${base}/documents/[A-Za-z0-9_-]+(?:\\.pdf)?`).exec(text)?.[0];
}

/** Which template a message needs: the survey by its author, a letter by its link, anything else is news about the case. */
export function noticeKindOf(row: Pick<Message, 'author' | 'text'>, publicBaseUrl: string): NoticeKind {
  if (row.author === SURVEY_AUTHOR) return 'survey';
  return letterLinkIn(row.text, publicBaseUrl) ? 'letter_ready' : 'case_update';
}

/** The template in the customer's language, else the one for every language, else English. */
export function templateFor(template: WhatsAppTemplate | undefined, lang: string): string | undefined {
  if (!template) return undefined;
  const code = toLanguageCode(lang);
  return (code ? template.byLanguage[code] : undefined) ?? template.anyLanguage ?? template.byLanguage.en;
}

function websiteLink(website: string): string {
  return /^https?:\/\//i.test(website) ? website : `https://${website}`;
}

/** The template's link: the letter for a letter, the survey's own link, else the letter the news carries, else the landlord's website. */
function linkFor(kind: NoticeKind, text: string, options: WhatsAppSenderOptions): string {
  const letter = letterLinkIn(text, options.publicBaseUrl);
  if (kind === 'survey') {
    const link = /https?:\/\/\S+/.exec(text)?.[0];
    if (link) return link.replace(/[.,;:)]+$/, '');
  }
  if (letter) return letter;
  return options.contact ? websiteLink(options.contact.website) : options.publicBaseUrl;
}

/** A UK mobile number (07… on the 071-075 and 077-079 ranges, and 07624) as +447…, else undefined. */
export function ukMobile(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined;
  const digits = phone.replace(/^whatsapp:/, '').replace(/[\s()-]/g, '');
  const national = /^(?:\+44|0044|44)(7\d{9})$/.exec(digits)?.[1] ?? /^0(7\d{9})$/.exec(digits)?.[1];
  if (!national || !/^7(?:[1-57-9]\d{8}|624\d{6})$/.test(national)) return undefined;
  return `+44${national}`;
}

function londonDay(date: Date): string {
  return date.toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'Europe/London',
  });
}

async function caseFor(
  row: Message | undefined,
  conversation: Conversation,
  store: TwilioStore,
): Promise<Case | undefined> {
  if (row?.case_id) return store.getCase(row.case_id);
  return (
    (await store.listCasesForConversation(conversation.id, true))[0] ??
    (await store.listCasesForConversation(conversation.id))[0]
  );
}

async function sendOutsideWindow(
  message: OutboundMessage,
  conversation: Conversation,
  options: WhatsAppSenderOptions,
  closed: Closed,
): Promise<SendResult> {
  const { store, logger } = options;
  const held = heldOf(conversation.channel_data)[message.messageId];
  // A retry after the template went: it went.
  if (held) return { providerMessageIds: [held.template] };

  const row = await store.getMessage(message.messageId);
  const caseRow = await caseFor(row, conversation, store);
  const lang = localeOf(message, conversation);
  const kind = noticeKindOf(row ?? { author: 'bot', text: message.text }, options.publicBaseUrl);
  const log = { conversationId: conversation.id, messageId: message.messageId, kind, caseId: caseRow?.id };

  let templateProblem: string;
  const contentSid = templateFor(options.templates[kind], lang);
  if (closed.templateRefused) templateProblem = 'Twilio refused the template too';
  else if (!contentSid) templateProblem = `no template set for ${noticeLabel[kind]} (${templateSetting[kind]})`;
  else if (!caseRow) templateProblem = 'no case reference for a template';
  else {
    const { from, to } = whatsappAddresses(message, options.from);
    try {
      const accepted = await sendContent(options.client, {
        from,
        to,
        contentSid,
        variables: { '1': caseRow.reference, '2': linkFor(kind, message.text, options) },
        statusCallback: options.statusCallback,
      });
      // Its own words wait for the customer's reply, which opens the window again.
      await store.mergeChannelDataEntries(conversation.id, HELD, {
        [message.messageId]: { at: options.now().toISOString(), template: accepted.sid, kind },
      });
      await store.recordDeliveryPart(message.messageId, 'whatsapp', accepted.sid, accepted.status);
      await store.appendEvent(caseRow.id, 'system', 'whatsapp_template_sent', {
        messageId: message.messageId,
        kind,
        template: contentSid,
        why: closed.refused ? 'refused_by_twilio' : 'window_closed',
      });
      logger.info(
        log,
        'WhatsApp window closed: the approved template went instead, the words follow when the customer replies',
      );
      return { providerMessageIds: [accepted.sid] };
    } catch (error) {
      if (!(error instanceof PermanentSendError)) throw error;
      templateProblem = `Twilio refused the template (${error.providerCode ?? 'no code'})`;
    }
  }

  const texted = await textInstead(message, conversation, caseRow, lang, options, templateProblem);
  if (texted === true) return { providerMessageIds: [] };

  // Shown to staff in the case thread (which keeps 300 characters): why, then what to do.
  const when = closed.refused
    ? 'Twilio refused it as outside the 24-hour window (63016)'
    : closed.lastInboundAt
      ? `the customer last wrote on ${londonDay(closed.lastInboundAt)}, over 24 hours ago`
      : 'the customer has not written on WhatsApp yet';
  const detail = `Not sent: ${when}; ${templateProblem}; ${texted}. Phone, email or write to them; WhatsApp reopens when they next message us.`;
  const targets = caseRow ? [caseRow] : await store.listCasesForConversation(conversation.id, true);
  for (const target of targets) {
    await store.appendEvent(target.id, 'system', 'contact_another_way', {
      channel: 'whatsapp',
      messageId: message.messageId,
      reason: 'outside_whatsapp_window',
      detail,
      lastCustomerMessageAt: closed.lastInboundAt?.toISOString() ?? null,
    });
  }
  logger.warn(log, 'WhatsApp window closed and no other way to reach the customer: staff must contact them');
  throw new PermanentSendError(detail, 'whatsapp_window');
}

/**
 * The customer's other way to be reached: a text to the UK mobile they gave (their
 * WhatsApp number is one). True when sent; otherwise why not, for staff.
 */
async function textInstead(
  message: OutboundMessage,
  conversation: Conversation,
  caseRow: Case | undefined,
  lang: string,
  options: WhatsAppSenderOptions,
  templateProblem: string,
): Promise<true | string> {
  const { store, translator, logger } = options;
  const customer = await store.findCustomerForConversation(conversation.id);
  const mobile = ukMobile(customer?.phone);
  if (!mobile) return customer?.phone ? 'not a UK mobile to text' : 'no mobile number to text';
  if ((await store.findConversation('sms', mobile)).some((c) => c.opted_out)) return 'their mobile opted out of texts';
  const from = options.from.replace(/^whatsapp:/, '');
  const intro = options.contact
    ? translator.t(lang, 'channels:whatsapp.bySms', { landlord: options.contact.name })
    : translator.t(lang, 'channels:whatsapp.bySmsNoName');
  try {
    // Recorded under the SMS channel, where Twilio's delivery receipts for it arrive.
    await sendThroughTwilio(
      { ...message, channelId: 'sms', to: mobile, from, text: `${intro}\n${message.text}` },
      {
        client: options.client,
        store,
        from,
        statusCallback: options.statusCallback,
        ...(options.segmentsPerMessage ? { segmentsPerMessage: options.segmentsPerMessage } : {}),
      },
    );
  } catch (error) {
    if (!(error instanceof PermanentSendError)) throw error;
    return `Twilio refused the text (${error.providerCode ?? 'no code'})`;
  }
  const targets = caseRow ? [caseRow] : await store.listCasesForConversation(conversation.id, true);
  for (const target of targets) {
    await store.appendEvent(target.id, 'system', 'sent_another_way', {
      channel: 'sms',
      messageId: message.messageId,
      reason: `outside the WhatsApp window; ${templateProblem}`,
    });
  }
  logger.info(
    { conversationId: conversation.id, messageId: message.messageId },
    'WhatsApp window closed: sent by SMS instead',
  );
  return true;
}

// ── the customer writes again ────────────────────────────────────────────────

/**
 * The customer wrote, so the window is open: the words of every message that went as a
 * template follow now, in the order they were said, each once (stable ids).
 */
export async function releaseHeld(
  conversation: Conversation,
  options: { store: TwilioStore; outbox: Pick<Outbox, 'say'>; logger: Logger },
): Promise<number> {
  const waiting = Object.entries(heldOf(conversation.channel_data))
    .flatMap(([id, held]) => (held ? [{ id, at: held.at }] : []))
    .sort((a, b) => a.at.localeCompare(b.at));
  for (const { id } of waiting) {
    const original = await options.store.getMessage(id);
    if (original) {
      await options.outbox.say(conversation.id, {
        id: stableUuid(id, 'whatsapp-reopened'),
        text: original.text,
        choices: original.choices,
        author: original.author,
        caseId: original.case_id,
        locale: original.locale,
      });
    }
    await options.store.mergeChannelDataEntries(conversation.id, HELD, { [id]: null });
  }
  if (waiting.length > 0)
    options.logger.info(
      { conversationId: conversation.id, released: waiting.length },
      'WhatsApp window reopened: held messages follow',
    );
  return waiting.length;
}

/**
 * Twilio accepted a WhatsApp message and then refused it as outside the window (a
 * delivery receipt with 63016). The window is closed until the customer writes; the
 * message goes again as a copy, by template, SMS or to staff, and a copy of a refused
 * template does not try the template again.
 */
export async function handleWindowRefusal(
  refusal: { messageId: string; providerMessageId: string },
  options: { store: TwilioStore; outbox: Pick<Outbox, 'say'>; logger: Logger; now: () => Date },
): Promise<void> {
  const { store } = options;
  const message = await store.getMessage(refusal.messageId);
  if (!message || message.direction !== 'outbound') return;
  const conversation = await store.getConversation(message.conversation_id);
  if (!conversation) return;
  await store.mergeChannelData(conversation.id, { [CLOSED_AT]: options.now().toISOString() });
  const held = heldOf(conversation.channel_data)[message.id];
  const templateRefused = held?.template === refusal.providerMessageId;
  if (held) await store.mergeChannelDataEntries(conversation.id, HELD, { [message.id]: null });
  const copyId = stableUuid(message.id, 'whatsapp-refused');
  await store.mergeChannelDataEntries(conversation.id, RETRY, {
    [copyId]: templateRefused ? 'template_refused' : 'window_closed',
  });
  await options.outbox.say(conversation.id, {
    id: copyId,
    text: message.text,
    choices: message.choices,
    author: message.author,
    caseId: message.case_id,
    locale: message.locale,
  });
  options.logger.warn(
    { conversationId: conversation.id, messageId: message.id, templateRefused },
    'Twilio refused a WhatsApp message as outside the window: sending it another way',
  );
}
