import { normalise } from './recognise.js';

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
