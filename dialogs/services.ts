import type { TurnContext } from 'botbuilder-core';
import type { CaseService } from '../src/cases/case-service.js';
import type { DataProtection } from '../src/data-protection/index.js';
import type { DialogStore } from './ports.js';
import type { Customer } from '../src/db/rows.js';
import type { Logger } from '../src/logger.js';
import type { LanguageCode } from '../src/languages.js';
import type { AnswerReader } from './answer-checks.js';
import type { Speaker } from './speaker.js';
import type { Classify } from './triage.js';
import { turnOf } from './turn.js';

/** What the dialogs share: the system of record, the case rules, the words and the clock. */
export interface BotServices {
  store: DialogStore;
  cases: CaseService;
  speaker: Speaker;
  /** Reads postcodes, tenancy references (the landlord's format), names and numbers in answers. */
  answers: AnswerReader;
  logger: Logger;
  classify: Classify;
  now: () => Date;
  /** Languages with words of their own (others fall back to English, so are not offered). */
  languages: readonly LanguageCode[];
  /** The privacy notice as given, consents in force and withdrawn, and rights requests (issue 16). */
  dataProtection: DataProtection;
}

/** The customer behind this conversation, if one exists; never creates one. */
export async function knownCustomer(services: BotServices, context: TurnContext): Promise<Customer | undefined> {
  const { conversationId } = turnOf(context);
  return conversationId ? services.store.findCustomerForConversation(conversationId) : undefined;
}

/**
 * The customer behind this conversation, created if need be. Only after the privacy
 * notice was agreed, or for an emergency (UK GDPR Art. 6(1)(d): vital interests).
 */
export async function customerForCase(services: BotServices, context: TurnContext): Promise<Customer | undefined> {
  const { conversationId } = turnOf(context);
  return conversationId ? services.store.ensureCustomer(conversationId) : undefined;
}

/** Switch the conversation's language, and remember it on the customer if we may keep details. */
export async function switchLanguage(
  services: BotServices,
  context: TurnContext,
  lang: LanguageCode,
  source: 'client' | 'chosen' | 'detected',
): Promise<void> {
  const info = turnOf(context);
  info.data.lang = lang;
  info.data.langSource = source;
  if (!info.conversationId) return;
  await services.store.setConversationLocale(info.conversationId, lang);
  if (info.data.consent === 'granted') {
    const customer = await services.store.findCustomerForConversation(info.conversationId);
    if (customer) await services.store.updateCustomer(customer.id, { preferred_language: lang });
  }
}
