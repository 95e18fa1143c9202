import { normalise } from './recognise.js';

/**
 * A request for a person, in the words people use (issue 11 item 4): "can I talk to a real
 * human", "put me through to somebody", "I want a manager", "just call me", "chcę rozmawiać
 * z człowiekiem", "siarad â pherson go iawn", "أريد التحدث مع موظف". The words are data
 * (what customers type), not wording. Matched on the normalised message (lower case, no
 * accents or punctuation), so "Człowiek!" and "czlowiek" are the same.
 *
 * A person being mentioned is not a request for one ("a person came round yesterday",
 * "the manager was rude"): a pattern needs a verb of asking or of talking to someone.
 */

// Who the customer wants: a person of any kind, as people name them.
const someone =
  '(?:(?:a|an|the|some|your|one of your|to|with)\\s)?(?:(?:real|actual|proper|live|human|living|actual live)\\s)?(?:person|persons|people|human|humans|human being|agent|advisor|adviser|operator|someone|somebody|some one|some1|anyone|anybody|manager|supervisor|team leader|boss|member of staff|staff member|staff|colleague|officer|housing officer|rep|representative|being|one)';

const english = [
  // talk / speak / chat to a person
  new RegExp(`\\b(?:talk|speak|chat|speek|tlk|spk)\\s(?:to|with|2)\\s${someone}\\b`),
  // put me through / transfer me / connect me / pass me to someone
  /\b(?:put|pass|transfer|connect)\s(?:me|us)\s(?:through|thru|over|across)\b/,
  new RegExp(
    `\\b(?:put|pass|transfer|connect|send|forward)\\s(?:me|us|this)\\s(?:(?:through|thru|over|on)\\s)?(?:to|with)\\s${someone}\\b`,
  ),
  // get me / give me / I want / I need / can I have / I'd like a person
  // …but "I want someone to fix my boiler" is a repair: only a person on their own, or to talk to.
  new RegExp(
    `\\b(?:get me|give me|find me|i want|i wanna|i need|i would like|i d like|id like|can i have|could i have|can i get|could i get|may i have|let me have|i demand|i m asking for|im asking for|asking for|request)\\s${someone}(?:\\s(?:please|now|today|asap|instead|on the phone|not a bot.*|to (?:talk|speak|chat|call|ring|phone|deal with this|help me).*|who .*|that .*))?$`,
  ),
  // just call me / can someone ring me back / please phone me
  /^(?:(?:just|please|pls|plz|can you|could you|can someone|could someone|can somebody|could somebody|will someone|someone|somebody|i want someone to|i want you to|i d like someone to|id like someone to|i need someone to)\s)*(?:call|ring|phone|fone|cal)\s(?:me|us)\b(?:\s(?:back|please|pls|plz|now|asap|today|instead|on\s[\d\s+]+))*$/,
  // not a bot
  /\b(?:not|no)\s(?:a\s)?(?:bot|robot|machine|computer|chatbot|automated)\b|\b(?:stop|enough|done with|fed up with|hate)\s(?:the|this|talking to a|talking to the)?\s?(?:bot|robot|machine|chatbot|automated)\b|\b(?:real|actual|live)\s(?:human|person|people|agent)\b|\blive\s(?:chat|agent)\s(?:with|please)\b/,
];

// Latin-script languages, normalised (ł → l, no accents).
const otherLatin = [
  // Polish: rozmawiać / porozmawiać / mówić z człowiekiem, konsultantem, kimś, pracownikiem, kierownikiem
  /\b(?:rozmawiac|porozmawiac|mowic|pogadac|rozmowa|polacz\w*|przelacz\w*)\s(?:sie\s)?(?:z|ze)\s(?:\w+\s)?(?:czlowiek\w*|konsultant\w*|kims|pracownik\w*|kierownik\w*|osob\w*|agent\w*|doradc\w*|menedzer\w*|managerem)\b/,
  /\b(?:chce|chcialbym|chcialabym|prosze o|poprosze|potrzebuje)\s(?:\w+\s)?(?:czlowiek\w*|konsultant\w*|pracownik\w*|kierownik\w*|osob\w*|kontakt z pracownikiem|telefon)\b/,
  /\b(?:zadzwon\w*|oddzwon\w*)\s(?:do\s)?(?:mnie)\b/,
  /\b(?:prawdziw\w*|zyw\w*)\s(?:czlowiek\w*|osob\w*|konsultant\w*)\b|\bnie\s(?:z\s)?(?:botem|robotem)\b/,
  // Welsh: siarad â/gyda pherson/rhywun/aelod o staff; ffoniwch fi; person go iawn; rheolwr
  /\b(?:siarad|sgwrsio)\s(?:a|ag|gyda|efo|hefo)\s(?:\w+\s)?(?:person|pherson|rhywun|aelod|staff|swyddog|rheolwr|dyn|dynol|bod dynol|asiant)\b/,
  /\b(?:ffoniwch|ffonio|galwch)\s(?:fi|fi yn ol|fi n ol)\b|\b(?:person|pherson|bod dynol)\s(?:go iawn|byw)\b|\b(?:dw i eisiau|dw i isio|rwyf am|hoffwn)\s(?:\w+\s)?(?:person|pherson|rheolwr|rhywun)\b/,
  // Romanian: vreau să vorbesc cu un om / o persoană / un operator / managerul; sunați-mă
  /\b(?:vorbesc|vorbi|vorbim|discut|discuta)\s(?:\w+\s)?cu\s(?:\w+\s)?(?:om|oameni|persoana|operator\w*|angajat\w*|manager\w*|sef\w*|cineva|consultant\w*|agent\w*)\b/,
  /\b(?:sunati|sunatima|sunati ma|suna ma|sunama)\b|\b(?:om|persoana)\s(?:real|reala|adevarat\w*)\b|\b(?:vreau|as vrea)\s(?:un|o)\s(?:om|persoana|operator|manager)\b/,
  // Somali: la hadlo qof / shaqaale / maamule; i soo wac
  /\b(?:la hadlo|la hadal|la hadli|la xiriiro)\s(?:\w+\s)?(?:qof|shaqaale\w*|maamul\w*|wakiil\w*|bini aadam)\b|\b(?:qof|shaqaale\w*|maamul\w*)\s(?:\w+\s)?(?:la hadlo|la hadal|la hadli)\b|\bi soo wac\w*\b|\bqof dhab ah\b/,
  // Romanised Urdu/Punjabi
  /\b(?:insaan|banda|bande|kisi|manager|staff)\s(?:se|nal|naal)\s(?:baat|gal|gall)\b|\bmujhe\s(?:call|phone|fon)\s(?:karo|karein|karen|kijiye)\b/,
];

