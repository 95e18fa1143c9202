import type { TwilioStore } from './ports.js';
import type { Conversation, Message } from '../../src/db/rows.js';
import type { Translator } from '../../src/i18n.js';
import { stableUuid } from '../../src/ids.js';
import type { Logger } from '../../src/logger.js';
import { OPT_OUT_CONFIRMATION_AUTHOR, type Outbox } from '../../src/outbox.js';
import { keywordOf } from './keywords.js';

/** The landlord's contact details for the HELP reply (the same fields as the dialogs' Landlord). */
export interface LandlordContact {
  name: string;
  /** The customer services line. */
  phone: string;
  /** The 24-hour emergency repairs line. */
  emergencyLine: string;
  website: string;
}

export interface KeywordHandlerOptions {
  store: TwilioStore;
  outbox: Pick<Outbox, 'say'>;
  translator: Translator;
  logger: Logger;
  contact?: LandlordContact;
}

/**
 * STOP and the other opt-out words, START and HELP, handled before the dialogs see the
 * message. Returns true when the message was one of them.
 *
 * On SMS, STOP gets no reply from us: the carrier and Twilio confirm opt-outs themselves,
 * and after it nothing more may go to the number. WhatsApp has no carrier to confirm it,
 * so there we say once that nothing more will come (Meta asks businesses to honour opt-out
 * requests). START and HELP are answered through the outbox (stable ids, so a replayed
 * turn says nothing twice), in the channel's own words.
 */
export async function handleCarrierKeyword(
  input: { conversation: Conversation; message: Message },
  options: KeywordHandlerOptions,
): Promise<boolean> {
  const { conversation, message } = input;
  const keyword = keywordOf(message.text, conversation.channel_id);
  if (!keyword) return false;
  const { store, outbox, translator, logger } = options;
  const lang = message.locale ?? conversation.locale ?? 'en';
  const words = conversation.channel_id === 'whatsapp' ? 'channels:whatsapp' : 'channels:sms';
  const log = { conversationId: conversation.id, channel: conversation.channel_id, messageId: message.id };

  if (keyword === 'opt_out' || keyword === 'opt_in') {
    const optedOut = keyword === 'opt_out';
    await store.setOptOut(conversation.channel_id, conversation.address, optedOut);
    // Staff working an open case must know the customer can no longer be texted (or can again).
    for (const open of await store.listCasesForConversation(conversation.id, true)) {
      await store.appendEvent(open.id, 'customer', optedOut ? 'channel_opted_out' : 'channel_opted_in', {
        channel: conversation.channel_id,
      });
    }
    logger.info(
      log,
      optedOut ? 'customer opted out: nothing more will be sent to this number' : 'customer opted back in',
    );
    if (!optedOut) {
      await outbox.say(conversation.id, {
        id: stableUuid(message.id, 'opt-in'),
        text: translator.t(lang, `${words}.optedIn`),
        author: 'bot',
        locale: lang,
      });
    } else if (conversation.channel_id === 'whatsapp') {
      await outbox.say(conversation.id, {
        id: stableUuid(message.id, 'opt-out'),
        text: translator.t(lang, 'channels:whatsapp.optedOut'),
        author: OPT_OUT_CONFIRMATION_AUTHOR,
        locale: lang,
      });
    }
    return true;
  }

  const contact = options.contact;
  const text = contact
    ? translator.t(lang, `${words}.help`, {
        landlord: contact.name,
        phone: contact.phone,
        emergencyLine: contact.emergencyLine,
        website: contact.website,
      })
    : translator.t(lang, `${words}.helpNoContact`);
  await outbox.say(conversation.id, { id: stableUuid(message.id, 'help'), text, author: 'bot', locale: lang });
  logger.info(log, 'help keyword answered');
  return true;
}
