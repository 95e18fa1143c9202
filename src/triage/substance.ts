import type { Analysis } from './analyse.js';
import { any, chars, words as wordPattern } from './lexicon/regex.js';
import { normalise, words } from './normalise.js';
import type { Flag, Substance } from './types.js';

/**
 * Whether a message says anything triage can act on, so the dialogs can tell a new matter
 * from an answer to a question they asked (issue 11: "ok", "thanks", "yes" or an emoji
 * outside a flow never opens a case):
 *
 * - `none`: nothing but an acknowledgement, thanks, yes or no, a greeting or an emoji
 *   ("ok", "thanks", "yes please", "tak", "diolch", "mersi", "شكرا", "谢谢", "👍");
 * - `matter`: something to act on: a hazard (or a question about one), dissatisfaction, a
 *   request for a complaint, a housing subject (repairs, damp, neighbours, rent, the estate),
 *   a flag staff act on, or a question or request of its own ("can I get a CO detector
 *   fitted", "can you call me on 07700 900123");
 * - `brief`: anything else, typically an answer: a name, a number, a postcode or an
 *   address, a date, "email please", "tuesday morning".
 *
 * A cheap word check on the analysis triage has already made: no model, no extra pass.
 */

/** Words that carry no matter, in the ten languages (normalised: lower case, no diacritics). */
const ACKNOWLEDGEMENTS = new Set(
  [
    // English
    'ok okay okey okie oki okk k kk alright allright right fine cool great good nice lovely perfect sure',
    'yes yeah yea yep yup ya yah aye no nope nah na thanks thank thankyou you cheers ta thx ty tnx much very so lots many',
    'hi hello hiya hey heya morning afternoon evening bye goodbye cya later then sound brill brilliant grand noted understood',
    'got it gotcha will do see np problem worries please xx x xxx haha lol mate luv love oh ah ahh oops hmm mm ohh wow',
    // Polish, Welsh, Romanian, Somali, romanised Urdu and Punjabi
    'tak nie dobrze dzieki dziekuje dziekujemy serdecznie bardzo super jasne czesc dzien dobry witam pozdrawiam prosze spoko okej',
    'ie do naddo na nage iawn diolch yn fawr helo shwmae bore da prynhawn hwyl siwr ydw ydy nac oes dim',
    'da nu bine mersi multumesc multumim frumos buna salut sigur ziua seara dimineata foarte mult',
    'haa maya mahadsanid waa hagaag nabad haye',
    'ji haan han nahi shukriya theek hai acha achha salam',
  ]
    .join(' ')
    .split(' '),
);

/** The same in scripts without word-for-word Latin forms: the whole message, spaces removed. */
const ACKNOWLEDGEMENT_OTHER = new RegExp(
  `^(?:${any(
    'ہاں|جی|نہیں|شکریہ|ٹھیک|ہے|اچھا|سلام|اوکے',
    'ਹਾਂ|ਜੀ|ਨਹੀਂ|ਧੰਨਵਾਦ|ਠੀਕ|ਹੈ|ਸਤ|ਸ੍ਰੀ|ਅਕਾਲ',
    'نعم|لا|شكرا|شكراً|حسنا|حسناً|تمام|مرحبا|السلام|عليكم|أوكي|اوكي|جزيلا|جزيلاً',
    'হ্যাঁ|না|ধন্যবাদ|ঠিক|আছে|আচ্ছা|হ্যালো|সালাম|ওকে',
    '好的?|是的?|对的?|嗯+|行|可以|谢谢(?:你|您)?|多谢|谢了|不(?:是|用了?)?|你好|您好|再见|收到|明白了?|知道了|哦|噢|好吧|没事',
  )})+$`,
  'u',
);

/**
 * Manners with nothing asked yet: an apology for the hour or for writing ("sorry to msg so
 * late", "sorry its late", "przepraszam że tak późno piszę"), a wish ("hope you are well"),
 * "excuse me", "is anyone there?". Taken out before the acknowledgement check, so a hello
 * with them is still a hello; what else the message says is left to be read.
 */
