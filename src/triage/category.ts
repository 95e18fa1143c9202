import type { Analysis } from './analyse.js';
import { chars, words } from './lexicon/regex.js';
import type { Category } from './types.js';

/** Words in Latin scripts, whole, and in Arabic, Urdu, Gurmukhi, Bengali and Chinese, anywhere (chars()). */
function theme(latin: string, otherScripts: string): RegExp {
  return new RegExp(`${words(latin).source}|${chars(otherScripts).source}`, 'u');
}

/** Themes for learning from complaints (seed 004: "common themes and trends"). */
const THEME_WORDS: readonly [Category, RegExp][] = [
  [
    'asb',
    theme(
      'neighbours?|next door|noise|noisy|music|parties|party|drug\\w*|dealing|weed|antisocial|anti social|asb|harass\\w*|barking|dog mess|fly ?tip\\w*|dumped|sasiad\\w*|halas\\w*|vecin\\w*|galagie|zgomot\\w*|cymydog\\w*|cymdogion|swn|deris\\w*|qaylo\\w*|qaylin\\w*|buuq\\w*' +
        // People, not pipes: "the people upstairs are shouting and banging all night"
        '|(?:people|lot|family|man|woman|bloke|lads|kids|tenants?|couple) (?:up|down)stairs|shouting|screaming|yelling|fighting|intimidat\\w*|vandal\\w*|graffiti|youths|gangs?|nuisance',
      'الجيران|جيران|إزعاج|ازعاج|ضوضاء|مخدرات|صراخ|پڑوسی|شور|منشیات|ਗੁਆਂਢੀ|ਰੌਲਾ|ਸ਼ੋਰ|ਨਸ਼ੇ|প্রতিবেশী|হৈচৈ|চিৎকার|মাদক|গোলমাল|邻居|噪音|吵|毒品|骚扰',
    ),
  ],
  [
    'rent',
    theme(
      'rent|arrears|direct debit|universal credit|housing benefit|service charges?|payments?|paid|charged|refund|balance|invoice|recharge\\w*|czynsz\\w*|zaleglosc\\w*|chiri\\w*|restant\\w*|rhent|ol-ddyled\\w*|kirad\\w*|kirey\\w*',
      // "أخذوا الإيجار مرتين", "کرایہ دو بار کاٹا گیا", "ਕਿਰਾਇਆ", "ভাড়া", "房租被扣了两次"
      'إيجار|ايجار|متأخرات|کرایہ|کرائے|بقایا|ਕਿਰਾਇਆ|ਕਿਰਾਏ|ਬਕਾਇਆ|ভাড়া|বকেয়া|房租|租金|欠租|服务费',
    ),
  ],
  [
    'estate',
    theme(
      'communal|bins?|grass|hedge|caretaker|cleaner|cleaning|stairwell|lifts?|car park|play area|landing|estate|grounds|gardener|bin store|green|trees?|parking|garages?' +
        // Rubbish, lifts and stairs in Polish, Welsh, Romanian and Somali
        '|smiec\\w*|winda|windy|klatk\\w* schodow\\w*|biniau|sbwriel|lifft|gunoi\\w*|scara blocului|liftul|qashin\\w*|wiish\\w*',
      // "القمامة لم تجمع", "کوڑا", "ਕੂੜਾ", "ময়লা", "楼道里的垃圾"
      'القمامة|قمامة|النفايات|المصعد|الدرج|کوڑا|کچرا|لفٹ|سیڑھیاں|ਕੂੜਾ|ਕੂੜੇ|ਲਿਫਟ|ਪੌੜੀਆਂ|ময়লা|আবর্জনা|লিফট|সিঁড়ি|垃圾|电梯|楼道|楼梯|公共区域|草坪',
    ),
  ],
  [
    'communication',
    words(
      'call ?back|no reply|emails?|emailed|phone|phoned|on hold|letters?|response|update|ignored|rang|ring me|voicemail|website|portal|app',
    ),
  ],
  [
    'repairs',
    theme(
      'repair\\w*|leak\\w*|broken|broke|fix\\w*|(?:not|stopped|isnt|doesnt|dont|wont|hasnt|havent) work\\w*|extractor|fans?|boiler|heating|taps?|toilet|window\\w*|doors?|roof|engineer|plumber|electrician|contractor\\w*|operative|appointment|ceiling|wall|kitchen|bathroom|shower|fence|gutter\\w*|pipe|lock|radiator|naprawa|hydraulik|atgyweirio|reparati\\w*' +
        // Heating, hot water, leaks and fittings in Polish, Welsh, Romanian and Somali ("nie mamy ciepłej wody", "mae'r to yn gollwng")
        '|cieplej wody|goracej wody|ogrzewani\\w*|bojler\\w*|piec\\w*|grzejnik\\w*|zepsu\\w*|d?dwr poeth|gwres|apa calda|caldura|incalzir\\w*|kuleyl\\w*|biyo kulul|hagaaji\\w*|jaban|jabay|dayactir\\w*|gollwng|diferu|nenfwd|boeler|ffenest\\w*|toiled|cawod|trwsio|przeciek\\w*|cieknie|kapie|sufit\\w*|kran\\w*|kaloryfer\\w*|picura|acoperis\\w*|tavan\\w*|robinet\\w*|centrala|calorifer\\w*',
      // "مروحة الحمام معطلة", "پنکھا خراب ہے", "ਪੱਖਾ ਖਰਾਬ", "ফ্যান নষ্ট", "排气扇坏了"
      'تصليح|إصلاح|اصلاح|صيانة|معطل|مكسور|تسرب|تسريب|سخان|غلاية|المرحاض|مروحة|الشباك|النافذة|نافذة|السقف|سقف|يقطر|التدفئة|حنفية|سباك' +
        '|مرمت|خراب|چھت|ٹپک|ٹوٹ|لیک|بوائلر|ہیٹنگ|ٹونٹی|کھڑکی|دروازہ|دروازے|پنکھا|پلمبر|ٹوائلٹ|شاور' +
        '|ਮੁਰੰਮਤ|ਖਰਾਬ|ਛੱਤ|ਟਪਕ|ਖ਼ਰਾਬ|ਟੁੱਟ|ਲੀਕ|ਬਾਇਲਰ|ਹੀਟਿੰਗ|ਟੂਟੀ|ਖਿੜਕੀ|ਦਰਵਾਜ਼|ਪੱਖਾ|ਪਲੰਬਰ|ਟਾਇਲਟ' +
        '|মেরামত|নষ্ট|ছাদ|সিলিং|চুঁইয়ে|ভাঙ্গা|ভাঙা|ভেঙে|লিক|বয়লার|হিটিং|জানালা|দরজা|ফ্যান|প্লাম্বার|টয়লেট|শাওয়ার' +
        '|维修|修理|天花板|滴水|坏了|坏掉|漏水|锅炉|暖气|水龙头|窗户|屋顶|排气扇|风扇|水管|马桶|淋浴',
    ),
  ],
];

// Global copies, compiled once, for counting matches.
const THEMES = THEME_WORDS.map(([category, re]) => [category, new RegExp(re.source, 'gu')] as const);

export function categorise(a: Analysis): Category {
  if (a.flags.has('damp_mould')) return 'damp_mould';
  if (a.staffConduct || a.flags.has('discrimination')) return 'staff_conduct';
  if (a.hazards.length > 0) return a.hazards[0]?.hazard === 'person_at_risk' ? 'other' : 'repairs';
  let best: Category = 'other';
  let bestCount = 0;
  for (const [category, re] of THEMES) {
    const count = a.norm.match(re)?.length ?? 0;
    if (count > bestCount) {
      best = category;
      bestCount = count;
    }
  }
  return best;
}
