import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultLandlord, landlordVars } from '../../dialogs/landlord.js';
import { referencePattern } from '../../src/db/case-store.js';
import type { Case, CaseClock, Conversation, Customer } from '../../src/db/rows.js';
import { createTranslator, formatLondonDate, type Translator } from '../../src/i18n.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * Web chat end to end: the whole real gateway (dialogs bot, turn and outbound queues on
 * real Redis, in-memory PGlite) with the Direct Line channel reachable on a real port, so
 * the streamUrl it hands out points back at itself.
 */
export async function startWebchatGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const port = await freePort();
  return startTestGateway({ PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...env });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

type Vars = Record<string, string | number>;

/** What the bot says, from the locale files, with the landlord's details filled in as the bot fills them. */
export interface BotWords {
  /** A whole message as web chat shows it (no `_sms` variant). */
  says(lang: string, key: string, vars?: Vars): string;
  /** The titles of a set of choices, as the buttons show them. */
  titles(lang: string, keys: readonly string[]): string[];
  date(date: Date, lang: string): string;
  readonly translator: Translator;
}

export async function botWords(): Promise<BotWords> {
  const translator = await createTranslator();
  const landlord = landlordVars(defaultLandlord);
  return {
    translator,
    says: (lang, key, vars = {}) => translator.t(lang, key, { ...landlord, ...vars }),
    titles: (lang, keys) => keys.map((key) => translator.t(lang, `${key}.title`)),
    date: formatLondonDate,
  };
}

/** The choice sets the complaint flow offers, by locale key (dialogs/choice-sets.ts). */
export const choiceKeys = {
  yesNo: ['choices.yes', 'choices.no'],
  offer: ['choices.formal', 'choices.fix', 'choices.neither'],
  started: ['choices.started.recent', 'choices.started.withinYear', 'choices.started.overYear'],
  who: ['choices.who.self', 'choices.who.forSomeone', 'choices.who.hasRep'],
  contact: ['sms', 'phone', 'email', 'letter', 'chat'].map((m) => `choices.contact.${m}`),
  format: ['standard', 'large_print', 'easy_read', 'braille', 'audio', 'another_language', 'interpreter', 'bsl'].map(
    (f) => `choices.format.${f}`,
  ),
} as const;

/** The first case reference (CMP-2026-000123 and the like) in a text. */
export function referenceIn(text: string): string | undefined {
  return referencePattern.exec(text)?.[0];
}

export interface ComplaintRecord {
  case: Case;
  customer: Customer;
  conversation: Conversation;
  clocks: CaseClock[];
}

/** The rows a reference stands for: what staff would find when the customer quotes it. */
export async function recordFor(gateway: TestGateway, reference: string): Promise<ComplaintRecord> {
  const found = await gateway.store.getCaseByReference(reference);
  if (!found) throw new Error(`no case ${reference}`);
  const customer = await gateway.store.getCustomer(found.customer_id ?? '');
  if (!customer) throw new Error(`case ${reference} has no customer`);
  const conversation = await gateway.store.getConversation(found.conversation_id ?? '');
  if (!conversation) throw new Error(`case ${reference} has no conversation`);
  return { case: found, customer, conversation, clocks: await gateway.store.listClocks(found.id) };
}

/** "What happens next" for a formal complaint, with the dates the case's clocks hold. */
export function formalNextSteps(words: BotWords, lang: string, clocks: readonly CaseClock[]): string {
  const due = (name: string): Date => {
    const clock = clocks.find((c) => c.name === name);
    if (!clock) throw new Error(`no ${name} clock`);
    return clock.due_at;
  };
  return words.says(lang, 'confirm.next.formal', {
    ackDate: words.date(due('stage1_ack'), lang),
    responseDate: words.date(due('stage1_response'), lang),
  });
}
