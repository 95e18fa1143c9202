import type { PolicyPack } from '../src/policy/index.js';
import { alternatives } from './normalise.js';
import { normalise } from './recognise.js';

/**
 * General questions the bot answers itself. The answers' words are in the locale files
 * under `knowledge.<topic>`; here are only the phrases that point to a topic (several
 * languages welcome: they are what customers type). A phrase matches on whole words.
 */
export const knowledgeTopics = [
  'opening_hours',
  'paying_rent',
  'reporting_repairs',
  'complaints_process',
  'ombudsman',
] as const;
export type KnowledgeTopic = (typeof knowledgeTopics)[number];

const phrases: Record<KnowledgeTopic, string[]> = {
  opening_hours: [
    'opening hours',
    'opening times',
    'office hours',
    'when are you open',
    'are you open',
    'what time do you open',
    'what time do you close',
    'when do you open',
    'when do you close',
    'open on bank holiday',
    'office open',
    'offices open',
    'is the office open',
    'when is the office open',
    'when is your office open',
    'what time does the office open',
    'what time does the office close',
    'what time is the office open',
    'what are your hours',
    'what are the office hours',
    'your hours',
    'open today',
    'open tomorrow',
    'open on saturday',
    'open at the weekend',
    'open on sunday',
    'kiedy jest otwarte',
    'kiedy biuro jest otwarte',
    'w jakich godzinach',
    'pryd mae r swyddfa ar agor',
    'cand este deschis',
    'cand sunteti deschisi',
    'sunteti deschisi',
    'la ce ora deschideti',
    'orar',
    'xafiiska furan',
    'saacadaha shaqada',
    'دفتر کب کھلتا',
    'اوقات العمل',
    'ساعات العمل',
    'متى يفتح المكتب',
    'ਦਫ਼ਤਰ ਕਦੋਂ ਖੁੱਲ੍ਹਦਾ',
    'অফিস কখন খোলা',
    '营业时间',
    '办公时间',
    '几点开门',
    'godziny otwarcia',
    'oriau agor',
    'program de lucru',
  ],
  paying_rent: [
    'pay my rent',
    'pay the rent',
    'pay rent',
    'paying rent',
    'paying my rent',
    'rent payment',
    'direct debit',
    'standing order',
    'how do i pay',
    'how can i pay',
    'zaplacic czynsz',
    'platnosc czynszu',
    'talu rhent',
    'talu fy rhent',
    'platesc chiria',
  ],
  reporting_repairs: [
    'report a repair',
    'reporting a repair',
    'reporting repairs',
    'report repairs',
    'how do i report',
    'how to report',
    'repairs line',
    'zglosic naprawe',
    'rhoi gwybod am atgyweiriad',
  ],
  complaints_process: [
    'complaints process',
    'complaints procedure',
    'complaints policy',
    'how do complaints work',
    'how does a complaint work',
    'how long does a complaint take',
    'how long will my complaint take',
    'how do i complain',
    'how can i complain',
    'how to complain',
    'how do i make a complaint',
    'how can i make a complaint',
    'how to make a complaint',
    'how do i raise a complaint',
    'what is your complaints process',
    'jak zlozyc skarge',
    'sut mae gwneud cwyn',
    'cum fac o reclamatie',
    'proces reklamacji',
    'polisi cwynion',
  ],
  ombudsman: ['ombudsman', 'ombudsmana', 'ombwdsmon', 'rzecznik'],
};

/**
 * Questions people put in more ways than a list of phrases holds: how long a complaint's reply
 * takes ("how long have u got to reply to a complaint?"), and what comes after it ("what if
 * I'm still not happy after that"). Matched on the normalised text, as the phrases are.
 */
