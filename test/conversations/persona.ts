import type { CaseKind } from '../../src/db/rows.js';
import type { ChannelName, Said } from './world.js';

/**
 * A simulated customer is DATA: what they write first, whatever the bot says, and how they
 * answer what they are asked — by the topic of the question, as a person reads it ("it's
 * asking for my postcode"), never by the bot's exact wording. Written before any tuning of
 * the bot (issue #11, #21): the answers are the way people type, not the way the bot wants.
 */

export type Lang = 'en' | 'pl' | 'cy' | 'ar' | 'ur';

/** What a question is about, as a customer would recognise it. */
export type Topic =
  | 'privacy'
  | 'recordFormal'
  | 'offer'
  | 'whatHappened'
  | 'outcome'
  | 'started'
  | 'who'
  | 'theirName'
  | 'yourName'
  | 'name'
  | 'relation'
  | 'agreed'
  | 'home'
  | 'phone'
  | 'email'
  | 'address'
  | 'contact'
  | 'format'
  | 'carryOn'
  | 'language'
  | 'anythingElse'
  | 'question';

export type Goal =
  /** A case reference the customer is told, of one of these kinds (or, with orPerson, a person instead). */
  | { reach: 'reference'; kinds: readonly CaseKind[]; orPerson?: boolean }
  /** A person: a live handoff recorded on the conversation and shown to staff in Slack. */
  | { reach: 'person' }
  /** The safety advice for this danger, in the customer's language, after they report it. */
  | { reach: 'safety'; advice: 'gas' | 'fire' | 'electrics' | 'flooding' };

export interface Persona {
  id: string;
  channel: ChannelName;
  lang: Lang;
  /** Who they are, in a line (for the report). */
  story: string;
  /** What they write first, one message after another, each after reading the reply. */
  opening: Said[];
  /** How they answer a question on each topic; a list is used in turn if asked again (the last repeats). */
  answers: Partial<Record<Topic, Said | Said[]>>;
  /** What they write when they cannot tell what they are being asked. @defaultValue a shrug in their language */
  otherwise?: Said[];
  goal: Goal;
  /** After reaching the goal, what they write (e.g. "thanks"); these must open no case. */
  afterwards?: Said[];
  /** More that must be true at the end (the address kept, the number taken), as a reason when it is not. */
  check?: (outcome: CheckInput) => string | undefined | Promise<string | undefined>;
  /** At most this many customer messages to reach the goal. @defaultValue 14 */
  maxMessages?: number;
}

export interface CheckInput {
  /** The cases the conversation opened, oldest first. */
  cases: ReadonlyArray<{
    reference: string;
    kind: CaseKind;
    customer_words: string;
    category: string | null;
    complaint_offered: boolean;
    id: string;
  }>;
  customer:
    | {
        name: string | null;
        phone: string | null;
        email: string | null;
        postcode: string | null;
        address: string | null;
        tenancy_ref: string | null;
      }
    | undefined;
  /** What the bot said, in order. */
  botSaid: string[];
  /** What the customer wrote, in order. */
  customerSaid: string[];
  /** Inbound messages with media, and the case each is on. */
  photos: Array<{ caseId: string | null }>;
}

/**
 * How a customer recognises what a question is about, per language: the words any phrasing of
 * that question would contain. Checked in order (the more specific first).
 */