// Scripts without Latin letters: phrases found anywhere in the message.
const otherScripts = [
  // Urdu
  /(?:انسان|شخص|بندے|ملازم|عملے|مینیجر|منیجر|ایجنٹ|کسی)\s?سے\s?بات|مجھے\s?(?:کال|فون)\s?کر|اصلی\s?انسان|مینیجر\s?چاہیے|انسان\s?چاہیے/u,
  // Punjabi (Gurmukhi)
  /(?:ਇਨਸਾਨ|ਵਿਅਕਤੀ|ਕਰਮਚਾਰੀ|ਮੈਨੇਜਰ|ਕਿਸੇ|ਬੰਦੇ|ਏਜੰਟ)\s?(?:ਨਾਲ|ਨਾਲ਼)\s?(?:ਗੱਲ|ਗਲ)|ਮੈਨੂੰ\s?(?:ਫ਼ੋਨ|ਫੋਨ|ਕਾਲ)\s?ਕਰ/u,
  // Arabic
  /(?:التحدث|أتحدث|اتحدث|أتكلم|اتكلم|التكلم|تحدث|كلمني|أكلم|اكلم)\s?(?:مع|إلى|الى)?\s?(?:شخص|إنسان|انسان|موظف|المدير|مدير|أحد|احد|ممثل|بشري)|(?:اتصلوا|اتصل|اتصلي)\s?(?:بي|عليّ|علي)|(?:أريد|اريد|أحتاج|احتاج|ممكن)\s?(?:شخص|إنسان|انسان|موظف|مدير|المدير)|(?:إنسان|انسان|شخص)\s?حقيقي/u,
  // Bengali
  /(?:মানুষ|মানুষের|ব্যক্তি|কর্মী|কর্মচারী|ম্যানেজার|কারো|কারও|এজেন্ট)\s?(?:এর|ের)?\s?(?:সাথে|সঙ্গে)\s?কথা|আমাকে\s?(?:ফোন|কল)\s?কর|আসল\s?মানুষ/u,
  // Chinese
  /(?:真人|人工|客服|经理|工作人员|员工|主管|负责人|一个人|有人)(?:说话|通话|聊|谈|服务|对话)?|(?:和|跟|与|找)(?:真人|人工|客服|经理|工作人员|主管|人)(?:说|谈|聊|通话)?|(?:给我|请)(?:打电话|回电|来电)|转人工|不要机器人/u,
];

const bareWords = new Set(
  [
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
    'somebody',
    'staff',
    'member of staff',
    'manager',
    'the manager',
    'a manager',
    'supervisor',
    'call me',
    'call me back',
    'ring me',
    'ring me back',
    'phone me',
    'human please',
    'person please',
    'person go iawn',
    'aelod o staff',
    'rheolwr',
    'konsultant',
    'czlowiek',
    'czlowieka',
    'pracownik',
    'kierownik',
    'operator uman',
    'om',
    'qof',
    'wakiil',
    'shaqaale',
    'qof dhab ah',
    'maamule',
  ].map(normalise),
);

const bareOtherScript = new Set(
  [
    'ایجنٹ',
    'انسان',
    'عملہ',
    'مینیجر',
    'ਏਜੰਟ',
    'ਇਨਸਾਨ',
    'ਕਰਮਚਾਰੀ',
    'ਮੈਨੇਜਰ',
    'موظف',
    'شخص',
    'إنسان',
    'مدير',
    'এজেন্ট',
    'মানুষ',
    'কর্মী',
    'ম্যানেজার',
    '人工',
    '客服',
    '真人',
    '人工客服',
    '转人工',
    '经理',
  ].map(normalise),
);

/** The longest message still read as a request for a person: a long one is a matter that mentions a person. */
const maxLength = 160;

export function asksForPerson(text: string): boolean {
  const said = normalise(text)
    .replace(/^(?:hi|hello|hiya|hey|please|pls|plz|ok|okay)\s/, '')
    .replace(/\s(?:please|pls|plz|now|asap|thanks|thank you|mate)$/, '');
  if (said === '' || said.length > maxLength) return false;
  if (bareWords.has(said) || bareOtherScript.has(said)) return true;
  return (
    english.some((p) => p.test(said)) || otherLatin.some((p) => p.test(said)) || otherScripts.some((p) => p.test(said))
  );
}
