import { normalise } from './recognise.js';
import { type WithdrawableKind, withdrawableKinds } from '../src/data-protection/withdrawal.js';

/**
 * Requests under the customer's data protection rights, in the words people type them
 * (issue 16): withdrawing a consent ("I withdraw my consent", "wycofuję zgodę"), asking for
 * a copy of what is held ("send me a copy of all the information you hold about me",
 * "subject access request"), and asking for it to be deleted ("delete what you hold",
 * "usuńcie moje dane"). The words are data, not wording. Matched on the normalised message
 * (lower case, no accents or punctuation), so a mention of data in a complaint ("they gave
 * my details to my neighbour") is not a request: each pattern needs the request's own verb.
 */
export type RightsRequest = 'withdraw' | 'access' | 'erase';

const mine = '(?:my|me|about me|on me|of me|i|mine)';
const data =
  '(?:data|details|information|info|personal (?:data|details|information|info)|records?|everything (?:you (?:hold|have|keep)|about me|on me)|what you (?:hold|have|keep|store)(?: (?:on|about) me)?)';

const latin: Record<RightsRequest, RegExp[]> = {
  withdraw: [
    // English
    /\b(?:withdraw|withdrawing|revoke|revoking|take back|taking back|cancel|remove|retract)\s(?:my\s|all\s(?:my\s)?|the\s|your\s)?(?:consent|permission|agreement)s?\b/,
    /\bi\s(?:no longer|dont|do not|don t)\s(?:consent|give (?:my )?(?:consent|permission)|agree to you (?:keeping|using|holding))/,
    /\b(?:consent|permission)\s(?:is\s)?(?:withdrawn|revoked)\b/,
    // Welsh: tynnu fy nghaniatâd yn ôl
    /\btynnu\s(?:fy\s)?(?:nghaniatad|caniatad|cydsyniad|nghydsyniad)\s(?:yn\s)?ol\b/,
    // Polish: wycofuję / cofam / odwołuję zgodę
    /\b(?:wycofuje|wycofac|wycofuj\w*|cofam|cofnac|odwoluje|odwolac)\s(?:moja\s|swoja\s)?zgod\w*\b/,
    // Romanian: îmi retrag consimțământul / acordul
    /\b(?:retrag|retrage\w*|revoc\w*)\s(?:\w+\s)?(?:consimtamant\w*|acord\w*)\b/,
    // Somali: waan ka noqday ogolaanshaha
    /\b(?:ka noqday|ka noqo|ka laabtay|baajiyay)\s(?:\w+\s)?(?:ogolaansha\w*|oggolaansha\w*)\b|\bogolaansha\w*\s(?:\w+\s)?(?:ka noqday|ka noqo|baaji\w*)\b/,
    // Romanised Urdu/Punjabi
    /\b(?:consent|ijazat|razamandi)\s(?:wapas|vapas)\b/,
  ],
  access: [
    // English
    new RegExp(
      `\\b(?:send|give|email|post|let me have|can i have|can i get|i want|i d like|id like|i would like|request)\\s(?:me\\s)?(?:a\\s)?cop(?:y|ies)\\sof\\s(?:all\\s)?(?:the\\s)?${mine}?\\s?${data}`,
    ),
    /\b(?:copy|copies)\sof\s(?:all\s)?(?:my|the)\s(?:personal\s)?(?:data|details|information|info|records?|file)\b/,
    /\bsubject access(?:\srequest)?\b|\bdata subject access\b|\bright of access\b|\bsar request\b|^sar$/,
    /\bwhat\s(?:personal\s)?(?:data|information|info|details)\s(?:do\s)?you\s(?:hold|have|keep|store)\s(?:on|about)\sme\b/,
    /\b(?:see|access|view)\s(?:all\s)?(?:the\s)?(?:my\s)?(?:personal\s)?(?:data|information|info)\s(?:you\s(?:hold|have|keep)\s)?(?:on|about)\sme\b|\baccess (?:to )?my (?:personal )?(?:data|information)\b/,
    // Welsh: copi o'r wybodaeth sydd gennych amdanaf; cais am fynediad at ddata
    /\b(?:copi|gopi|chopi)\s(?:o|or|o r)\s(?:\w+\s)?(?:wybodaeth|gwybodaeth|data|nata)\b|\bcais\s(?:am\s)?fynediad\b/,
    // Polish: kopia moich danych; jakie dane o mnie macie; dostęp do danych
    /\bkopi\w*\s(?:\w+\s)?(?:danych|informacji)\b|\bjakie\s(?:dane|informacje)\s(?:o\smnie|na\smoj\stemat)\b|\bdostep\w*\sdo\s(?:moich\s)?danych\b/,
    // Romanian: o copie a datelor mele; ce date dețineți despre mine
    /\bcopi\w*\s(?:a|al|de pe|cu)\s(?:\w+\s)?(?:datelor|informatiilor|date|informatii)\b|\bce\s(?:date|informatii)\s(?:\w+\s)?despre mine\b|\bacces\s(?:la\s)?datele\b/,
    // Somali: nuqul xogta / macluumaadka aad iga haysaan
    /\bnuqul\w*\s(?:\w+\s){0,3}(?:xog\w*|macluumaad\w*)\b|\b(?:xog\w*|macluumaad\w*)\s(?:\w+\s)?(?:aad|ay)\s(?:iga|ii)\s(?:haysaan|hayso|haysa)\b/,
  ],
  erase: [
    // English
    new RegExp(
      `\\b(?:delete|erase|remove|wipe|destroy|get rid of)\\s(?:all\\s)?(?:of\\s)?(?:the\\s)?${mine}?\\s?${data}\\b`,
    ),
    /\b(?:delete|erase|remove|wipe)\s(?:all\s)?(?:of\s)?(?:what|everything)\syou\s(?:hold|have|keep|store)\b/,
    /\bright to (?:be forgotten|erasure)\b|\bforget me\b/,
    // Welsh: dileu fy nata / fy ngwybodaeth
    /\b(?:dileu|dilewch|dilea)\s(?:fy\s|y\s|yr\s|pob\s)?(?:nata|data|ngwybodaeth|gwybodaeth|manylion)\b/,
    // Polish: usuńcie moje dane; prawo do bycia zapomnianym
    /\b(?:usun\w*|skasuj\w*|wykasuj\w*)\s(?:\w+\s)?(?:dane|informacje)\b|\bbycia zapomnian\w*\b/,
    // Romanian: ștergeți datele mele; dreptul de a fi uitat
    /\b(?:stergeti|sterge|stergeti-mi|stergerea|sa stergeti)\s(?:\w+\s)?(?:datele|date|informatiile)\b|\bdreptul de a fi uitat\b/,
    // Somali: tirtir xogtayda
    /\b(?:tirtir\w*|masax\w*)\s(?:\w+\s)?(?:xog\w*|macluumaad\w*)\b/,
  ],
};