const COURTESY = new RegExp(
  `\\b(?:${any(
    // English ("msg" and "txt" arrive as "message" and "text")
    '(?:sorry|soz|sry|apologies|apologise|apologize)(?: (?:to|for|about|if|its|it is|it s|im|i am|the|this|that|a|you|u|ya|yous|so|such|very|really|bit|at|on|late|early|hour|time|night|weekend|sunday|saturday|again|now|in touch|getting|get|be|being|bother\\w*|disturb\\w*|message\\w*|text\\w*|writ\\w*|contact\\w*|trouble\\w*|ring\\w*|call\\w*|email\\w*|reply\\w*))*',
    'hope (?:youre|you are|you|u r|ur|your|all is|everyone is|this finds you)(?: (?:are|is|well|ok|okay|good|doing|keeping|having|a|nice|day|evening|weekend|all))*',
    'excuse me|(?:is )?(?:any ?one|any ?body|someone|somebody) (?:there|about|around|available|in)|are (?:you|u) there',
    // Polish, Welsh, Romanian, Somali
    'przepraszam(?: (?:ze|za|iz|tak|pozno|pozna|o tej|porze|pore|godzine|pisze|piszemy|zawracam|glowe|klopot|niepokoje|wiadomosc))*',
    '(?:sori|mae n ddrwg gen i|ddrwg gen i|esgusodwch fi)(?: (?:am|y|yr|neges|hwyr|mor|yn|trafferthu|tarfu|boeni|ch|chi))*',
    '(?:scuze|scuzati\\w*|ma scuzati|imi pare rau)(?: (?:ca|de|pentru|deranj\\w*|scriu|asa|tarziu|ora|aceasta|la|mesaj\\w*))*',
    'raal+i iga (?:ahaaw|ahaada)|ka raal+i noqo',
  )})(?![a-z0-9])`,
  'g',
);

/** Greetings, for telling a hello (asked what the customer needs) from thanks (acknowledged). */
const GREETINGS = new Set(
  'hi hello hiya hey heya there all morning afternoon evening good dzien dobry czesc witam helo shwmae bore da prynhawn noswaith buna salut ziua seara salam salaam assalamualaikum'.split(
    ' ',
  ),
);

const FILLERS = new Set(['good', 'there', 'all']);

/** The words of a message that are not manners: what is left to read. */
function withoutCourtesy(norm: string): string[] {
  return words(norm.replace(COURTESY, ' ')).filter((w) => HAS_LETTER_OR_DIGIT.test(w));
}

/**
 * A hello, with or without manners ("hiya sorry to msg so late", "evening, hope you are
 * well"), and nothing else: the bot asks what the customer needs.
 */
export function isGreeting(text: string): boolean {
  const norm = normalise(text);
  const all = words(norm).filter((w) => HAS_LETTER_OR_DIGIT.test(w));
  const left = withoutCourtesy(norm);
  if (all.length === 0 || !left.every((w) => GREETINGS.has(w))) return false;
  // Manners alone ("sorry to bother you") open a conversation as a hello does; "good" alone is thanks.
  return left.length < all.length || left.some((w) => !FILLERS.has(w));
}

