import { referencePattern } from '../src/db/case-store.js';
import { isGreeting } from '../src/triage/substance.js';
import { asksForPerson } from './person-request.js';
import { alternatives, wordCount } from './normalise.js';
import { normalise } from './recognise.js';

/**
 * The few things a customer can say at any point. Matched on the whole (short) message
 * so "a person came round yesterday" is not a request for a person. Multilingual words
 * are data, not wording: they are what customers type, not what the bot says.
 */

/** A request for a person: a short word ("agent", "człowiek", "人工") or people's own words, in the ten languages (person-request.ts). */
export function asksForAgent(text: string): boolean {
  return asksForPerson(text);
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

// "actually forget it, I'll ring you tomorrow", "never mind", "nieważne": a message that starts
// by dropping what is in hand. Not "leave it with you", nor "don't bother sending a letter".
const dropping =
  /^(?:(?:oh|ok|okay|actually|no|nah|sorry|um|erm|ah)\s)*(?:forget (?:it|about it|that)|never ?mind(?! (?:the|about)\b)|nevermind|don ?t bother(?! (?:\w+ing|with|to)\b)|leave it(?! with\b)|scrap (?:it|that)|cancel (?:it|that|this)|niewazne|nie wazne|zapomnij|daj spokoj|dim ots|anghofia fe|nu mai conteaza|lasa balta|iska daa)\b/;

// The same at the start of a message in Arabic, Urdu, Punjabi, Bengali and Chinese ("算了，我明天打电话",
// "forget it, I'll ring tomorrow"). Not "it doesn't matter" or "no need": those answer a question
// ("کوئی بات نہیں", "不用了" to the format question is our standard letters).
const droppingOtherScripts = new RegExp(
  `^(?:${alternatives([
    ...['انسى الموضوع', 'انس الموضوع', 'انسى الأمر', 'انسى الامر', 'خلاص انسى', 'رہنے دیں', 'رہنے دو', 'چھوڑ دیں'],
    ...['ਰਹਿਣ ਦਿਓ', 'ਛੱਡ ਦਿਓ', 'ਛੱਡੋ', 'বাদ দিন', 'বাদ দাও', 'থাক', '算了'],
  ])})(?= |$)`,
  'u',
);

export function asksToCancel(text: string): boolean {
  const said = normalise(text);
  return cancelWords.includes(said) || dropping.test(said) || droppingOtherScripts.test(said);
}

/** A case reference anywhere in the message, upper-cased ("cmp-2026-000123" → "CMP-2026-000123"). */
export function referenceIn(text: string): string | undefined {
  const match = referencePattern.exec(text);
  return match ? match[0].toUpperCase() : undefined;
}

/** "status CMP-…", "any update on CMP-…": a status question even in the middle of a flow. */
// Words in scripts without spaces between words (Chinese) or outside \b's ASCII idea of a word.
const statusWordsAnyScript = [
  'اسٹیٹس',
  'صورتحال',
  'ਸਥਿਤੀ',
  'حالة',
  'تحديث',
  'অবস্থা',
  'স্ট্যাটাস',
  '状态',
  '进度',
  '进展',
].map(normalise);

export function asksForStatus(text: string): boolean {
  if (referenceIn(text) === undefined) return false;
  const said = normalise(text);
  return (
    /\b(status|update|progress|news|stan|statws|diweddariad|stare|stadiu|xaalad|xaaladda)\b/.test(said) ||
    statusWordsAnyScript.some((w) => said.includes(w))
  );
}

const updatePattern =
  /\b(?:any (?:update|updates|news|progress)|an update|update on|news on|progress on|(?:what s|whats|what is) happening (?:with|about)|where are (?:we|you) (?:up to |at )?with|chasing (?:up )?(?:my|the|our)|jakies wiesci|cos nowego w sprawie|co sie dzieje z|unrhyw newyddion|diweddariad ar|vreo noutate|noutati despre|war cusub)\b/;

/**
 * "any update on my complaint?", "where are we with my repair": a status question without its
 * reference. A longer message says something of its own ("heard nothing from the plumber and
 * the leak is worse") and is read as a message.
 */
// "أي جديد بخصوص شكواي؟", "میری شکایت کا کیا بنا؟", "ਮੇਰੀ ਸ਼ਿਕਾਇਤ ਦਾ ਕੀ ਬਣਿਆ?", "আমার অভিযোগের কী হলো?", "我的投诉怎么样了？"
const updateOtherScripts = new RegExp(
  alternatives([
    ...['أي جديد', 'اي جديد', 'هل من جديد', 'ما الجديد', 'ماذا حدث بخصوص', 'ماذا حدث في', 'وين وصلت'],
    ...['کا کیا بنا', 'کی کیا صورتحال', 'کوئی اپڈیٹ', 'کوئی خبر', 'ਦਾ ਕੀ ਬਣਿਆ', 'ਕੋਈ ਅਪਡੇਟ', 'ਕੋਈ ਖ਼ਬਰ'],
    ...[
      'কী হলো',
      'কি হলো',
      'কোনো আপডেট',
      'কোন আপডেট',
      'কোনো খবর',
      '怎么样了',
      '有什么进展',
      '进展如何',
      '有进展吗',
      '有消息吗',
    ],
  ]),
  'u',
);

export function asksForUpdate(text: string): boolean {
  const said = normalise(text);
  return wordCount(text) <= 20 && (updatePattern.test(said) || updateOtherScripts.test(said));
}

const stage2Pattern =
  /\b(appeal|escalate|escalation|stage 2|stage two|second stage|not happy with (the|your|my|this) (response|reply|answer|decision|outcome)|unhappy with (the|your|my|this) (response|reply|answer|decision|outcome)|odwolanie|apel)\b/;

/** The customer wants stage 2 (the triage flag, or words for it). */
export function asksForStage2(text: string, flags: readonly string[]): boolean {
  return flags.includes('appeal') || stage2Pattern.test(normalise(text));
}

// Hellos (src/triage/substance.ts holds the greetings, in the languages we speak) and "help" on
// their own say nothing to act on yet: the bot asks what the customer needs.
/** A hello, "help", or a hello with manners and nothing asked ("hiya sorry to msg so late"). */
export function isOpener(text: string): boolean {
  return normalise(text) === 'help' || isGreeting(text);
}
