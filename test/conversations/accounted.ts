import type { Database } from '../../src/db/database.js';
import type { Case, Message } from '../../src/db/rows.js';
import type { Translator } from '../../src/i18n.js';
import { languageCodes } from '../../src/languages.js';
import { keywordOf } from '../../channels/twilio/keywords.js';

/**
 * Issue #21 item 3: every message a customer writes is accounted for. After a conversation,
 * each inbound message that says something (words, or a photo) must be
 *   - part of a case (messages.case_id, or the message a case was opened from), or
 *   - shown to staff (relayed to a Slack thread, or quoted in a Slack post, e.g. a handoff
 *     transcript), or
 *   - answered: the bot replied to it before the customer wrote again, and the reply was
 *     not only the pending question again ("Sorry, please reply with a number" answers
 *     nothing the customer said).
 * And a message with no content ("yes", "ok", "thanks", an emoji) outside a flow never opens
 * a case.
 *
 * Call it after any conversation test: `expect(await unaccounted(...)).toEqual([])`.
 */

export interface AccountingProblem {
  messageId: string;
  text: string;
  problem: 'dropped' | 'content_free_case';
  detail: string;
}

/** "yes", "ok", "thanks", an emoji, a lone number: nothing a colleague could act on by itself. */
const contentFreeWords = new Set(
  [
    // English, as typed
    'yes',
    'yeah',
    'yep',
    'yup',
    'ya',
    'y',
    'no',
    'nah',
    'nope',
    'n',
    'ok',
    'okay',
    'k',
    'kk',
    'okey',
    'okie',
    'thanks',
    'thank you',
    'thankyou',
    'thx',
    'ty',
    'cheers',
    'ta',
    'thanks a lot',
    'thank you very much',
    'great',
    'cool',
    'fine',
    'sure',
    'alright',
    'right',
    'lol',
    'hi',
    'hello',
    'bye',
    'ok thanks',
    'ok thank you',
    'yes please',
    'no thanks',
    'no thank you',
    'brilliant',
    'lovely',
    'perfect',
    'nice one',
    'will do',
    // Polish, Welsh, Arabic, Urdu, Romanian, Somali (short acknowledgements)
    'tak',
    'nie',
    'ok dzięki',
    'dzięki',
    'dziękuję',
    'dziekuje',
    'dzieki',
    'dobrze',
    'ie',
    'na',
    'iawn',
    'diolch',
    'diolch yn fawr',
    'ydw',
    'nac ydw',
    'نعم',
    'لا',
    'شكرا',
    'شكرًا',
    'حسنا',
    'حسنًا',
    'جی',
    'جی ہاں',
    'نہیں',
    'شکریہ',
    'ٹھیک ہے',
    'da',
    'mulțumesc',
    'haa',
    'maya',
    'mahadsanid',
  ].map((w) => w.normalize('NFKC')),
);

/** True when a message carries nothing but an acknowledgement, emoji or punctuation. */
export function isContentFree(text: string): boolean {
  const cleaned = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f]/gu, ' ')
    .replace(/[!?.,;:'"()…\-–—*~]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (cleaned === '' || /^\d{1,2}$/.test(cleaned)) return true;
  return contentFreeWords.has(cleaned);
}

/** Has the customer said or sent anything in it at all? */
export function saysSomething(message: Pick<Message, 'text' | 'media'>): boolean {
  return /[\p{L}\p{N}]/u.test(message.text) || message.media.length > 0;
}

/** Every retry wording in every language: a reply that only asks the pending question again. */
export function retryWordings(translator: Translator): Set<string> {
  const keys = [
    'ask.retryChoice',
    'ask.retryChoice_sms',
    'ask.retryWhich',
    'ask.retryWhich_sms',
    'ask.retry.any',
    'ask.retry.name',
    'ask.retry.homeLocator',
    'ask.retry.email',
    'ask.retry.phone',
    'ask.agentHint',
    'ask.agentHint_whatsapp',
  ];
  const out = new Set<string>();
  for (const lang of languageCodes) {
    for (const key of keys) {
      const text = translator.t(lang, key);
      if (text && text !== key) out.add(normalise(text));
    }
  }
  return out;
}

/**
 * Does a bot message only ask the pending question again? A retry wording, alone or with the
 * choices after it (SMS numbers them in the text).
 */
export function retryMatcher(translator: Translator): (text: string) => boolean {
  const wordings = [...retryWordings(translator)];
  return (text) => {
    const said = normalise(text);
    return wordings.some((w) => said === w || said.startsWith(`${w} `));
  };
}

const normalise = (text: string): string => text.normalize('NFKC').replace(/\s+/g, ' ').trim();

/** Slack's escaping undone, whitespace evened out: to find a customer's words quoted in a post. */
const slackPlain = (text: string): string =>
  normalise(text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/^>\s?/gm, ''));

