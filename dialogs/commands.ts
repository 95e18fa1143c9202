import { referencePattern } from '../src/db/case-store.js';
import { asksForPerson } from './person-request.js';
import { normalise } from './recognise.js';

/**
 * The few things a customer can say at any point. Matched on the whole (short) message
 * so "a person came round yesterday" is not a request for a person. Multilingual words
 * are data, not wording: they are what customers type, not what the bot says.
 */
const agentWords = [
  'agent',
  'human',
  'person',
  'a person',
  'a human',
  'real person',
  'a real person',
  'operator',
  'advisor',
  'adviser',
  'someone',
  'staff',
  'member of staff',
  // cy, pl, ro
  'person go iawn',
  'aelod o staff',
  'konsultant',
  'czlowiek',
  'pracownik',
  'operator uman',
  'om',
  // ur, pa, ar, bn, so, zh: what customers type to reach a person
  'ایجنٹ',
  'انسان',
  'عملہ',
  'ਏਜੰਟ',
  'ਇਨਸਾਨ',
  'ਕਰਮਚਾਰੀ',
  'موظف',
  'شخص',
  'إنسان',
  'এজেন্ট',
  'মানুষ',
  'কর্মী',
  'qof',
  'wakiil',
  'shaqaale',
  'qof dhab ah',
  '人工',
  '客服',
  '真人',
  '人工客服',
  '转人工',
].map(normalise);

const agentPhrase =
  /^(please |can i |could i |i want to |i d like to |i would like to |let me )?(talk|speak|chat) (to|with) (a |an |a real |someone|somebody|your )?(person|human|agent|someone|somebody|advisor|adviser|member of staff|staff|operator)?( please)?$/;

/** A request for a person: the short words above, or a request in people's own words (person-request.ts). */
export function asksForAgent(text: string): boolean {
  const said = normalise(text).replace(/\s+please$/, '');
  return (said.length <= 60 && (agentWords.includes(said) || agentPhrase.test(said))) || asksForPerson(text);
}

// "cancel" on its own is an SMS opt-out word (docs/rules/channels.md#sms-keywords), handled before the bot there;
// "start again" works on every channel.
const cancelWords = [
  'cancel',
  'start again',
  'start over',
  'restart',
  'reset',
  'stop this',
  'dechrau eto',
  'zacznij od nowa',
  'anuluj',
  'anuleaza',
  'منسوخ',
  'دوبارہ شروع',
  'ਰੱਦ',
  'ਦੁਬਾਰਾ ਸ਼ੁਰੂ',
  'إلغاء',
  'ابدأ من جديد',
  'বাতিল',
  'আবার শুরু',
  'jooji',
  'dib u bilow',
  '取消',
  '重新开始',
].map(normalise);

export function asksToCancel(text: string): boolean {
  return cancelWords.includes(normalise(text));
}

/** A case reference anywhere in the message, upper-cased ("cmp-2026-000123" → "CMP-2026-000123"). */
export function referenceIn(text: string): string | undefined {
  const match = referencePattern.exec(text);
  return match ? match[0].toUpperCase() : undefined;
}

/** "status CMP-…", "any update on CMP-…": a status question even in the middle of a flow. */
// Words in scripts without spaces between words (Chinese) or outside \b's ASCII idea of a word.
const statusWordsAnyScript = ['اسٹیٹس', 'صورتحال', 'ਸਥਿਤੀ', 'حالة', 'تحديث', 'অবস্থা', 'স্ট্যাটাস', '状态', '进度', '进展'].map(normalise);

export function asksForStatus(text: string): boolean {
  if (referenceIn(text) === undefined) return false;
  const said = normalise(text);
  return /\b(status|update|progress|news|stan|statws|diweddariad|stare|stadiu|xaalad|xaaladda)\b/.test(said) || statusWordsAnyScript.some((w) => said.includes(w));
}

const stage2Pattern =
  /\b(appeal|escalate|escalation|stage 2|stage two|second stage|not happy with (the|your|my|this) (response|reply|answer|decision|outcome)|unhappy with (the|your|my|this) (response|reply|answer|decision|outcome)|odwolanie|apel)\b/;

/** The customer wants stage 2 (the triage flag, or words for it). */
export function asksForStage2(text: string, flags: readonly string[]): boolean {
  return flags.includes('appeal') || stage2Pattern.test(normalise(text));
}

// Hellos and "help" on their own say nothing to act on yet: the bot asks what the customer needs.
const openers = ['hi', 'hello', 'hey', 'hiya', 'hello?', 'hi there', 'good morning', 'good afternoon', 'help', 'shwmae', 'helo', 'bore da', 'dzien dobry', 'czesc', 'buna', 'salut', 'salaam', 'assalamualaikum'];

export function isOpener(text: string): boolean {
  return openers.includes(normalise(text));
}