/** Housing subjects, avoiding words common in addresses ("Green", "Park", "Water Lane", "Bath"). */
const TOPIC = wordPattern(
  any(
    'repair\\w*|broken|broke|leak\\w*|drip\\w*|damp\\w*|mould\\w*|mouldy|boiler|heating|heater\\w*|radiators?|hot water|no water|water (?:leak\\w*|coming|everywhere|pouring|dripping|running|pressure|bill|meter|supply)|toilet|loo|sink|taps?|shower|bathroom|bath (?:panel|tap|seal|plug)|kitchen|cooker|oven|hob|windows?|doors?|roof|ceiling|walls?|floor\\w*|stairs|pipes?|drains?|gutter\\w*',
    'electric\\w*|power|lights?|sockets?|fuse\\w*|plumber|electrician|engineer|contractor\\w*|surveyor|joiner|roofer|appointment|neighbours?|next door|noise|noisy|asb|anti ?social|harass\\w*|drugs|rent|arrears|universal credit|housing benefit|service charges?|tenancy|transfer|bins?|rubbish|fly ?tip\\w*|communal|caretaker|cleaners?|grass|hedge|lift|parking permit|garden|fence|shed',
    'damage\\w*|pests?|mice|rats|cockroach\\w*|bedbugs|complain\\w*|complaint|issue|fault\\w*|faulty|fix\\w*|not working|stopped working|smell\\w*|alarm|locked out|keys?|plaster|crack\\w*|hinges?|gate|intercom|buzzer|scaffold\\w*|cladding|stairwell|litter|housing (?:officer|list|register)|council tax|residents association|(?:new|change|changed|update) (?:my )?(?:phone|number|address|email)',
    'napraw\\w*|zepsu\\w*|przeciek\\w*|cieknie|kapie|piec\\w*|ogrzewani\\w*|kaloryfer\\w*|cieplej wody|toalet\\w*|ubikacj\\w*|kran\\w*|prysznic\\w*|lazienk\\w*|kuchni\\w*|kuchenk\\w*|okn\\w*|drzwi|dach\\w*|sufit\\w*|scian\\w*|podlog\\w*|schod\\w*|rur\\w*|prad\\w*|swiatl\\w*|gniazd\\w*|hydraulik\\w*|elektryk\\w*|sasiad\\w*|halas\\w*|czynsz\\w*|smieci\\w*|wind[ay]|domofon\\w*|problem\\w*|awari\\w*',
    'atgyweir\\w*|trwsio|wedi torri|gollwng|diferu|boeler|gwres|dwr poeth|toiled|cawod|ystafell ymolchi|cegin|ffenest\\w*|drws|nenfwd|llawr|grisiau|pibell\\w*|trydan|golau|cymydog\\w*|swn|rhent|biniau|lifft',
    'repar\\w*|strica\\w*|defect\\w*|scurg\\w*|picura|centrala|caldura|incalzire|apa calda|calorifer\\w*|robinet\\w*|dus\\w*|baie|bucatari\\w*|aragaz\\w*|geam\\w*|fereastr\\w*|usa|usi|acoperis\\w*|tavan\\w*|perete\\w*|podea\\w*|teav\\w*|curent\\w*|lumin\\w*|priz\\w*|instalator\\w*|vecin\\w*|zgomot\\w*|chiri\\w*|restant\\w*|gunoi\\w*|lift\\w*',
    'biyo|kuleyl\\w*|koronto\\w*|musqul\\w*|qubays\\w*|saqaf\\w*|albaab\\w*|daaqad\\w*|jiko\\w*|dayactir\\w*|jaban|jabay|kiro\\w*|deris\\w*|qashin\\w*|dhibaato\\w*',
  ),
);
const TOPIC_OTHER = chars(
  any(
    'ماء|مياه|تدفئة|سخان|غلاية|تسرب|تسريب|مرحاض|حمام|مطبخ|نافذة|باب|سقف|جدار|كهرباء|إصلاح|اصلاح|صيانة|إيجار|ايجار|جيران|ضوضاء|مشكلة',
    'پانی|ہیٹنگ|بوائلر|لیک|ٹوائلٹ|باتھ روم|کچن|کھڑکی|دروازہ|چھت|دیوار|بجلی|مرمت|کرایہ|پڑوسی|شور|مسئلہ',
    'ਪਾਣੀ|ਹੀਟਿੰਗ|ਬੋਇਲਰ|ਲੀਕ|ਟਾਇਲਟ|ਰਸੋਈ|ਖਿੜਕੀ|ਦਰਵਾਜ਼ਾ|ਛੱਤ|ਕੰਧ|ਬਿਜਲੀ|ਮੁਰੰਮਤ|ਕਿਰਾਇਆ|ਗੁਆਂਢੀ|ਸਮੱਸਿਆ',
    'পানি|হিটিং|বয়লার|লিক|টয়লেট|রান্নাঘর|জানালা|দরজা|ছাদ|দেয়াল|বিদ্যুৎ|মেরামত|ভাড়া|প্রতিবেশী|সমস্যা',
    '水|暖气|热水|锅炉|漏|厕所|马桶|厨房|窗|门|屋顶|天花板|墙|停电|没电|电灯|插座|维修|修|房租|租金|邻居|噪音|问题|坏',
  ),
);

