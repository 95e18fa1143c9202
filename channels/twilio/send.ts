import type { Choice, OutboundMessage, SendResult } from '../../src/channel.js';
import type { TwilioStore } from './ports.js';
import { splitByLength, splitSms, TWILIO_MAX_BODY } from './segments.js';
import { classifyTwilioError, findSentSms, sendRefused, sendSms, type TwilioClient } from './twilio-client.js';

/** How far our clock and Twilio's may disagree when looking for a message sent since an attempt began. */
const CLOCK_SKEW_MS = 60_000;

export interface TwilioSenderOptions {
  client: TwilioClient;
  store: TwilioStore;
  /** TWILIO_FROM: used when the conversation's own number is not a number (e.g. a Messaging Service). */
  from: string;
  /** Where Twilio posts delivery status changes. */
  statusCallback: string;
  /** @defaultValue 4 */
  segmentsPerMessage?: number;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * SMS and WhatsApp have no buttons: choices become numbered lines the customer can
 * answer with a number, unless the dialog already wrote them into the text.
 */
export function withNumberedChoices(text: string, choices: readonly Choice[]): string {
  if (choices.length === 0) return text;
  const lower = text.toLowerCase();
  if (choices.every((c) => lower.includes(c.title.toLowerCase()))) return text;
  return `${text}\n${choices.map((c, i) => `${i + 1}. ${c.title}`).join('\n')}`;
}

function addresses(message: OutboundMessage, fallbackFrom: string): { from: string; to: string } {
  if (message.channelId === 'whatsapp') {
    const wa = (n: string) => (n.startsWith('whatsapp:') ? n : `whatsapp:${n}`);
    // A Messaging Service SID carries its own WhatsApp sender: no prefix on it.
    const from = message.from.startsWith('whatsapp:')
      ? message.from
      : E164.test(fallbackFrom)
        ? wa(fallbackFrom)
        : fallbackFrom;
    return { from, to: wa(message.to) };
  }
  // Answer from the number the customer wrote to, so the thread stays one thread on their phone.
  return { from: E164.test(message.from) ? message.from : fallbackFrom.replace(/^whatsapp:/, ''), to: message.to };
}

/**
 * Sends one outbound message as one or more Twilio messages. Each part is recorded as
 * Twilio accepts it, so a retry after a failure part-way resumes with the first part not
 * yet sent and the customer never gets a part twice.
 */
export async function sendThroughTwilio(message: OutboundMessage, options: TwilioSenderOptions): Promise<SendResult> {
  const text = withNumberedChoices(message.text, message.choices);
  // WhatsApp has no segments; Twilio's body limit (1600) still holds, so longer texts split on words.
  const parts =
    message.channelId === 'whatsapp'
      ? splitByLength(text, TWILIO_MAX_BODY)
      : splitSms(text, { segmentsPerMessage: options.segmentsPerMessage ?? 4 });
  const { from, to } = addresses(message, options.from);
  const { store } = options;
  const already = await store.listDeliveries(message.messageId);
  const sids = already.map((d) => d.provider_message_id);
  for (let part = sids.length; part < parts.length; part++) {
    const body = parts[part]!;
    // An earlier try may have reached Twilio without our hearing of it (the worker died, the
    // answer was lost): look for it there first, and send only if it is not.
    const unknown = await store.unknownSendAttempts(message.messageId, part);
    if (unknown.length > 0) {
      const since = new Date(unknown[0]!.started_at.getTime() - CLOCK_SKEW_MS);
      const found = await findSentSms(options.client, {
        from,
        to,
        body,
        since,
        isKnown: async (sid) => (await store.getDelivery(message.channelId, sid)) !== undefined,
      });
      if (found) {
        await store.recordDeliveryPart(message.messageId, message.channelId, found.sid, found.status);
        await store.settleSendAttempts({ messageId: message.messageId, part }, 'found', found.sid);
        sids.push(found.sid);
        continue;
      }
      await store.settleSendAttempts({ messageId: message.messageId, part }, 'not_found');
    }
    const attempt = await store.beginSendAttempt({
      messageId: message.messageId,
      part,
      channelId: message.channelId,
      recipient: to,
    });
    let accepted: Awaited<ReturnType<typeof sendSms>>;
    try {
      accepted = await sendSms(options.client, { from, to, body, statusCallback: options.statusCallback, raw: true });
    } catch (error) {
      // Twilio said no: nothing went. Anything else (no answer, 5xx) stays unknown for the retry to look up.
      if (sendRefused(error))
        await store.settleSendAttempts({ attemptId: attempt.id }, 'refused').catch(() => undefined);
      throw classifyTwilioError(error);
    }
    await store.recordDeliveryPart(message.messageId, message.channelId, accepted.sid, accepted.status);
    await store.settleSendAttempts({ attemptId: attempt.id }, 'accepted', accepted.sid);
    sids.push(accepted.sid);
  }
  return { providerMessageIds: sids };
}