// Scripts without Latin letters: phrases found anywhere in the normalised message.
const scripts: Record<RightsRequest, string[]> = {
  withdraw: [
    'رضامندی واپس',
    'اجازت واپس',
    'ਸਹਿਮਤੀ ਵਾਪਸ',
    'سحب موافقتي',
    'أسحب موافقتي',
    'اسحب موافقتي',
    'ألغي موافقتي',
    'سحب الموافقة',
    'সম্মতি প্রত্যাহার',
    'সম্মতি ফিরিয়ে',
    '撤回同意',
    '撤销同意',
    '撤回我的同意',
    '撤销我的同意',
  ],
  access: [
    'معلومات کی کاپی',
    'ڈیٹا کی کاپی',
    'ਜਾਣਕਾਰੀ ਦੀ ਕਾਪੀ',
    'ਡਾਟਾ ਦੀ ਕਾਪੀ',
    'نسخة من بياناتي',
    'نسخة من المعلومات',
    'نسخة من معلوماتي',
    'তথ্যের একটি কপি',
    'তথ্যের কপি',
    '数据副本',
    '信息副本',
    '资料副本',
    '查阅我的个人信息',
    '关于我的所有信息',
  ],
  erase: [
    'ڈیٹا حذف',
    'معلومات حذف',
    'ਡਾਟਾ ਮਿਟਾ',
    'ਜਾਣਕਾਰੀ ਮਿਟਾ',
    'حذف بياناتي',
    'احذفوا بياناتي',
    'احذف بياناتي',
    'امسحوا بياناتي',
    'তথ্য মুছে',
    '删除我的数据',
    '删除我的信息',
    '删除我的资料',
    '删除我的个人信息',
  ],
};
const normalisedScripts = Object.fromEntries(
  Object.entries(scripts).map(([k, phrases]) => [k, phrases.map(normalise)]),
) as Record<RightsRequest, string[]>;