export async function unaccounted(input: {
  db: Database;
  conversationId: string;
  /** Everything posted to Slack, as text (see shownInSlack). */
  slackTexts: readonly string[];
  translator: Translator;
  /** Where there is no Slack to look at (the dialog harness): was it put in front of staff another way? */
  shownToStaff?: (message: Message) => Promise<boolean>;
}): Promise<AccountingProblem[]> {
  const { db, conversationId } = input;
  const messages = await db.query<Message & { seq: string }>(
    'select * from messages where conversation_id = $1 order by seq',
    [conversationId],
  );
  const cases = await db.query<Case & { origin_message_id: string | null }>(
    'select * from cases where conversation_id = $1',
    [conversationId],
  );
  const relayed = new Set(
    (
      await db.query<{ message_id: string }>(
        'select message_id from slack_relay where conversation_id = $1 and posted_at is not null',
        [conversationId],
      )
    ).map((r) => r.message_id),
  );
  const origins = new Map(cases.filter((c) => c.origin_message_id).map((c) => [c.origin_message_id!, c]));
  const isRetry = retryMatcher(input.translator);
  const slack = input.slackTexts.map(slackPlain).join('\n');
  const problems: AccountingProblem[] = [];

  // A case about nothing: opened on a bare "yes"/"ok"/"thanks" (an answer inside a flow may be a
  // case's origin message, but then the case is about what the customer said before it).
  for (const row of cases) {
    if (!isContentFree(row.customer_words)) continue;
    const origin = messages.find((m) => m.id === row.origin_message_id);
    if (origin && origin.media.length > 0) continue;
    problems.push({
      messageId: origin?.id ?? '',
      text: row.customer_words,
      problem: 'content_free_case',
      detail: `${row.reference} was opened about "${row.customer_words}"`,
    });
  }

  const inbound = messages.filter((m) => m.direction === 'inbound' && m.kind === 'message');
  for (const message of inbound) {
    const opened = origins.get(message.id);
    if (!saysSomething(message) || (isContentFree(message.text) && message.media.length === 0)) continue;
    if (message.case_id || opened || relayed.has(message.id)) continue;
    // A carrier keyword (STOP, START, HELP) is acted on by the channel itself: the number is
    // opted out or in, and the provider or the channel answers it.
    if (
      (message.channel_id === 'sms' || message.channel_id === 'whatsapp') &&
      keywordOf(message.text, message.channel_id)
    )
      continue;
    const words = slackPlain(message.text);
    if (words.length >= 3 && slack.includes(words.slice(0, 120))) continue;
    if (input.shownToStaff && (await input.shownToStaff(message))) continue;
    const at = messages.indexOf(message);
    const next = messages.slice(at + 1).findIndex((m) => m.direction === 'inbound' && m.kind === 'message');
    const replies = messages
      .slice(at + 1, next === -1 ? undefined : at + 1 + next)
      .filter((m) => m.direction === 'outbound' && m.author === 'bot');
    // The bot's last question before it: a reply that only repeats it answers nothing. (A
    // repeated statement, e.g. the same refusal to the same request, is still an answer.)
    const previousQuestion = messages
      .slice(0, at)
      .filter((m) => m.direction === 'outbound' && m.author === 'bot')
      .filter((m) => m.text.includes('?') || m.text.includes('؟') || m.choices.length > 0)
      .at(-1);
    const answering = replies.filter(
      (r) => !isRetry(r.text) && normalise(r.text) !== normalise(previousQuestion?.text ?? ''),
    );
    if (answering.length > 0) continue;
    problems.push({
      messageId: message.id,
      text: message.text,
      problem: 'dropped',
      detail:
        replies.length === 0
          ? 'no case, not shown to staff, and no reply'
          : `no case, not shown to staff, and the only reply asked the pending question again: "${replies.at(-1)?.text.slice(0, 80) ?? ''}"`,
    });
  }
  return problems;
}

/**
 * The check over every conversation a test file's gateway held: for the end of any test file
 * that talks to a whole gateway (`expect(await everyConversationAccounted(gateway.db)).toEqual([])`).
 */
export async function everyConversationAccounted(
  db: Database,
  slackTexts: readonly string[] = [],
  shownToStaff?: (message: Message) => Promise<boolean>,
): Promise<Array<AccountingProblem & { conversationId: string }>> {
  const { createTranslator } = await import('../../src/i18n.js');
  const translator = await createTranslator();
  const problems: Array<AccountingProblem & { conversationId: string }> = [];
  for (const { id } of await db.query<{ id: string }>('select id from conversations order by created_at')) {
    for (const problem of await unaccounted({
      db,
      conversationId: id,
      slackTexts,
      translator,
      ...(shownToStaff ? { shownToStaff } : {}),
    }))
      problems.push({ ...problem, conversationId: id });
  }
  return problems;
}