const patterns: Partial<Record<KnowledgeTopic, RegExp[]>> = {
  complaints_process: [
    /\b(?:how long|time ?limits?|timescales?|deadlines?)\b(?: \S+){0,8} complain\w*|\bcomplain\w*(?: \S+){0,6} (?:how long|time ?limits?|timescales?|deadlines?)\b/,
    // Only the question of what comes next: "can I escalate, I'm not happy with your response" asks for stage 2.
    /\b(?:what if|what happens if|what (?:can|do|should) i do if)\b(?: \S+){0,3} (?:still )?(?:not |un)(?:happy|satisfied)\b/,
    // pl "ile macie czasu na odpowiedź na skargę", cy "faint o amser sydd gennych i ateb cwyn",
    // ro "cât timp aveți să răspundeți la o reclamație"
    /\bile (?:\S+ ){0,6}skarg\w*|\bskarg\w* (?:\S+ ){0,6}ile (?:czasu|dni|trwa)\b|\bfaint o amser (?:\S+ ){0,6}cwyn\w*|\bcat (?:timp|dureaza|zile) (?:\S+ ){0,6}reclamati\w*/,
    // ar "كم يوم لديكم للرد على الشكوى", ur "شکایت کا جواب کتنے دن میں", pa "ਸ਼ਿਕਾਇਤ ਦਾ ਜਵਾਬ ਕਿੰਨੇ ਦਿਨਾਂ ਵਿੱਚ",
    // bn "অভিযোগের উত্তর কত দিনে", zh "投诉多久会回复"
    new RegExp(
      [
        [
          ['كم يوم', 'كم من الوقت', 'متى'],
          ['شكو', 'الشكوى'],
        ],
        [['شکایت'], ['کتنے دن', 'کتنا وقت', 'کب تک']],
        [['ਸ਼ਿਕਾਇਤ'], ['ਕਿੰਨੇ ਦਿਨ', 'ਕਿੰਨਾ ਸਮਾਂ', 'ਕਦੋਂ ਤੱਕ']],
        [['অভিযোগ'], ['কত দিন', 'কত সময়', 'কবে']],
        [['投诉'], ['多久', '几天', '多长时间']],
      ]
        .map(([a, b]) => {
          const one = (list: string[] | undefined) => `(?:${alternatives(list ?? [])})`;
          return `${one(a)}.{0,40}${one(b)}|${one(b)}.{0,40}${one(a)}`;
        })
        .join('|'),
      'u',
    ),
  ],
};

/** Latin-script phrases match on whole words; Arabic, Indic and Chinese ones anywhere (no spaces in Chinese, prefixes in Arabic). */
const latinOnly = /^[\p{Script=Latin}\p{N}\s]*$/u;

/** The topic a general question is about, when one phrase (or more) points to it. */
export function knowledgeTopicFor(text: string): KnowledgeTopic | undefined {
  const normalised = normalise(text);
  const said = ` ${normalised} `;
  let best: { topic: KnowledgeTopic; score: number } | undefined;
  for (const topic of knowledgeTopics) {
    const score =
      phrases[topic].filter((p) => {
        const phrase = normalise(p);
        return latinOnly.test(phrase) ? said.includes(` ${phrase} `) : said.includes(phrase);
      }).length + (patterns[topic] ?? []).filter((p) => p.test(normalised)).length;
    if (score > 0 && (!best || score > best.score)) best = { topic, score };
  }
  return best?.topic;
}

// "and what if…", "so how long…": a follow-up question starts with a joining word.
const questionStart =
  /^(?:(?:and|so|but|ok|okay|right|also|then) )?(how|hows|what|whats|wats|when|whens|where|wheres|who|whos|which|why|can|could|do|does|is|are|will|would|should|may|jak|kiedy|gdzie|ile|czy|sut|pryd|ble|beth|faint|cum|cand|unde|cat|ce)\b/;

/** A message that reads as a question: a general answer comes before any offer of a complaint. */
export function isQuestion(text: string): boolean {
  // "?", the full-width "？" of Chinese, the Arabic and Urdu "؟".
  return /[?\uff1f\u061f]$/.test(text.trim()) || questionStart.test(normalise(text));
}

/**
 * The numbers an answer quotes, from the policy pack (never written into the words), and the
 * ombudsman of the customer's nation (`ombudsman`: CaseService.ombudsmanFor's, in their language).
 */
export function knowledgeVars(
  pack: PolicyPack,
  ombudsman: { ombudsman: string; ombudsmanPhone: string; ombudsmanWebsite: string },
): Record<string, string | number> {
  return {
    ackDays: pack.complaints.stage1.acknowledge.workingDays,
    responseDays: pack.complaints.stage1.respondAfterAcknowledgement.workingDays,
    stage2ResponseDays: pack.complaints.stage2.respondAfterAcknowledgement.workingDays,
    fixDays: pack.complaints.firstTimeFix.resolve.workingDays,
    ...ombudsman,
  };
}