/** Every rights request the message makes ("withdraw my consent, delete what you hold" makes two), in a fixed order. */
export function rightsRequestsIn(text: string): RightsRequest[] {
  const n = normalise(text);
  if (n === '') return [];
  const found: RightsRequest[] = [];
  for (const request of ['withdraw', 'access', 'erase'] as const) {
    if (latin[request].some((p) => p.test(n)) || normalisedScripts[request].some((p) => n.includes(p)))
      found.push(request);
  }
  return found;
}

/**
 * Which consents a withdrawal names ("withdraw my consent for my MP" names the
 * representative; "…for my health details" the health details), so only those are
 * withdrawn (docs/rules/data-protection.md#withdrawing-consent). None named, every consent
 * in force is (the customer is told which). Family named beside health words is whose
 * health it is ("my son's disability"), not someone acting for the customer; a role (an MP,
 * a councillor, an advocate) or "on my behalf" always names the representative. Words are
 * data, matched on the normalised message like the requests above.
 */
const kindWords: Record<WithdrawableKind | 'family', { latin: RegExp[]; scripts: string[] }> = {
  representative: {
    latin: [
      // English
      /\b(?:mp|m p|member of parliament|councill?or|cllr|caseworker|case worker|advocate|representative|solicitor|lawyer|support worker|social worker)s?\b|\bon my behalf\b|\b(?:act|acting|speak|speaking|deal|dealing|talk|talking)\s(?:for|on behalf of)\s(?:me|us)\b/,
      // Welsh: aelod seneddol, cynghorydd, cynrychiolydd, eiriolwr; ar fy rhan
      /\b(?:aelod seneddol|aelod o r senedd|cynghorydd|gynghorydd|chynghorydd|cynghorwr|cynrychiolydd|gynrychiolydd|eiriolwr)\b|\bar fy rhan\b/,
      // Polish: poseł, radny, pełnomocnik, przedstawiciel, adwokat; w moim imieniu
      /\b(?:posel|posla|poslowi|poslem|poslanka|poslanki|radn\w+|pelnomocni\w+|przedstawiciel\w*|adwokat\w*|rzecznik\w*)\b|\bw moim imieniu\b/,
      // Romanian: deputat, parlamentar, consilier, reprezentant, avocat; în numele meu
      /\b(?:deputat\w*|parlamentar\w*|consilier\w*|reprezentant\w*|avocat\w*)\b|\bin numele meu\b/,
      // Somali: xildhibaan, wakiil, qareen; magacayga (in my name)
      /\b(?:xildhibaan\w*|wakiil\w*|qareen\w*|matala\w*)\b|\bmagacayga\b/,
    ],
    scripts: [
      'النائب',
      'نائب البرلمان',
      'عضو البرلمان',
      'عضو المجلس',
      'ممثلي',
      'الممثل',
      'نيابة عني',
      'المحامي',
      'ایم پی',
      'نمائندہ',
      'نمائندے',
      'کونسلر',
      'میری طرف سے',
      'وکیل',
      'ਐਮ ਪੀ',
      'ਐਮਪੀ',
      'ਕੌਂਸਲਰ',
      'ਨੁਮਾਇੰਦ',
      'ਮੇਰੀ ਤਰਫ਼ੋਂ',
      'ਮੇਰੀ ਤਰਫੋਂ',
      'ਵਕੀਲ',
      'এমপি',
      'কাউন্সিলর',
      'প্রতিনিধি',
      'আমার পক্ষে',
      'আইনজীবী',
      'উকিল',
      '议员',
      '代表我',
      '代理人',
      '代表人',
      '律师',
    ],
  },
  family: {
    latin: [
      /\b(?:daughter|son|wife|husband|partner|mum|mom|mother|dad|father|sister|brother|friend|niece|nephew|grandson|granddaughter|neighbour|neighbor|carer|someone|somebody|anyone)s?\b/,
      /\b(?:merch|ferch|mab|fab|ngwraig|gwraig|ngwr|gwr|ffrind|chwaer|mrawd|brawd)\b/,
      /\b(?:cork\w*|syn|syna|synowi|synem|zon\w*|maz|meza|mezowi|partner\w*|siostr\w*|brat\w*|przyjaciel\w*|kogos)\b/,
      /\b(?:fiic\w*|fiul\w*|sotul\w*|sotia|sotiei|sora|fratele|prieten\w*)\b/,
      /\b(?:gabadhay\w*|wiilkay\w*|xaaskay\w*|ninkay\w*|walaal\w*|saaxiib\w*)\b/,
    ],
    scripts: [
      'ابنتي',
      'ابني',
      'زوجي',
      'زوجتي',
      'میری بیٹی',
      'میرے بیٹے',
      'میری بیوی',
      'میرے شوہر',
      'ਮੇਰੀ ਧੀ',
      'ਮੇਰੇ ਪੁੱਤਰ',
      'ਮੇਰੀ ਪਤਨੀ',
      'ਮੇਰੇ ਪਤੀ',
      'আমার মেয়ে',
      'আমার ছেলে',
      'আমার স্ত্রী',
      'আমার স্বামী',
      '我女儿',
      '我儿子',
      '我丈夫',
      '我妻子',
    ],
  },
  health_details: {
    latin: [
      /\b(?:health|medical|medicine|medication|disabilit\w*|disabled|vulnerab\w*|illness|mental|pregnan\w*|diagnos\w*)\b/,
      /\b(?:iechyd|hiechyd|meddygol|anabledd|anabl|salwch|bregusrwydd|fregusrwydd)\b/,
      /\b(?:zdrow\w*|medyczn\w*|niepelnospraw\w*|chorob\w*|ciaz\w*)\b/,
      /\b(?:sanatat\w*|medical\w*|dizabilit\w*|handicap\w*|boal\w*|vulnerabil\w*)\b/,
      /\b(?:caafimaad\w*|naafo\w*|curyaan\w*|xanuun\w*|nugayl\w*)\b/,
    ],
    scripts: [
      'الصحية',
      'صحتي',
      'صحية',
      'الطبية',
      'طبية',
      'الإعاقة',
      'إعاقة',
      'صحت',
      'طبی',
      'معذوری',
      'بیماری',
      'ਸਿਹਤ',
      'ਡਾਕਟਰੀ',
      'ਅਪਾਹਜ',
      'ਬਿਮਾਰੀ',
      'স্বাস্থ্য',
      'চিকিৎসা',
      'প্রতিবন্ধ',
      'অসুস্থ',
      '健康',
      '医疗',
      '残疾',
      '病情',
    ],
  },
  record_as_complaint: {
    latin: [
      /\bas\s(?:an?\s)?(?:formal\s)?complaint\b|\b(?:consent|permission)\s(?:to|for)\s(?:(?:it|this|my matter|my case)\s(?:being\s)?)?(?:an?\s|the\s|my\s)?(?:formal\s)?complaint\b(?!\s(?:being|to be)\s(?:handled|dealt|sent|shared))/,
      /\bfel\s(?:cwyn|gwyn|chwyn)\b/,
      /\bjako\s(?:formaln\w+\s)?(?:skarg\w*|reklamacj\w*)\b|\bzgod\w*\s(?:na\s)?(?:skarg\w*|reklamacj\w*)\b/,
      /\bca\s(?:o\s)?(?:plangere|reclamatie)\b/,
      /\bcabasho\s?ahaan\b/,
    ],
    scripts: ['كشكوى', 'شكوى رسمية', 'شکایت کے طور', 'ਸ਼ਿਕਾਇਤ ਵਜੋਂ', 'অভিযোগ হিসেবে', '作为投诉', '正式投诉'],
  },
};
const normalisedKindWords = Object.fromEntries(
  Object.entries(kindWords).map(([kind, words]) => [kind, { ...words, scripts: words.scripts.map(normalise) }]),
) as typeof kindWords;

function names(n: string, kind: keyof typeof kindWords): boolean {
  const words = normalisedKindWords[kind];
  return words.latin.some((p) => p.test(n)) || words.scripts.some((p) => n.includes(p));
}

/** The consents a withdrawal names, in a fixed order; empty when it names none (then all are meant). */
export function consentKindsNamed(text: string): WithdrawableKind[] {
  const n = normalise(text);
  const health = names(n, 'health_details');
  return withdrawableKinds.filter((kind) => {
    if (kind === 'health_details') return health;
    if (kind === 'representative') return names(n, 'representative') || (!health && names(n, 'family'));
    return names(n, kind);
  });
}
