import type { TurnContext } from 'botbuilder-core';
import type { CaseService, OpenedCase } from '../src/cases/case-service.js';
import type { DataProtection } from '../src/data-protection/index.js';
import type { DialogStore } from './ports.js';
import type { CustomerPatch, EnsureSet } from '../src/db/customers.js';
import type { Case, Conversation, Customer } from '../src/db/rows.js';
import type { Logger } from '../src/logger.js';
import type { LanguageCode } from '../src/languages.js';
import type { AnswerReader } from './answer-checks.js';
import type { Speaker } from './speaker.js';
import type { Classify } from './triage.js';
import { storedConversationOf } from '../src/turn/gateway-adapter.js';
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

/**
 * The conversation's customer as this turn knows it: read once a turn, then kept in the
 * turn's state and replaced by what the turn writes to it (updateCustomer, a case opened),
 * so the dialogs of one turn do not read the same row again and again (issue 18).
 * `linked`: the conversation itself names the customer (ensureCustomer would change nothing).
 */
interface HeldCustomer {
  customer: Customer | undefined;
  linked: boolean;
}

const customerKey = Symbol('dialogs.customer');

function held(context: TurnContext): HeldCustomer | undefined {
  return context.turnState.get(customerKey) as HeldCustomer | undefined;
}

function hold(context: TurnContext, customer: Customer | undefined, linked: boolean): void {
  context.turnState.set(customerKey, { customer, linked } satisfies HeldCustomer);
}

/** What the turn knows of its customer is no longer sure (another service wrote to it): read again when next needed. */
export function forgetCustomer(context: TurnContext): void {
  context.turnState.delete(customerKey);
}

/**
 * A row of the conversation's customer as just written by a service (a case opened, which set
 * its nation): kept when it is the turn's customer; without one, the turn reads it again.
 */
export function customerWritten(context: TurnContext, customer: Customer | undefined): void {
  const known = held(context);
  if (!known) return;
  if (customer && known.customer?.id === customer.id) hold(context, customer, known.linked);
  else if (!customer) forgetCustomer(context);
}

/** The customer behind this conversation, if one exists; never creates one. */
export async function knownCustomer(services: BotServices, context: TurnContext): Promise<Customer | undefined> {
  const { conversationId } = turnOf(context);
  if (!conversationId) return undefined;
  const known = held(context);
  if (known) return known.customer;
  const found = await services.store.customerOfConversation(conversationId);
  hold(context, found?.customer, found?.linked ?? false);
  return found?.customer;
}

/**
 * The customer behind this conversation, created if need be. Only after the privacy
 * notice was agreed, or for an emergency (UK GDPR Art. 6(1)(d): vital interests).
 * `set` is written on the customer too.
 */
export async function customerForCase(
  services: BotServices,
  context: TurnContext,
  set: EnsureSet = {},
): Promise<Customer | undefined> {
  const { conversationId } = turnOf(context);
  if (!conversationId) return undefined;
  const known = held(context);
  // Already the conversation's own customer this turn: nothing to create or link.
  if (known?.customer && known.linked)
    return Object.keys(set).length > 0 ? updateCustomer(services, context, known.customer.id, set) : known.customer;
  const customer = await services.store.ensureCustomer(conversationId, set);
  hold(context, customer, true);
  return customer;
}

/**
 * The conversation's row as the turn pipeline read it for this turn, for a case opened on it
 * (where it began: docs/rules/channels.md#public-comments); nothing outside the pipeline.
 */
export function turnConversation(context: TurnContext): { conversation?: Conversation } {
  const row = storedConversationOf(context);
  return row && row.id === turnOf(context).conversationId ? { conversation: row } : {};
}

const openedKey = Symbol('dialogs.openedCases');

/**
 * A case this turn opened: its row is kept for the turn, and its customer as the case service
 * left it (nation set) becomes the turn's copy.
 */
export function caseOpened(context: TurnContext, opened: OpenedCase): void {
  customerWritten(context, opened.customer);
  const cases = (context.turnState.get(openedKey) as Map<string, Case> | undefined) ?? new Map<string, Case>();
  cases.set(opened.case.id, opened.case);
  context.turnState.set(openedKey, cases);
}

/** A case as this turn opened it, or read (for one opened in an earlier turn). */
export async function caseOf(services: BotServices, context: TurnContext, caseId: string): Promise<Case | undefined> {
  const opened = (context.turnState.get(openedKey) as Map<string, Case> | undefined)?.get(caseId);
  return opened ?? services.store.getCase(caseId);
}

/** Write to a customer; the turn's copy of its customer follows what was written. */
export async function updateCustomer(
  services: BotServices,
  context: TurnContext,
  id: string,
  patch: CustomerPatch,
): Promise<Customer> {
  const row = await services.store.updateCustomer(id, patch);
  customerWritten(context, row);
  return row;
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
    const customer = await knownCustomer(services, context);
    if (customer) await updateCustomer(services, context, customer.id, { preferred_language: lang });
  }
}