/** A question or a request of its own ("can I get a CO detector fitted", "czy mogę..."). */
const QUESTION_OR_REQUEST = wordPattern(
  any(
    '^(?:hi |hello |hiya |hey |dear \\S+ |good (?:morning|afternoon|evening) )?(?:can|could|when|whens|what|whats|wat|where|wheres|how|hows|is|do|does|would|who|whos|which|will|are|should|may|wondering)',
    'can (?:i|we|you|someone|somebody|my)|could (?:i|we|you|someone|somebody)|do (?:i|we|you) (?:need|have|do|deal)|is (?:there|it|my)|how (?:do|can|does|long|much|many)|i (?:would like|need|want|wish)|id like|looking for|enquir\\w*|information|advice|permission|apply|request\\w*',
    '^(?:czy|jak|kiedy|gdzie|kto|co)|prosze o|chce|chcialbym|chcialabym|potrzebuje',
    '^(?:pryd|sut|ble|pwy|beth|ydy|oes|allwch|ga i)|hoffwn|rwyf am|dw i isio',
    '^(?:cum|cand|unde|cine|ce|pot|puteti)|as vrea|vreau|am nevoie',
    '^(?:sideen|goorma|xagee|yaa|maxaa)|waxaan u baahanahay|waxaan rabaa',
  ),
);
const QUESTION_OR_REQUEST_OTHER = chars(
  '^(?:هل|كيف|متى|أين)|أريد|احتاج|أحتاج|کیا|کیسے|کب|کہاں|چاہیے|ਕਿਵੇਂ|ਕਦੋਂ|ਚਾਹੀਦਾ|কীভাবে|কখন|দরকার|চাই|吗|怎么|什么时候|哪里|需要|请问',
);

/** Flags that are themselves something to act on (not who is writing). */
const ACTIONABLE: readonly Flag[] = [
  'damp_mould',
  'safeguarding',
  'abusive',
  'appeal',
  'compensation',
  'discrimination',
  'data_breach',
  'format_request',
  'language_request',
];

const NON_ASCII = /[^\x00-\x7f£]/u;
const QUESTION_MARK = /[?\u061f\uff1f]/u;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** True when a message carries nothing but an acknowledgement, yes or no, a greeting or an emoji. */
export function isContentless(norm: string): boolean {
  // Twelve acknowledgements take fewer characters than this: a longer message has content.
  if (norm.length > 120) return false;
  const tokens = withoutCourtesy(norm);
  if (tokens.length === 0) return true;
  if (tokens.length > 12) return false;
  if (tokens.every((w) => ACKNOWLEDGEMENTS.has(w))) return true;
  if (!NON_ASCII.test(norm)) return false;
  // Other scripts: every token made of acknowledgements (Chinese has no spaces to split on).
  return tokens.every((w) => ACKNOWLEDGEMENTS.has(w) || ACKNOWLEDGEMENT_OTHER.test(w));
}

export function substanceOf(a: Analysis, text: string): Substance {
  if (
    a.hazards.length > 0 ||
    a.askedAbout.length > 0 ||
    a.dissatisfied ||
    a.explicitRequest !== undefined ||
    a.priorComplaint !== undefined ||
    a.staffConduct !== undefined ||
    a.legalStep !== undefined ||
    a.neighbourComplaint ||
    ACTIONABLE.some((f) => a.flags.has(f))
  ) {
    return 'matter';
  }
  if (isContentless(a.norm)) return 'none';
  if (TOPIC.test(a.norm) || (!a.ascii && TOPIC_OTHER.test(a.norm))) return 'matter';
  if (a.flags.has('compliment')) return 'matter';
  // Answers are short: a long message says something of its own.
  if (wordCount(a.norm) >= 14) return 'matter';
  // A question or a request of its own; a question mark counts when there are words around it.
  if (QUESTION_OR_REQUEST.test(a.norm) || (!a.ascii && QUESTION_OR_REQUEST_OTHER.test(a.norm))) return 'matter';
  if (QUESTION_MARK.test(text) && words(a.norm).length >= 3) return 'matter';
  return 'brief';
}

/** Words in a normalised text, without building the list. */
function wordCount(norm: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (c === 32) inWord = false;
    else if (!inWord) {
      inWord = true;
      // "." "," "/" are tokens of their own, not words.
      if (c !== 46 && c !== 44 && c !== 47) count++;
    }
  }
  return count;
}