export const reading: Record<Lang, Array<[Topic, RegExp]>> = {
  en: [
    ['privacy', /privacy|keep what you tell us/i],
    ['language', /which language|continue in/i],
    ['carryOn', /carry on|where we were/i],
    ['recordFormal', /record (this|it) as an? (formal |informal )?complaint/i],
    ['offer', /formal complaint.*(put it right|fix)|put it right within/i],
    ['whatHappened', /what happened|tell me (briefly|more)/i],
    ['outcome', /put things right|would you like us to do/i],
    ['started', /when did|how long|start/i],
    ['who', /are you the tenant|someone else/i],
    ['theirName', /name of the person|person you're contacting/i],
    ['yourName', /and what's your name|your own name/i],
    ['relation', /connected|relationship/i],
    ['agreed', /agreed|agree to/i],
    ['home', /postcode|post code|tenancy ref/i],
    ['phone', /phone number|number should we|mobile number/i],
    ['email', /e-?mail address/i],
    ['address', /address for letters|full address/i],
    ['contact', /contact you|get in touch|reach you/i],
    ['format', /format|large print/i],
    ['name', /\bname\b/i],
    ['anythingElse', /anything else/i],
    ['question', /\?\s*$/],
  ],
  pl: [
    ['privacy', /prywatno|przechowuje|zanim zapiszę/i],
    ['language', /w jakim języku|po polsku/i],
    ['carryOn', /kontynuować|wrócić do/i],
    ['recordFormal', /zarejestrowali to jako/i],
    ['offer', /formaln\S* skarg.*rozwiązać|rozwiązać problem w ciągu/i],
    ['whatHappened', /co się stało|opisać/i],
    ['outcome', /naprawić sytuację|co powinniśmy zrobić/i],
    ['started', /kiedy|od kiedy|zaczęło/i],
    ['who', /najemcą|innej osoby/i],
    ['theirName', /osoby, w której imieniu/i],
    ['yourName', /a jak brzmi/i],
    ['relation', /kim jest/i],
    ['agreed', /zgodziła|zgadza się pan\/pani, abyśmy w/i],
    ['home', /kod\S* pocztow|numer referencyjny najmu/i],
    ['phone', /numer\S* telefonu/i],
    ['email', /e-?mail/i],
    ['address', /adres do korespondencji/i],
    ['contact', /kontaktować|skontaktować/i],
    ['format', /format/i],
    ['name', /imię|nazwisk/i],
    ['anythingElse', /w czymś jeszcze/i],
    ['question', /\?\s*$/],
  ],
  cy: [
    ['privacy', /preifatrwydd|cadw'r hyn/i],
    ['language', /pa iaith|parhau yn/i],
    ['carryOn', /parhau|lle roedden ni/i],
    ['recordFormal', /cofnodi hyn fel cwyn/i],
    ['offer', /cwyn ffurfiol.*(unioni|trwsio|datrys)|o fewn \d+ diwrnod/i],
    ['whatHappened', /beth ddigwyddodd/i],
    ['outcome', /unioni pethau|i ni ei wneud/i],
    ['started', /pryd|ers pryd|dechreu/i],
    ['who', /ai chi yw'r tenant|rhywun arall/i],
    ['theirName', /enw'r person|enw llawn y person/i],
    ['yourName', /a beth yw eich enw/i],
    ['relation', /cysylltiad|perthynas|sut ydych chi'n adnabod/i],
    ['agreed', /cytuno|cytunodd/i],
    ['home', /cod post|cyfeirnod tenantiaeth/i],
    ['phone', /rhif ffôn/i],
    ['email', /e-?bost/i],
    ['address', /cyfeiriad llawn/i],
    ['contact', /gysylltu â chi|cysylltu/i],
    ['format', /fformat/i],
    ['name', /enw/i],
    ['anythingElse', /unrhyw beth arall/i],
    ['question', /\?\s*$/],
  ],
  ar: [
    ['privacy', /الخصوصية|نحتفظ/],
    ['language', /أي لغة|بالعربية/],
    ['carryOn', /المتابعة|نكمل/],
    ['recordFormal', /نسجّل هذا|نسجل هذا/],
    ['offer', /شكوى رسمية.*(نصلح|إصلاح|معالجة|حل)|خلال \d+ /],
    ['whatHappened', /ماذا حدث|ما الذي حدث/],
    ['outcome', /لتصحيح|تودّ أن نفعل|تود أن نفعل/],
    ['started', /متى|منذ متى/],
    ['who', /المستأجر|نيابةً|نيابة/],
    ['theirName', /اسم الشخص/],
    ['yourName', /وما اسمك/],
    ['relation', /صلتك|علاقتك/],
    ['agreed', /وافق|موافقة/],
    ['home', /الرمز البريدي|رمزك البريدي|الرقم المرجعي/],
    ['phone', /رقم الهاتف/],
    ['email', /البريد الإلكتروني/],
    ['address', /عنوانك الكامل/],
    ['contact', /نتواصل معك/],
    ['format', /بصيغة|صيغة/],
    ['name', /اسم/],
    ['anythingElse', /شيء آخر/],
    ['question', /[?؟]\s*$/],
  ],
  ur: [
    ['privacy', /رازداری|محفوظ رکھتا/],
    ['language', /کون سی زبان|اردو میں/],
    ['carryOn', /جاری رکھنا|جہاں ہم تھے/],
    ['recordFormal', /باضابطہ شکایت کے طور پر درج/],
    ['offer', /باضابطہ شکایت.*(ٹھیک|حل|درست)|دن کے اندر/],
    ['whatHappened', /کیا ہوا/],
    ['outcome', /درست کرنے|ہم سے کیا چاہتے/],
    ['started', /کب شروع|کب سے/],
    ['who', /کرایہ دار ہیں|کسی اور کی طرف/],
    ['theirName', /اس شخص کا|جس کی طرف سے/],
    ['yourName', /اور آپ کا نام/],
    ['relation', /تعلق|رشتہ/],
    ['agreed', /رضامند|اجازت دی/],
    ['home', /پوسٹ کوڈ|حوالہ نمبر/],
    ['phone', /فون نمبر/],
    ['email', /ای میل/],
    ['address', /مکمل پتہ/],
    ['contact', /رابطہ/],
    ['format', /فارمیٹ|شکل/],
    ['name', /نام/],
    ['anythingElse', /اور کچھ/],
    ['question', /[?؟]\s*$/],
  ],
};

/** A shrug: what people write when they cannot make out what is wanted. */
export const shrug: Record<Lang, Said[]> = {
  en: ['sorry what?', 'i dont understand'],
  pl: ['nie rozumiem', 'co?'],
  cy: ['sori, be?', 'dwi ddim yn deall'],
  ar: ['لم أفهم', 'ماذا تقصد؟'],
  ur: ['سمجھ نہیں آیا', 'کیا مطلب؟'],
};

/**
 * Which topic the customer thinks the bot is asking about: from its latest messages, and
 * when those only say "sorry, choose one of these", from the question further up the
 * screen, as anyone would scroll up to see what they were asked.
 */
export function topicOf(
  lang: Lang,
  turns: readonly (readonly string[])[],
  isRetry: (text: string) => boolean,
): Topic | undefined {
  const recent = [...turns].reverse();
  // Scroll up only past turns that merely said "sorry, try again" (or nothing).
  let upTo = 1;
  while (upTo < recent.length && upTo < 4 && (recent[upTo - 1]!.length === 0 || recent[upTo - 1]!.every(isRetry)))
    upTo += 1;
  for (const turn of recent.slice(0, upTo)) {
    // People in the UK read some English even when it is not their language.
    for (const readAs of lang === 'en' ? (['en'] as const) : ([lang, 'en'] as const)) {
      for (const text of [...turn].reverse()) {
        for (const [topic, pattern] of reading[readAs]) if (pattern.test(text)) return topic;
      }
    }
  }
  return undefined;
}
