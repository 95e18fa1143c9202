import type { Hazard } from '../types.js';
import { any, chars, near, words } from './regex.js';

/**
 * Emergency wording that must never be missed (docs/rules/hazards.md#emergencies; seed 001: emergency
 * repairs made safe in 24 hours; Awaab's Law: emergency hazards made safe in 24 hours).
 * English, Polish, Welsh and Romanian in depth; Urdu, Punjabi, Arabic, Bengali, Somali and
 * Simplified Chinese for gas, fire, water, power and a person at risk. Patterns run on
 * normalise()d sentences, so Latin text has no diacritics ("pękła" is written "pekla").
 * When unsure, a pattern errs towards flagging: a false alarm costs a phone call, a miss
 * can cost a life.
 */
export interface HazardRule {
  hazard: Hazard;
  /** How the reason reads to staff, e.g. "mentions a smell of gas". */
  says: string;
  /**
   * A cheap necessary condition, tested on the whole message before `pattern`: words every
   * match of the rule contains (e.g. "gas"), or what it `needs`. It only saves time: when it
   * does not match, the rule could not have fired (test/triage/gates.test.ts checks it).
   */
  gate?: RegExp;
  /** Tested against each sentence. */
  pattern: RegExp;
  /** Must also match somewhere in the whole message (e.g. a vulnerable person). */
  needs?: RegExp;
  /** The sentence is about something else when this matches (a garden shed, dog mess). */
  unless?: RegExp;
}

// ---- English building blocks ----
const GAS_EN = 'gas|gases|gasses';
const SMELL_EN = 'smell\\w*|smelt|stink\\w*|stench|whiff|leak\\w*|escap\\w*|hiss\\w*|fumes|bu|boo|badbu|badboo|odour';
const WATER_EN =
  'water|leak\\w*|drip\\w*|pour\\w*|gush\\w*|cascad\\w*|flood\\w*|overflow\\w*|wet|soak\\w*|pissing|running (?:into|down|onto|through)|coming (?:through|in|down|into)';
const ELECTRIC_EN =
  'electric\\w*|light fittings?|light fixtures?|lights?|lamps?|bulbs?|light switch\\w*|(?:plug )?sockets?|fuse ?box(?:es)?|fuses|consumer unit|meter (?:cupboard|box)|electric meter|wiring|wires|cables?|ceiling rose|trip switch\\w*|spotlights?|downlights?';
const CEILING_EN = 'ceiling|cieling|ceilings';
const VULNERABLE_EN = any(
  'bab(?:y|ies)|newborn|new born|infant|toddlers?|(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven) (?:days?|weeks?|months?) old',
  // A child by age ("ive got a 2 year old", "my 3yo"); not "a 5 year old boiler".
  '(?:[1-9]|one|two|three|four|five|six|seven|eight|nine) ?(?:years?|yrs?) ?olds?(?! (?:boiler|combi|system|house|flat|home|property|building|heater|radiators?|kitchen|bathroom|windows?|doors?|carpets?|appliances?|cooker|oven|fridge|roof|pipes?|tank|unit|fence|shower|toilet))|[1-9] ?yo',
  'kids?|children|child|son|daughter|grandchild\\w*|pregnant|expecting|elderly|pensioner\\w*|old age|old lady|old man',
  'disab\\w*|wheelchair|bed ?bound|bedridden|housebound|chemo\\w*|cancer|copd|asthma\\w*|dementia|alzheimer\\w*|oxygen',
  'heart (?:condition|problems?|failure)|(?:is|are|very|seriously|terminally|been|so|really|mentally|quite) ill|ill health|poorly|sick(?! (?:of|and tired|to death))|unwell|frail|vulnerable|cerebral palsy|terminal\\w*|hospice',
  'carer|care needs|poor circulation|diabet\\w*|arthritis|stroke|parkinson\\w*|sickle cell|immune\\w*|kidney|dialysis|hypothermia|autis\\w*',
  '(?:is|aged|age|im|i am|shes|hes) (?:6[5-9]|[7-9]\\d|1[01]\\d)',
  '(?:6[5-9]|[7-9]\\d|10\\d) ?(?:years?|yrs?|yo|year)',
);

// ---- Polish / Welsh / Romanian vulnerability ----
const VULNERABLE_PL =
  'niemowl\\w*|noworod\\w*|dziec\\w*|dzieck\\w*|dzieci\\w*|starsz\\w*|chor[aey]\\w*|niepelnospr\\w*|w ciazy|ciezarn\\w*|babci\\w*|dziad\\w*|emeryt\\w*|(?:6[5-9]|[7-9]\\d) lat\\w*|wozk\\w*';
const VULNERABLE_CY =
  'babi|baban|fabi|mabi|plentyn|blentyn|mhlentyn|phlentyn|plant|blant|henoed|hen berson|oedrannus|anabl\\w*|sal|salwch|beichiog|mam gu|nain|tad cu|taid|(?:6[5-9]|[7-9]\\d) oed|cadair olwyn';
const VULNERABLE_RO =
  'bebelus\\w*|copil\\w*|copii|nou nascut\\w*|batran\\w*|varstnic\\w*|bolnav\\w*|handicap\\w*|dizabilit\\w*|insarcinat\\w*|gravida|bunic\\w*|(?:6[5-9]|[7-9]\\d) de ani|scaun cu rotile';
const VULNERABLE_SO =
  'ilmo|ilmaha|ilmahay\\w*|carruur\\w*|caruur\\w*|dhallaan\\w*|odey|oday|waayeel\\w*|naafo|curyaan\\w*|uur leh|uurka|xanuunsan|buka|bukaan\\w*|(?:6[5-9]|[7-9]\\d) (?:sano )?jir';
// Urdu and Punjabi typed in Latin letters, as many UK speakers text: "meri ammi 80 saal ki hain", "2 saal ka baccha".
const VULNERABLE_ROMAN =
  'ammi|ammee|ammy|abbu|abba ji|abu ji|nani|nani ji|dadi|daadi|dadi ji|nana ji|dada ji|bacch?a|bacch?ay|bacch?e|bachey|bacch?i|beemar|bimar|bemar|buzurg|boodh[ai]|budh[ai]|haamla|maazoor|mazoor|(?:6[5-9]|[7-9]\\d) (?:saal|sal)|[1-4] (?:saal|sal) (?:ka|ki|ke|da|di|de)';
const VULNERABLE_OTHER =
  'رضيع|طفل|أطفال|مسن|كبير في السن|مريض|حامل|معاق|بچہ|بچے|بزرگ|بیمار|حاملہ|معذور|婴儿|宝宝|孩子|老人|病人|怀孕|残疾|শিশু|বাচ্চা|বৃদ্ধ|অসুস্থ|গর্ভবতী|প্রতিবন্ধী|ਬੱਚਾ|ਬੱਚੇ|ਬੱਚੀ|ਬਜ਼ੁਰਗ|ਬਿਮਾਰ|ਗਰਭਵਤੀ|ਅਪਾਹਜ|' +
  // An age of 65 or more with the word for years, in Western, Arabic-Indic, Bengali or Gurmukhi digits ("عمرها ٨٥ سنة", "বয়স ৮৫ বছর").
  '(?:6[5-9]|[7-9]\\d|10\\d|[٦۶][٥-٩۵-۹]|[٧-٩۷-۹][٠-٩۰-۹]|৬[৫-৯]|[৭-৯][০-৯]|੬[੫-੯]|[੭-੯][੦-੯]) ?(?:ਸਾਲ|سال|বছর|岁|歲|سنة|سنه|عاما|عامًا|عام)';

/** A vulnerable person in the home, in any language (no heat is an emergency for them). */
export const VULNERABLE = new RegExp(
  `\\b(?:${any(VULNERABLE_EN, VULNERABLE_PL, VULNERABLE_CY, VULNERABLE_RO, VULNERABLE_SO, VULNERABLE_ROMAN)})(?![a-z0-9])|${VULNERABLE_OTHER}`,
  'u',
);

/** Only one toilet in the home: a blocked one is then an emergency (docs/rules/hazards.md#emergencies). */
export const ONLY_TOILET = words(
  any(
    'only (?:one )?(?:toilet|loo|wc)|one toilet|just (?:the )?one (?:toilet|loo)|no other (?:toilet|loo)|only have one|only (?:got|have|has) (?:the |a )?one|(?:theres|there is) only (?:the )?one',
    '(?:tylko )?jedn\\w* (?:toalet\\w*|ubikacj\\w*)',
    'un toiled|dim ond un',
    'o singura toaleta|singura toaleta|doar o toaleta',
  ),
);

// Break-in words and an insecure home, needed together for insecure_door.
const BREAK_IN = words(
  any(
    'broken into|break in|broke in|broke into|broke (?:my|the|our) (?:\\S+ )?(?:window|door|lock|glass)|to get in|kicked (?:\\S+ ){0,2}(?:door|it) in|kicked (?:my|the|our) (?:front |back )?door|breaking in|breakin|burgl\\w*|burglary|forced (?:entry|the door|it|open|in|their way)|(?:door|window|lock|frame)s? (?:was |were |been |has been |have been )?(?:forced|kicked in|jemmied|smashed in)|kicked (?:in|the door)|smashed (?:the|my|our) (?:\\S+ )?(?:window|door|glass)|tried to (?:get|break) in|intruder\\w*',
    'wlaman\\w*|wlamal\\w*|wlamywa\\w*|wywazon\\w*|wylaman\\w*|zlodziej\\w*',
    'torri i mewn|torri mewn|lladron|lleidr|byrgler\\w*',
    'spart\\w* usa|usa (?:\\S+ )?spart\\w*|au spart|ne au spart|spargere|hoti\\w*|au intrat (?:hotii|peste noi|prin efractie)|efractie|fortat\\w*',
  ),
);
const INSECURE = words(
  any(
    '(?:door|lock|window|frame|glass)s?(?: \\S+){0,4} (?:broken|snapped|smashed|bust|damaged|kicked in|forced|hanging off|gone|missing)',
    '(?:wont|will not|doesnt|does not|cant|cannot|can not|isnt|not) (?:lock|shut|close|secure|be locked)\\w*',
    '(?:cant|cannot|unable to) (?:lock|secure|shut|close)',
    'board\\w* (?:it |them |\\S+ )?up|boarding|(?:isnt|is not|not) secure|insecure|wide open|kicked in|smashed',
    'nie (?:da sie|moge|mozna|mozemy) (?:\\S+ )?(?:zamknac|zamykac)|nie zamyka\\w*|zepsut\\w* zamek|zamek (?:jest )?zepsut\\w*|wylaman\\w*|wywazon\\w*',
    '(?:ddim|dim) yn (?:cloi|cau)|methu cloi|heb glo|wedi torri',
    'nu (?:se )?(?:mai )?(?:incuie|inchide)|nu (?:pot|putem) (?:sa )?(?:incui|inchide)|spart\\w*',
  ),
);

export const hazardRules: readonly HazardRule[] = [
  // ---------------- gas ----------------
  { hazard: 'gas', says: 'mentions a smell or leak of gas', gate: /gas/, pattern: words(near(GAS_EN, SMELL_EN, 4)) },
  {
    hazard: 'gas',
    says: 'mentions a smell of rotten eggs (gas)',
    gate: /egg|sulphur/,
    pattern: words('rotten eggs?|eggy smell|smells? (?:of|like) eggs|sulphur smell'),
  },
  {
    hazard: 'gas',
    says: 'mentions gas (Polish: "gaz")',
    gate: /gaz/,
    pattern: words(
      near(
        'gaz|gazu|gazem',
        'czu\\w*|poczu\\w*|zapach\\w*|smierdz\\w*|wyciek\\w*|ulatni\\w*|wali|cuchnie|syczy|sycz\\w*',
        4,
      ),
    ),
  },
  {
    hazard: 'gas',
    says: 'mentions gas (Welsh: "nwy")',
    gate: /nwy/,
    pattern: words(near('nwy', 'arogl\\w*|ogla\\w*|oglau|gwynt\\w*|gollwng|gollyngiad|drewi|hisian|drewdod', 4)),
  },
  {
    hazard: 'gas',
    says: 'mentions gas (Romanian: "gaz")',
    gate: /gaz/,
    pattern: words(
      near(
        'gaz|gaze|gazul|gazului',
        'miros\\w*|miroase|scurge\\w*|pierder\\w*|simte|simt|fasai\\w*|scapare|scapa|iese|ies|iesi\\w*|aude|suiera\\w*',
        4,
      ),
    ),
  },
  {
    hazard: 'gas',
    says: 'mentions gas (Somali: "gaas")',
    gate: /gaas/,
    pattern: words(near('gaas|gaaska|gaasta', 'ur|urta|urka|daadan\\w*|ka baxaya|ka imanaya|ka soo baxaya', 4)),
  },
  {
    hazard: 'gas',
    says: 'mentions a smell or leak of gas (Urdu, Punjabi, Arabic, Bengali or Chinese)',
    pattern: chars(
      any(
        'گیس.{0,20}(?:بو|لیک|خارج)',
        'ਗੈਸ.{0,20}(?:ਬਦਬੂ|ਬੂ|ਲੀਕ|ਮਹਿਕ)',
        '(?:رائحة|ريحة|تسرب|تسريب).{0,12}غاز|غاز.{0,12}(?:رائحة|يتسرب|تسرب)',
        'গ্যাস.{0,12}(?:গন্ধ|লিক)',
        '(?:煤气|燃气|天然气|瓦斯).{0,4}(?:味|泄|漏)|漏(?:煤气|燃气|气)|有(?:煤气|燃气)',
      ),
    ),
  },
  // ---------------- carbon monoxide ----------------
  {
    hazard: 'carbon_monoxide',
    says: 'mentions a carbon monoxide alarm going off',
    gate: /alarm|detect|monitor|sensor/,
    pattern: new RegExp(
      '^(?=.*\\b(?:carbon monoxide|monoxide|co|co2|c02|c0)(?![a-z0-9]))(?=.*(?:alarm|detector|detecter|monitor|sensor))(?=.*(?:go(?:ing|ne|es)? off|went off|beep\\w*|bleep\\w*|sound\\w*|scream\\w*|ringing|alarming|triggered|flash\\w*|chirp\\w*|keeps|started|red light|reading|shriek\\w*|wail\\w*|buzz\\w*)).{1,60}',
      'u',
    ),
  },
  {
    hazard: 'carbon_monoxide',
    says: 'mentions carbon monoxide',
    gate: /monoxide|(?:^| )co /,
    pattern: words(
      any(
        near(
          'carbon monoxide|monoxide',
          'go(?:ing|ne|es)? off|went off|beep\\w*|bleep\\w*|sound\\w*|scream\\w*|ringing|alarm\\w*|flash\\w*|chirp\\w*|shriek\\w*|wail\\w*|buzz\\w*|detected|reading',
          8,
        ),
        '(?:carbon monoxide|co) (?:poisoning|leak\\w*|in the (?:house|flat|home))|(?:leaking|smell of) carbon monoxide',
        near('carbon monoxide|monoxide', 'headache\\w*|dizzy|drowsy|sick|nause\\w*|faint\\w*', 8),
      ),
    ),
  },
  {
    hazard: 'carbon_monoxide',
    says: 'mentions signs of carbon monoxide at a boiler or fire (soot, a yellow or orange flame)',
    gate: /soot|black mark|flame|fumes/,
    pattern: words(
      near(
        'boiler|gas fire|fire|heater|cooker|flue',
        'soot\\w*|black marks?|orange flame|yellow flame|lazy flame|flame (?:is |has gone )?(?:orange|yellow)|fumes',
        8,
      ),
    ),
  },
  {
    hazard: 'carbon_monoxide',
    says: 'mentions carbon monoxide (Polish: "czad")',
    gate: /czad|tlen/,
    pattern: words(near('czad\\w*|tlen\\w* wegla', 'czujni\\w*|alarm\\w*|piszcz\\w*|wyje|dzwoni|zatru\\w*|czujka', 4)),
  },
  {
    hazard: 'carbon_monoxide',
    says: 'mentions carbon monoxide (Welsh: "carbon monocsid")',
    gate: /monocsid/,
    pattern: words(near('carbon monocsid|monocsid', 'larwm|canu|bipian|synhwyrydd|seinio', 4)),
  },
  {
    hazard: 'carbon_monoxide',
    says: 'mentions carbon monoxide (Romanian: "monoxid")',
    gate: /monoxid/,
    pattern: words(near('monoxid\\w*', 'suna|piuie|tiuie|intoxica\\w*|declans\\w*|a pornit|bipaie|urla', 6)),
  },
  {
    hazard: 'carbon_monoxide',
    says: 'mentions carbon monoxide (Arabic, Urdu or Chinese)',
    pattern: chars('أول أكسيد الكربون|اول اكسيد الكربون|کاربن مونو|一氧化碳'),
  },
  // ---------------- fire ----------------
  {
    hazard: 'fire',
    says: 'mentions a fire or smoke',
    gate: /fire|flame|burning down|smoke|smoulder/,
    pattern: words(
      any(
        'on fire|caught fire|catch(?:ing)? fire|set (?:on )?fire|(?:a|theres a|there is a|big) fire(?! (?:door|alarm|safety|risk|exit|extinguisher|blanket|escape|test|service|check|place))',
        'fire in (?:the|my|our|a|his|her|their)(?<!(?:gas|electric|coal|log|wood) fire in \\S+)|flames|house fire|kitchen fire|chip pan fire|electrical fire|burning down',
        'smoke (?:is |was )?(?:coming|pouring|billowing|everywhere|from|out of)|full of smoke|fill\\w* (?:up )?with smoke|smoke (?:in|filling) the|(?:theres|there is|is|lots of|thick|black) smoke|smoulder\\w*|smell\\w* (?:of )?smoke',
      ),
    ),
  },
  {
    hazard: 'fire',
    says: 'mentions a fire (Polish, Welsh or Romanian)',
    pattern: words(
      any(
        'pali sie|pozar\\w*|ogien|ognia|plonie|plomien\\w*|(?:jest|leci|pelno|wszedzie|wydobywa sie|czuc) (?:\\S+ )?dym\\w*|dym\\w* (?:z|w|leci|wszedzie|sie)',
        'ar dan|mae tan|tan yn y|fflamau|mwg (?:ym mhobman|yn dod|yn y)|llawn mwg',
        'foc|focul|incendi\\w*|a luat foc|ia foc|flacari|arde casa|fum peste tot|(?:e|este|iese|ies|plin de) fum',
      ),
    ),
  },
  {
    hazard: 'fire',
    says: 'mentions a fire (Urdu, Punjabi, Arabic, Bengali, Somali or Chinese)',
    pattern: chars(any('آگ', 'ਅੱਗ', 'حريق|نار|اشتعل|دخان', 'আগুন', '着火|火灾|失火|起火|冒烟')),
  },
  { hazard: 'fire', says: 'mentions a fire (Somali: "dab")', pattern: words('dab|dabka|qiiq') },
  // ---------------- person at risk ----------------
  {
    hazard: 'person_at_risk',
    says: 'someone may be at risk of harm',
    pattern: words(
      any(
        '(?:havent|hasnt|have not|has not|not|nobody has|no one has|not been|no ones) (?:\\S+ )?(?:seen|heard from|spoken to|seen or heard from) (?:him|her|them|the|my|our|mr|mrs|ms|miss|neighbour|anyone|anybody|\\S+ (?:man|lady|woman|neighbour))(?: \\S+){0,10} (?:days?|weeks?|since|ages|a while)',
        '(?:hasnt|havent|not|isnt|wont|wasnt) (?:\\S+ )?(?:answered|answering|opened|opening|come to) (?:her|his|their|the) (?:door|phone)',
        '(?:curtains|blinds) (?:\\S+ ){0,2}(?:shut|closed|drawn)|post (?:\\S+ )?(?:piling|piled|building) up|milk (?:\\S+ ){0,2}on the (?:door)?step',
        '(?:he|she|hes|shes|they|mum|dad|nan|gran|grandad|neighbour|someone|somebody|man|woman|lady|husband|wife|partner|son|daughter|child|baby|gentleman|tenant)(?: \\S+){0,4} (?:has |had |just |have )?(?:collapsed|fallen|fell)(?! (?:behind|out|asleep|pregnant|apart|off|through|down the back))',
        '(?:cant|cannot|unable to) get up|unconscious|not breathing|not responding|unresponsive|turned blue',
        // "there's a man sleeping in the bin store and he looks really unwell"
        '(?:man|woman|lady|person|someone|somebody|bloke|guy|lad|girl|rough sleeper)(?: \\S+){0,8} (?:looks?|looking|seems?|appears?) (?:really |very |quite |so )?(?:unwell|ill|poorly|in a bad way|hurt|injured|freezing|not (?:well|right))',
        'wants? to die|wanting to die|ready to die|(?:pills|tablets) (?:\\S+ )?(?:lined up|out on|saved up|stockpiled)|(?:taken|took|swallowed) (?:a lot of |loads of |all (?:his|her|my|the) )?(?:pills|tablets)|kill (?:my ?self|himself|herself|themselves)|end (?:it all|it tonight|my life)|(?:going to|gonna|want to) end it|suicid\\w*|self ?harm\\w*|hurt (?:my ?self|himself|herself|themselves)|overdose\\w*|want to die|take my (?:own )?life|(?<!(?:this|it|that|things|we) )cant go on|threatening to jump|going to jump',
        '(?:going to|gonna|will|threaten\\w* to|said hed|said shed|says hes going to|says shes going to) (?:kill|hurt|stab|attack|batter|beat|shoot|burn)(?: \\S+){0,2}',
        '(?<!(?:nearly|almost|could have|couldve|would have|wouldve|might have|narrowly missed|just missed) )(?:hit|hitting|beat|beats|beating|punch\\w*|strangl\\w*|chok\\w*) (?:me|her|him|us|the kids|my)|domestic (?:abuse|violence)|being (?:hurt|attacked|beaten|abused)|sounds like (?:shes|hes|someone is|theyre) being',
        '(?:child|children|kids?|baby|toddler) (?:\\S+ ){0,2}(?:left )?(?:alone|on (?:their|his|her) own|unattended)|(?:child|children|kids|baby|toddler)(?: \\S+){0,6} left (?:alone|on (?:their|his|her) own|unattended)',
        '(?:screaming|shouting|crying|calling|cries|cry|yelling|scream|shout) (?:out )?for help|in danger|danger to life|life (?:is )?at risk|at risk of harm|welfare check|knife|weapon|gun|stabbed|(?:is|hes|shes|im|badly|heavily) bleeding|bleeding (?:badly|heavily|a lot|from (?:his|her|the head))|been attacked|assaulted|beaten up|suicidal|smell\\w* (?:\\S+ ){0,4}(?:dead|death|decompos\\w*)',
        'no answer(?: \\S+){0,3} (?:days?|since)|not answer\\w* (?:the |her |his |their )?(?:door|phone)(?: \\S+){0,4} (?:days?|since)|(?:worried|concerned|scared|frightened) (?:about|for) (?:my|the|our|an?) (?:elderly|old|vulnerable|frail|disabled) (?:\\S+ )?(?:neighbour|lady|man|woman|tenant|resident|mum|dad|mother|father|gentleman|couple)',
      ),
    ),
  },
  {
    hazard: 'person_at_risk',
    says: 'emergency services are involved: hand to a person',
    gate: /ambulance|paramedic|fire|999|police|emergency services/,
    pattern: words(
      'ambulance|paramedics?|fire (?:brigade|service|engine)|firem[ae]n|(?:rang|rung|called|calling|call|phoned|ring|dialled) 999|999 (?:called|rang)|police (?:are |is )?(?:on (?:their|the) way|coming|here|outside)|emergency services',
    ),
  },
  {
    hazard: 'person_at_risk',
    says: 'someone may be at risk of harm (Polish)',
    pattern: words(
      any(
        'nie widzia\\w*(?: \\S+){0,6} (?:od|przez) (?:\\S+ )?(?:dni|dnia|tygodni\\w*|tydzien)|nie otwiera (?:\\S+ )?drzwi',
        '(?:lezy|upadl|przewrocil)\\w*(?: \\S+){0,5} (?:nie odpowiada|nie rusza)|lezy na (?:podlodze|ziemi|korytarzu|schodach|chodniku)|upadl\\w*|przewrocil\\w*|nieprzytomn\\w*|stracil\\w* przytomnosc|zemdlal\\w*|nie oddycha|zabij\\w*|zabic|zabije|samobojst\\w*|odebrac sobie zycie',
        'bije (?:mnie|ja|go|dzieci|nas)|pobil\\w*|przemoc\\w*|grozi (?:mi|ze|nam)|w niebezpieczenstwie',
      ),
    ),
  },
  {
    hazard: 'person_at_risk',
    says: 'someone may be at risk of harm (Welsh)',
    gate: /weld|gweld|glywed|clywed|anymwybodol|perygl|lladd|trais|mwrw|hunanladdiad/,
    pattern: words(
      any(
        '(?:heb|ddim wedi|dim wedi) (?:\\S+ )?(?:weld|gweld|glywed|clywed)(?: \\S+){0,6} ers',
        'anymwybodol|mewn perygl|lladd (?:fy hun|ei hun)|bygwth (?:\\S+ )?lladd|trais|yn fy mwrw|hunanladdiad',
      ),
    ),
  },
  {
    hazard: 'person_at_risk',
    says: 'someone may be at risk of harm (Welsh: "wedi cwympo")',
    pattern: words('wedi cwympo|wedi syrthio'),
    unless: words('nenfwd|wal|to|llawr|grisiau|coeden|ffens'),
  },
  {
    hazard: 'person_at_risk',
    says: 'someone may be at risk of harm (Romanian)',
    pattern: words(
      any(
        'nu (?:l |o |i )?(?:am|a|au|mai) (?:mai )?(?:vazut|iesit|auzit)(?: \\S+){0,6} de (?:\\S+ )?(?:zile|saptamani|o saptamana|ieri)',
        // Not "nimeni nu răspunde la telefon": nobody at the landlord answers.
        '(?<!nimeni )nu raspunde (?:la usa|la telefon)|a cazut (?:si|in|pe jos)|inconstient\\w*|lesinat\\w*|nu respira|in pericol',
        'sinucid\\w*|sa ma omor|ma omoara|ma bate|o bate|violent\\w* domestic\\w*|(?:omoare|ucide|omor)',
      ),
    ),
  },
  {
    hazard: 'person_at_risk',
    says: 'someone may be at risk of harm (Urdu, Arabic, Bengali, Somali or Chinese)',
    pattern: chars(
      any(
        'لم (?:أره|أرها|نره|نرها|يره|يرها|اره|ارها)|في خطر|خطر على حياة|يهدد بقتل|يضربني|انتحار|فاقد الوعي',
        'خطرے میں|جان کا خطرہ|مار ڈالے|خودکشی|بے ہوش|نظر نہیں (?:آیا|آئی|آئے)',
        'বিপদে|আত্মহত্যা|মেরে ফেলবে|অজ্ঞান',
        '有危险|生命危险|自杀|要杀|打我|晕倒|昏迷',
      ),
    ),
  },
  {
    hazard: 'person_at_risk',
    says: 'someone may be at risk of harm (Somali)',
    pattern: words('khatar|is dil|dili doona|miyir beel'),
  },
  // ---------------- water and electrics ----------------
  {
    hazard: 'water_electrics',
    says: 'mentions water near electrics',
    pattern: words(near(WATER_EN, ELECTRIC_EN, 8)),
    unless: words('bills?|meter readings?|suppliers?|included|tariff|top ?up|pay|paying|companies'),
  },
  {
    hazard: 'water_electrics',
    says: 'mentions water near electrics (Polish)',
    pattern: words(
      near(
        'woda|wody|wode|ciekn\\w*|kapie|leci|przeciek\\w*|zalew\\w*|zalal\\w*|mokr\\w*',
        'lamp\\w*|gniazd\\w*|kontakt\\w*|elektry\\w*|bezpiecznik\\w*|swiatl\\w*|oswietl\\w*|korki|licznik\\w*',
        10,
      ),
    ),
  },
  {
    hazard: 'water_electrics',
    says: 'mentions water near electrics (Welsh)',
    gate: /golau|goleuadau|trydan|soced|ffiws|plwg/,
    pattern: words(near('dwr|gollwng|diferu|gwlyb', 'golau|goleuadau|trydan|soced\\w*|ffiws\\w*|plwg', 10)),
  },
  {
    hazard: 'water_electrics',
    says: 'mentions water near electrics (Romanian)',
    pattern: words(
      near(
        'apa|apei|curge|picura|scurge\\w*|inund\\w*|uda?',
        'priz\\w*|curent\\w*|electric\\w*|lumin\\w*|bec\\w*|lustr\\w*|tablou\\w*|sigurant\\w*',
        10,
      ),
    ),
  },
  {
    hazard: 'water_electrics',
    says: 'mentions water near electrics (Urdu, Arabic or Chinese)',
    pattern: chars(
      any(
        '(?:ماء|مياه|تسرب|المياه).{0,30}(?:كهرباء|الكهرباء|المقبس|الإضاءة|مصباح|المصباح)',
        'پانی.{0,30}(?:بجلی|سوئچ|ساکٹ|بلب)',
        '水.{0,8}(?:电灯|电线|插座|电箱|电闸|灯)',
      ),
    ),
  },
  // ---------------- sparks, burning smell, exposed electrics ----------------
  {
    hazard: 'sparks_burning',
    says: 'mentions sparks, smoke or a burning smell from electrics',
    pattern: words(
      any(
        'spark\\w*|(?:burning|burnt|burned|electrical) (?:smell|smells|odour)',
        'smell\\w* (?:of |like )?(?:burning|burnt|burned|electrical|melting|hot plastic)',
        '(?:sockets?|plugs?|switch\\w*|fuse ?box\\w*|consumer unit|wiring|wires|cables?|meter|light fittings?|shower|charger|heater|cooker|oven)(?: \\S+){0,4} (?:smok\\w*|melt\\w*|scorch\\w*|black(?:ened)? marks?|hot to (?:the )?touch|buzz\\w*|crackl\\w*|fizz\\w*)',
        '(?:smok\\w*|melt\\w*|scorch\\w*|crackl\\w*|fizz\\w*)(?: \\S+){0,4} (?:sockets?|plugs?|switch\\w*|fuse ?box\\w*|consumer unit|wiring|wires|cables?|meter|light fittings?)',
        '(?:lights?|electrics) (?:\\S+ )?(?:fizzing|crackling|buzzing)',
      ),
    ),
  },
  {
    hazard: 'sparks_burning',
    says: 'mentions sparks or a burning smell (Polish, Welsh or Romanian)',
    pattern: words(
      any(
        'iskr\\w*|spalenizn\\w*|swad\\w*|(?:gniazd\\w*|kontakt\\w*|bezpiecznik\\w*|przewod\\w*|kabel\\w*)(?: \\S+){0,3} (?:dymi|topi\\w*|iskrzy|grzeje)|dym (?:\\S+ )?z gniazd\\w*',
        'gwreichion\\w*|(?:arogl|ogla|gwynt) (?:\\S+ )?llosgi|mwg (?:\\S+ ){0,3}(?:soced|plwg|ffiws|trydan)',
        'scantei\\w*|miros\\w* (?:\\S+ ){0,2}(?:de )?ars|miroase (?:\\S+ )?a ars|fum (?:\\S+ ){0,3}(?:din|de la) priz\\w*|priz\\w*(?: \\S+){0,3} (?:fumeg\\w*|se topeste|topit\\w*)',
      ),
    ),
  },
  { hazard: 'sparks_burning', says: 'mentions sparks (Arabic or Chinese)', pattern: chars('شرار|电火花|冒火花|烧焦') },
  {
    hazard: 'exposed_electrics',
    says: 'mentions exposed or live wiring',
    gate: /shock|tingl|wire|wiring|electrics|cable/,
    pattern: words(
      any(
        '(?:electric )?shock (?:from|off|when)|gave (?:me|him|her|us) (?:an? )?(?:electric )?shock|got (?:an? )?(?:electric )?shock|shocked (?:me|him|her)|tingl\\w* (?:from|when|off)|live (?:wire|cable)',
        '(?:exposed|bare|live|loose) (?:wires|wiring|cables?|electrics)',
        '(?:wires|wiring|electrics|cables?)(?: \\S+){0,3} (?:exposed|hanging out|sticking out|bare)',
        'left (?:the )?(?:electrics|wires|wiring)(?: \\S+){0,3} exposed',
      ),
    ),
  },
  // ---------------- structural ----------------
  {
    hazard: 'structural',
    says: 'mentions part of the building collapsing or unsafe',
    pattern: words(
      any(
        '(?:ceiling|ceilings|roof|wall|walls|floor|stairs|staircase|chimney|balcony|joists?|floorboards?)(?: \\S+){0,3} (?:has |have |is |are )?(?:collapsed|collapsing|come down|coming down|fallen (?:in|down|through)|fell (?:in|down)|falling (?:in|down|apart)|caved in|caving in|give way|gave way|giving way|bulging|sagging|bowing|bowed|coming away|come away|leaning|moving|shifting)',
        '(?:bits|chunks|plaster|bricks|masonry|render|lumps)(?: \\S+){0,2} (?:falling|fell|coming|come) (?:off|down|away|out)',
        '(?:collapsed|fallen) (?:ceiling|roof|wall|floor)',
        '(?:wall|ceiling|roof|chimney|building|house|tree|balcony|it|bricks|floor|stairs)(?: \\S+){0,3} (?:going to|could|might|about to|will|gonna) (?:give way|collapse|come down|fall down|fall in|fall|cave in)|(?:going to|could|might|about to) (?:give way|collapse|cave in)|could (?:go|collapse|come down|give way) any (?:minute|second|time|moment)|(?:bricks|masonry|render|lintel) (?:are |is )?(?:loose|falling|coming)',
        'roof (?:has )?(?:blown|come|came) off|blown (?:\\S+ ){0,3}(?:roof|tiles|window|door)s? off|rain (?:\\S+ )?(?:pouring|coming|pissing|lashing|getting) (?:in|through)|(?:window|glass|pane)(?: \\S+){0,2} (?:has )?(?:fallen|fell|come|came) out|joists have gone|(?:railings?|banisters?|balustrade)(?: \\S+){0,3} (?:loose|hanging off|come off|gave way|collapsed)',
        '(?:tree|branch) (?:has )?(?:fallen|fell|come down) (?:on|onto|through)|(?:dangerous|unsafe) (?:structure|building|wall|ceiling)',
      ),
    ),
  },
  {
    hazard: 'structural',
    says: 'mentions part of the building collapsing (Polish, Welsh or Romanian)',
    gate: /sufit|zawalil|runal|zarwal|wedi|prabus|surpa|tavan/,
    pattern: words(
      any(
        'sufit (?:\\S+ ){0,3}(?:zawalil\\w*|runal\\w*|spadl\\w*|zarwal\\w*|wali)|zawalil\\w*|runal\\w*|zarwal\\w*',
        '(?:nenfwd|wal|to|llawr|grisiau)(?: \\S+){0,2} wedi (?:cwympo|dymchwel|syrthio)',
        'prabus\\w*|tavan\\w*(?: \\S+){0,2} (?:a cazut|cade|s a surpat)|s a surpat|se surpa',
      ),
    ),
  },
  {
    hazard: 'structural',
    says: 'mentions a collapse (Arabic, Urdu or Chinese)',
    pattern: chars('انهيار|انهار|سقط السقف|چھت گر|天花板塌|倒塌|塌了'),
  },
  // Unsafe structures and fixtures (docs/rules/hazards.md#emergencies "unsafe structure"; issue 11): parts of
  // the building falling, fixtures coming off a wall, glass hanging, a guard at a drop loose,
  // stairs or floors giving way. A cupboard door off its hinge or a cracked wall tile is not.
  {
    hazard: 'structural',
    says: 'mentions part of the building falling or coming loose outside (tiles, slates, brick, render, guttering)',
    gate: /tile|slate|chimney|coping|capping|brick|masonry|render|stonework|lintel|fascia|soffit|bargeboard|gutter|downpipe|cladding|chunk|lump|bits of|piece/,
    pattern: words(
      any(
        near(
          'roof tiles?|ridge tiles?|slates?|roof slates?|chimney pots?|chimney stack|coping(?: stones?)?|capping stones?|bricks?|brickwork|masonry|render|rendering|stonework|lintels?|fascias?|soffits?|bargeboards?|guttering|gutters?|downpipes?|cladding|(?:chunks?|lumps?|bits|pieces?) of (?:the )?(?:brick|bricks|concrete|render|plaster|stone|roof|ceiling|wall|chimney)',
          'fall\\w*|fell|fallen|dropp\\w*|slid\\w*|slipp\\w*|(?:come|comes|coming|came) (?:off|down|away|loose|out)|blown off|blew off|hanging (?:off|down|loose|out)|dangling|loose|crash\\w*|smashed (?:on|onto|into|in)|landed|missed (?:me|my|him|her|us|someone|a|the)|(?:about|going) to (?:fall|come down|go)',
          4,
        ),
        'tiles? (?:\\S+ ){0,4}(?:off|from|of) (?:the |our |my )?roof',
        'tiles?(?: \\S+){0,4} (?:fall\\w*|fell|fallen|slid\\w*|came off|come off|coming off|blown off|blew off)(?: \\S+){0,4} (?:onto|on|into|in) (?:the |a |my |our |someones? )?(?:path|pavement|street|road|drive|driveway|car|pram|head|doorstep|steps|walkway|alley|entrance|front door)',
      ),
    ),
  },
  {
    hazard: 'structural',
    says: 'mentions a fixture coming off a wall or ceiling',
    pattern: words(
      near(
        '(?:wall |kitchen |bathroom )?(?:cabinets?|cupboards?|units?)|shel(?:f|ves)|shelving|mirrors?|radiators?|boiler|handrails?|hand rails?|banisters?|bannisters?|stair rails?|storage heaters?|heaters?|tv brackets?|ceiling (?:lights?|fans?)|light fittings?',
        '(?:hanging|come|comes|coming|came|pulled|pulling|fall\\w*|fell|dropp\\w*|ripped|torn|tearing|broken|broke) (?:off|away from|out of|from|down from) (?:the |my |our )?(?:wall|ceiling)|(?:came|come|coming|pulling|pulled) (?:away|loose)|hanging (?:on|by) (?:one|a single|a) (?:screw|bracket|nail|bolt|rawl ?plug|thread)|(?:about|going) to (?:fall|come down|come off)|could (?:fall|come down|come off) any',
        6,
      ),
    ),
    // The door of a cupboard hanging off is a routine repair; the cupboard itself is not.
    unless: words(
      '(?:cupboard|cabinet|unit|wardrobe|drawer) (?:door|doors|front|fronts|hinge|hinges|handle|handles)|hinges?',
    ),
  },
  {
    hazard: 'structural',
    says: 'mentions broken glass hanging or about to fall',
    gate: /glass|pane|window|glazing/,
    pattern: new RegExp(
      '^(?=.*\\b(?:glass|pane|panes|window|windows|glazing)(?![a-z0-9]))(?=.*\\b(?:broken|broke|cracked|smashed|shattered|bust)(?![a-z0-9]))(?=.*\\b(?:hanging|dangling|falling out|fall out|about to fall|sticking out|shards?|sharp (?:bits|pieces|edges)|loose in the frame)(?![a-z0-9])).{1,60}',
      'u',
    ),
  },
  {
    hazard: 'structural',
    says: 'mentions a loose or broken guard at a drop (balcony railing, banister)',
    gate: /rail|balustrade|banister|bannister|spindle|balcony/,
    pattern: words(
      any(
        '(?:balcony (?:rails?|railings?|barriers?|balustrades?|glass)|railings?|balustrades?|banisters?|bannisters?|spindles)(?: \\S+){0,4} (?:loose|wobbl\\w*|moving|moves|rocking|snapped|gone|missing|come (?:off|away|loose)|came (?:off|away|loose)|coming (?:off|away|loose)|hanging off|unsafe|rotten|gave way|given way|giving way|broken|broke)',
        '(?:handrails?|hand rails?|stair rails?)(?: \\S+){0,4} (?:snapped|come (?:off|away)|came (?:off|away)|coming (?:off|away)|hanging off|gave way|given way|giving way)',
        '(?:loose|wobbly|wobbling|broken|rotten|snapped) (?:balcony )?(?:rails?|railings?|balustrades?|banisters?|bannisters?)',
      ),
    ),
  },
  {
    hazard: 'structural',
    says: 'mentions stairs, steps or a floor giving way',
    pattern: words(
      any(
        '(?:stairs|staircase|steps?|stair treads?|treads?|floor|floors|floorboards?|joists?|balcony)(?: \\S+){0,3} (?:has |have |is |are )?(?:given way|gave way|giving way|caved in|broken through|broke through|fallen through|fell through|snapped|split in half|collapsed|collapsing)',
        // A rotten floor is a routine repair until it gives way; rotten stairs or a rotten balcony are not.
        '(?:stairs|staircase|steps|stair treads?|balcony)(?: \\S+){0,3} (?:is |are )?(?:rotten|rotted|rotting)',
        '(?:foot|leg) (?:\\S+ )?(?:went|gone|goes|go|fell|has gone|broke) (?:straight )?through (?:\\S+ ){0,4}(?:steps?|stairs?|floor\\w*|treads?|boards?)',
        '(?:could|might|will|nearly|almost) (?:fall|fell|go|went) (?:straight )?through (?:the |it|them)',
      ),
    ),
  },
  {
    hazard: 'structural',
    says: 'mentions part of the building or a fixture falling or coming loose (Polish)',
    pattern: words(
      any(
        '(?:dachowk\\w*|cegl\\w*|cegiel|tynk\\w*|gzyms\\w*|rynn\\w*|kawal\\w* (?:\\S+ )?(?:tynku|sufitu|sciany|muru|betonu|dachu))(?: \\S+){0,3} (?:spadl\\w*|spada\\w*|odpadl\\w*|odpada\\w*|lecial\\w*|leci|leca|zsun\\w*|zsuwa\\w*|wisi|wisza|luzn\\w*|obluzowan\\w*|sypie sie)',
        '(?:spadl\\w*|spada\\w*|odpadl\\w*|odpada\\w*|sypie sie) (?:\\S+ ){0,3}(?:dachowk\\w*|cegl\\w*|tynk\\w*)|z dachu (?:\\S+ ){0,3}(?:spadl\\w*|spada\\w*|leci)',
        'sufit (?:\\S+ ){0,4}(?:wybrzusz\\w*|pek\\w*|zapada\\w*|spada|sypie|odpada|wisi|ugina)',
        '(?:szafk\\w*|szafa|szafe|polk\\w*|lustr\\w*|kaloryfer\\w*|grzejnik\\w*)(?: \\S+){0,3} (?:wisi na (?:jednej|jednym) (?:srub\\w*|kolk\\w*|wkret\\w*|gwozdz\\w*)|odpada od sciany|odpadl\\w* od sciany|odrywa\\w* sie|oderwal\\w*|urwal\\w*|zaraz spadnie|spada ze sciany|spadl\\w* ze sciany)',
        '(?:balustrad\\w*|barierk\\w*|porecz\\w*)(?: \\S+){0,3} (?:sie )?(?:rusza|chwieje|kiwa|luzn\\w*|obluzowal\\w*|odpada|odpadl\\w*|urwal\\w*|zlamal\\w*|pekl\\w*)',
        '(?:schod\\w*|stopien\\w*|stopn\\w*|podlog\\w*)(?: \\S+){0,3} (?:sie )?(?:zapadl\\w*|zapada\\w*|zarwal\\w*|polaman\\w*|zlamal\\w*|sprochnial\\w*|zgnil\\w*)',
        '(?:szkl\\w*|szyb\\w*)(?: \\S+){0,3} (?:wisi|wisza|zaraz wypadnie|wypada|sterczy|stercza)',
      ),
    ),
  },
  {
    hazard: 'structural',
    says: 'mentions part of the building or a fixture falling or coming loose (Welsh)',
    pattern: words(
      any(
        '(?:teils\\w*|llechi|llechen|briciau|bricsen|cerrig|plastr|darnau|cafn\\w*)(?: \\S+){0,4} (?:wedi |yn )?(?:disgyn|cwympo|syrthio|dod i ffwrdd|dod yn rhydd|rhydd)',
        '(?:disgyn|cwympo|syrthio) oddi ar y to',
        '(?:cwpwrdd|cwpwrdd|cypyrddau|silff\\w*|cabinet|drych|rheiddiadur)(?: \\S+){0,5} (?:yn |wedi )?(?:hongian|dod|disgyn|cwympo|syrthio) (?:i ffwrdd )?(?:oddi ar|o) (?:y|r) (?:wal|nenfwd)',
        '(?:rheil\\w*|canllaw\\w*|balwstrad\\w*)(?: \\S+){0,4} (?:yn )?(?:rhydd|symud|siglo|wedi torri)',
        'gwydr (?:\\S+ ){0,4}(?:yn )?(?:hongian|rhydd)',
        '(?:grisiau|gris|stepen|llawr)(?: \\S+){0,3} (?:wedi |yn )?(?:pydru|rhoi|torri drwodd|ildio)',
      ),
    ),
  },
  {
    hazard: 'structural',
    says: 'mentions part of the building or a fixture falling or coming loose (Romanian)',
    pattern: words(
      any(
        '(?:tigl\\w*|olane?|caramiz\\w*|tencuial\\w*|bucati (?:de|din) (?:\\S+ )?(?:tavan|perete|zid|acoperis|tencuiala|beton)|moloz|jgheab\\w*|burlan\\w*|cornis\\w*)(?: \\S+){0,4} (?:a |au |s a |se )?(?:cazut|cad|cade|desprins\\w*|desprind\\w*|atarna|slabit\\w*|misca)',
        '(?:a |au )?(?:cazut|cad|cade) (?:\\S+ ){0,3}(?:tigl\\w*|caramiz\\w*|tencuial\\w*|bucati)|de pe acoperis',
        '(?:dulap\\w*|raft\\w*|corp\\w* suspendat\\w*|oglind\\w*|calorifer\\w*)(?: \\S+){0,4} (?:atarna|s a desprins|se desprinde|a cazut|cade|sta sa cada|se misca)(?: \\S+){0,2} (?:de pe |din |de |pe )?(?:perete|zid|tavan)',
        '(?:balustrad\\w*|balustri|mana curent\\w*|parapet\\w*)(?: \\S+){0,4} (?:se misca|se clatina|slabit\\w*|s a rupt|rupt\\w*|cazut\\w*|desprins\\w*|lipseste)',
        '(?:sticl\\w*|geam\\w*)(?: \\S+){0,4} (?:atarna|sta sa cada|cade|se misca)',
        '(?:trept\\w*|scar\\w*|podea\\w*|dusumea\\w*)(?: \\S+){0,3} (?:s a |se )?(?:rupt\\w*|prabus\\w*|surpat\\w*|putrezit\\w*|cedat|cedeaza)',
        'tavan\\w* (?:\\S+ ){0,4}(?:s a umflat|se umfla|crapat|fisurat|sta sa cada|cade)',
      ),
    ),
  },
  {
    hazard: 'structural',
    says: 'mentions part of the building or a fixture falling or coming loose (Somali)',
    gate: /saqaf|jajab|leben|dhagax|deyr|darbi|jaranjar|balakoon|sibidh|dhac|dumay/,
    pattern: words(
      '(?:saqaf\\w*|jajab\\w*|leben\\w*|dhagax\\w*|deyr\\w*|darbi\\w*|jaranjar\\w*|balakoon\\w*|sibidh\\w*)(?: \\S+){0,5} (?:dhac\\w*|dumay\\w*|dumi\\w*|burbur\\w*|dabacsan)|(?:dhac\\w*|dumay\\w*) (?:\\S+ ){0,3}(?:saqaf\\w*|darbi\\w*)',
    ),
  },
  {
    hazard: 'structural',
    says: 'mentions part of the building or a fixture falling or coming loose (Arabic, Urdu, Punjabi, Bengali or Chinese)',
    pattern: chars(
      any(
        '(?:سقط|سقطت|يسقط|تسقط|تتساقط|يتساقط|وقع|وقعت).{0,20}(?:بلاط|قرميد|طوب|حجار|حجر|جص|زجاج|من السطح|من السقف)',
        '(?:بلاط|قرميد|طوب|حجارة|الجص|الخزانة|خزانة|الرف|الدرابزين|درابزين|الزجاج|زجاج).{0,20}(?:سقط|يسقط|تسقط|ستسقط|تتساقط|وقع|ينهار|مرتخ|متدلي|يتدلى|على وشك السقوط|مخلوع)',
        // A cabinet or shelf "hanging" (معلقة, which also names a wall cabinet) that is broken.
        '(?:خزانة|الخزانة|رف|الرف).{0,25}(?:معلق|متدل).{0,30}(?:مكسور|محطم)',
        '(?:ٹائل|اینٹ|اینٹیں|پلستر|ریلنگ|جنگلا|شیشہ|الماری).{0,20}(?:گر (?:گئی|گیا|گئے|رہی|رہا|رہے|کر)|گری|گرا|گرے|ڈھیلی|ڈھیلا|لٹک)',
        '(?:ਟਾਇਲ|ਇੱਟ|ਪਲਸਤਰ|ਰੇਲਿੰਗ|ਜੰਗਲਾ|ਸ਼ੀਸ਼ਾ|ਅਲਮਾਰੀ).{0,20}(?:ਡਿੱਗ|ਢਿੱਲੀ|ਢਿੱਲਾ|ਲਟਕ)',
        '(?:টালি|ইট|প্লাস্টার|রেলিং|কাচ|আলমারি|সিলিং).{0,20}(?:পড়ে|পড়ছে|খসে|আলগা|নড়ছে|ঝুলছে|ধসে)',
        '(?:瓦片|瓦|砖头|砖块|墙皮|灰泥|天花板|吊顶|外墙|柜子|吊柜|架子|搁板|栏杆|扶手|玻璃).{0,8}(?:掉下|掉了|要掉|快掉|脱落|坠落|塌|松动|松了|晃|悬着|挂着)|(?:楼梯|台阶).{0,6}(?:塌|断了|踩空|烂了)',
      ),
    ),
  },
  // ---------------- flooding / water through the ceiling ----------------
  {
    hazard: 'flooding',
    says: 'mentions flooding or water through the ceiling',
    gate: /ceil|cieling|pipe|water|leak|drip|pour|coming|going|stop|flood|overflow|tap|under water/,
    pattern: words(
      any(
        `(?:${WATER_EN}|coming|running)(?: \\S+){0,5} (?:through|from|out of|down|into) (?:\\S+ ){0,2}(?:${CEILING_EN})`,
        `(?:${CEILING_EN})(?: \\S+){0,3} (?:leaking|dripping|pouring|soaked|wet|bulging|sagging|bowing)`,
        'burst (?:water )?pipe|pipe (?:has |is |\\S+ )?(?:burst|bust|split)|under water|water everywhere',
        '(?:leak\\w*|drip\\w*|water|coming|pouring|going)(?: \\S+){0,2} (?:through|down) (?:to |into )?(?:the |our |my )?(?:kitchen|living room|lounge|hall|hallway|room below|flat below|flat downstairs|downstairs|bedroom below)',
        'water (?:\\S+ ){0,2}(?:pouring|gushing|cascading|pissing|flooding|streaming) (?:\\S+ )?(?:out|in|everywhere|down|through|from|into)|water (?:\\S+ ){0,2}running (?:down|everywhere|through|into)',
        '(?:cant|cannot|unable to) (?:turn|switch|shut) (?:the )?water off|(?:stop ?cock|stop ?tap|stoptap) (?:wont|will not|doesnt|isnt|is stuck|not)|cant find the stop ?(?:cock|tap)',
        'bath (?:has )?overflowed|flooded|flooding|floods|tap (?:wont|will not|doesnt|cant be) (?:turn|switch)\\w* off|cant (?:stop|turn off) the (?:water|leak|tap)',
        'water (?:\\S+ )?(?:wont|will not|doesnt|does not|cant|cannot|is not|isnt) stop\\w*|(?:cant|cannot|unable to) stop (?:the )?water|tap (?:has )?(?:come|came) (?:off|away) (?:in|from)',
      ),
    ),
  },
  {
    hazard: 'flooding',
    says: 'mentions water coming from a ceiling',
    gate: /ceil|cieling/,
    pattern: words(near(CEILING_EN, 'water|leak\\w*|drip\\w*|pour\\w*|soak\\w*|gush\\w*', 8)),
    unless: words(
      'no (?:sign of (?:a |any )?)?(?:leaks?|water|drips?)|not (?:leaking|dripping|wet)|stains?|stained|marks?',
    ),
  },
  {
    hazard: 'flooding',
    says: 'mentions flooding or water through the ceiling (Polish, Welsh or Romanian)',
    pattern: words(
      any(
        'pekl\\w* rur\\w*|rura pekla|zalew\\w*|zalal\\w*|zalani\\w*|powodz\\w*|z sufitu|sufit przecieka|woda wszedzie',
        'pibell wedi (?:byrstio|torri|hollti)|dan ddwr|llifogydd|(?:drwy|drwyr|o|or) nenfwd|gorlif\\w*',
        'spart\\w* (?:o )?teav\\w*|teav\\w* spart\\w*|inund\\w*|(?:din|prin) tavan',
      ),
    ),
  },
  {
    hazard: 'flooding',
    says: 'mentions flooding (Urdu, Arabic, Bengali, Somali or Chinese)',
    pattern: chars(
      any(
        'فيضان|غرق|من السقف|انفجار (?:ال)?أنبوب',
        'چھت سے پانی|سیلاب|پائپ پھٹ',
        'বন্যা|ছাদ থেকে পানি|ছাদ থেকে জল|পাইপ ফেটে',
        '天花板漏水|天花板.{0,4}水|水管爆|爆管|淹水|水淹',
      ),
    ),
  },
  { hazard: 'flooding', says: 'mentions flooding (Somali: "daad")', pattern: words('daad') },
  // ---------------- trapped ----------------
  {
    hazard: 'trapped',
    says: 'someone is stuck in a lift',
    gate: /stuck|trapped/,
    pattern: words('(?:stuck|trapped) (?:\\S+ ){0,4}(?:lift|elevator)|lift(?: \\S+){0,6} (?:stuck|trapped)'),
  },
  {
    hazard: 'trapped',
    says: 'a wheelchair user or disabled person cannot get out',
    pattern: words(
      any(
        '(?:stuck|trapped)(?! (?:on hold|with|in (?:a )?queue|at work|on the phone))|cant get (?:out|down|outside)|cannot get (?:out|down)|unable to get (?:out|down)|cant leave',
        'lift (?:\\S+ ){0,3}(?:broken|broke|not working|out of order|down|stopped|isnt working)',
      ),
    ),
    needs: words(
      'wheelchair|mobility scooter|cant walk|disabled|zimmer|walking frame|crutches|wozk\\w*|cadair olwyn|scaun cu rotile|carucior',
    ),
  },
  {
    hazard: 'trapped',
    says: 'someone is trapped (Polish, Welsh or Romanian)',
    pattern: words(
      any(
        'utknal\\w*|utknel\\w*|uwiezion\\w*|zablokowan\\w* w windzie|zamknie\\w* w windzie|nie moze wyjsc',
        'yn sownd|yn gaeth|methu (?:mynd|dod) allan',
        'blocat\\w*|captiv\\w*|prins\\w* in lift|nu (?:poate|pot|putem) (?:sa )?(?:ies|iasa|iesim|cobor\\w*)',
      ),
    ),
  },
  { hazard: 'trapped', says: 'someone is trapped (Arabic or Chinese)', pattern: chars('عالق|محاصر|困在电梯|被困') },
  // ---------------- sewage ----------------
  {
    hazard: 'sewage',
    says: 'mentions sewage or an overflowing toilet',
    pattern: words(
      any(
        'sewage|sewer\\w*|raw waste|poo|poop|faeces|feces|excrement|human waste',
        '(?:toilet|loo|wc)(?: \\S+){0,5} (?:overflow\\w*|backing up|backed up|coming up|bubbling up)',
        '(?:drains?|manhole)(?: \\S+){0,4} (?:backed up|backing up|overflow\\w*|flooding|coming up)',
      ),
    ),
    unless: words('dog\\w*|cat|cats|fox\\w*|pigeon\\w*|bird\\w*'),
  },
  {
    hazard: 'sewage',
    says: 'the only toilet is blocked',
    gate: /toilet|loo|wc/,
    pattern: words(
      '(?:toilet|loo|wc)(?: \\S+){0,5} (?:blocked|clogged|wont flush|not flushing)|blocked (?:toilet|loo|wc)',
    ),
    needs: ONLY_TOILET,
  },
  {
    hazard: 'sewage',
    says: 'mentions sewage (Polish, Welsh or Romanian)',
    gate: /sciek|szambo|kanalizacj|fekali|carthion|carthffos|toiled|canalizar|ape uzate|fecale|dejectii/,
    pattern: words(
      any(
        'scieki|sciekow|sciekami|szambo|kanalizacj\\w* (?:\\S+ ){0,2}(?:wybija|cofa|wylewa|zapchan\\w*)|wybija (?:\\S+ ){0,2}kanalizacj\\w*|fekali\\w*',
        'carthion|carthffos\\w*|toiled (?:\\S+ ){0,3}gorlif\\w*',
        'canalizar\\w* (?:\\S+ ){0,3}(?:da pe afara|refuleaza|s a infundat|infundat\\w*|curge)|ape uzate|fecale|dejectii',
      ),
    ),
  },
  {
    hazard: 'sewage',
    says: 'the only toilet is blocked (Polish, Welsh or Romanian)',
    gate: /zapchan|zatkan|toalet|ubikacj|sedes|toiled|wc/,
    pattern: words(
      '(?:zapchan\\w*|zatkan\\w*) (?:toalet\\w*|ubikacj\\w*|sedes\\w*)|(?:toalet\\w*|ubikacj\\w*) (?:\\S+ )?(?:zapchan\\w*|zatkan\\w*)|toiled (?:\\S+ ){0,2}(?:wedi blocio|blocio|wedii flocio|wedi cau)|(?:toalet\\w*|wc) (?:\\S+ ){0,2}infundat\\w*',
    ),
    needs: ONLY_TOILET,
  },
  {
    hazard: 'sewage',
    says: 'mentions sewage (Arabic, Urdu, Bengali or Chinese)',
    pattern: chars('مجاري|الصرف الصحي|صرف صحي|گٹر|سیوریج|নর্দমা|污水|粪水|下水道'),
  },
  // ---------------- no power ----------------
  {
    hazard: 'no_power',
    says: 'has no electricity',
    pattern: words(
      any(
        '(?:no|without|lost (?:all )?(?:the |our |my )?|zero|not got any|havent got any) (?:power|electric|electricity|electrics|supply|lights?(?! (?:on|in|at) the (?:stairs|stairwell|landing|corridor|car park|communal|street|path|close|garden)))',
        'nothing (?:will |would |is )?(?:come|comes|coming|go|goes|going) (?:back )?on|(?:everything|all) (?:has )?(?:gone )?(?:off|dead)|(?:fridge|freezer) (?:and \\S+ )?(?:\\S+ )?(?:off|dead|not working) (?:and|,) (?:no |the )?(?:lights|power)',
        '(?:power|electric|electricity|electrics) (?:has |have |is |are )?(?:all )?(?:gone|gone off|off|out|cut off|died|tripped)(?! (?:on|for|peak))',
        'power cut|power outage|blackout|lights (?:have |has )?(?:all )?(?:gone|went) (?:out|off)|(?:power|electric|electricity)s (?:gone|off|out)',
        '(?:trip switch|fuse ?box|rcd|breaker|fuses?)\\w*(?: \\S+){0,3} (?:wont|will not|doesnt|keeps?) (?:stay|go|reset|going|tripping)(?: up| on)?',
      ),
    ),
  },
  {
    hazard: 'no_power',
    says: 'has no electricity (Polish, Welsh or Romanian)',
    gate: /pradu|elektrycznosci|swiatla|korki|prad|swiatlo|trydan|pwer|golau|drydan|curent|electricitate|lumina|siguranta/,
    pattern: words(
      any(
        '(?:brak|nie ma|nie mamy|nie mam|bez) (?:\\S+ )?(?:pradu|elektrycznosci|swiatla)|wywal\\w* korki|korki (?:\\S+ )?wywal\\w*|(?:prad|swiatlo) (?:\\S+ )?(?:nie dziala|wysiadl\\w*|zgasl\\w*|wylaczyl\\w*)',
        'dim (?:\\S+ )?(?:trydan|pwer|golau)|heb (?:\\S+ )?drydan|trydan wedi (?:mynd|diffodd)',
        '(?:nu (?:am|avem|e|este|mai avem|mai am)|fara) (?:\\S+ )?(?:curent|electricitate|lumina)|sare (?:\\S+ )?siguranta|siguranta (?:\\S+ )?sare|s a luat curentul|a cazut curentul|pana de curent',
      ),
    ),
  },
  {
    hazard: 'no_power',
    says: 'has no electricity (Urdu, Arabic, Bengali, Somali or Chinese)',
    pattern: chars(
      any(
        'لا (?:يوجد|توجد) كهرباء|انقطاع الكهرباء|انقطعت الكهرباء|ما في كهرباء|بدون كهرباء',
        'بجلی نہیں|بجلی چلی گئی',
        'বিদ্যুৎ নেই|কারেন্ট নেই',
        '停电|没有电|没电|断电',
      ),
    ),
  },
  {
    hazard: 'no_power',
    says: 'has no electricity (Somali)',
    pattern: words('koronto\\w*(?: \\S+){0,2} (?:ma jirto|la ?a?aan|go\\w*)'),
  },
  // ---------------- insecure door after a break-in ----------------
  {
    hazard: 'insecure_door',
    says: 'home cannot be secured after a break-in',
    pattern: BREAK_IN,
    needs: INSECURE,
    unless: words('shed|garage|bin store|bike store|outbuilding|car|van|storage cage'),
  },
  {
    hazard: 'insecure_door',
    says: 'front or back door cannot be secured',
    gate: /door|lock|secure|wide open/,
    pattern: words(
      any(
        '(?:front|back|main|flat|patio|my|our) door(?: \\S+){0,4} (?:wont|will not|doesnt|does not|cant|cannot|can not|isnt|not) (?:lock|shut|close|secure|be locked)\\w*',
        '(?:cant|cannot|unable to) (?:lock|secure) (?:my |the |our )?(?:front |back |main )?(?:door|house|flat|property|home)',
        '(?:front|back|main|patio) door (?:is )?(?:wide open|hanging off|smashed|kicked in|off (?:its|the) hinges)',
        '(?:house|flat|home|property) (?:is )?(?:not secure|isnt secure|insecure|wide open)',
      ),
    ),
  },
  // ---------------- no heat or hot water for a vulnerable person ----------------
  {
    hazard: 'no_heat_vulnerable',
    says: 'no heating or hot water with a vulnerable person at home',
    pattern: words(
      any(
        'no (?:working )?(?:heat|heating|hot water|central heating|warm water|gas)|(?:without|lost) (?:any )?(?:heat|heating|hot water)',
        '(?:heating|boiler|hot water|radiators?)(?: \\S+){0,3} (?:not working|isnt working|stopped|packed up|packed in|given up|conked out|kaput|broken|broke|bust|died|dead|gone off|gone|went off|failed|wont (?:come on|work|fire|turn on|light)|not (?:come on|firing)|has not worked|hasnt worked|doesnt work|not worked|off|cut out|broken down|broke down|cold)',
        'cold water only|only cold water|freezing (?:cold )?(?:in )?(?:the )?(?:house|flat|home)|(?:its|it is|so|really|very) (?:so |really |very |bitterly )?(?:cold|freezing)(?! (?:outside|out there|weather))|is freezing|(?:house|flat|home) is (?:freezing|so cold|really cold|\\d+ degrees)|cant (?:get|keep) warm',
      ),
    ),
    needs: VULNERABLE,
  },
  {
    hazard: 'no_heat_vulnerable',
    says: 'no heating or hot water with a vulnerable person at home (Urdu or Punjabi in Latin letters)',
    gate: /heating|boiler|garam|garm|hot water/,
    pattern: words(
      '(?:heating|boiler|garam pani|garm pani|garam paani|garm paani|hot water)(?: \\S+){0,3} (?:nahi|nahin|nai|band|kharab|khraab|kharaab|kharaap)|(?:nahi|nahin) (?:hai )?(?:heating|garam pani|garm pani)',
    ),
    needs: VULNERABLE,
  },
  {
    hazard: 'no_heat_vulnerable',
    says: 'no heating or hot water with a vulnerable person at home (Polish, Welsh or Romanian)',
    gate: /ogrzewani|ciepl|grzani|piec|kaloryfer|bojler|zimn|zimno|gwres|dwr poeth|wres|boeler|caldura|apa calda|incalzire|centrala|calorifer/,
    pattern: words(
      any(
        '(?:brak|nie ma|nie mamy|nie mam|bez) (?:\\S+ ){0,2}(?:ogrzewani\\w*|cieplej wody|ciepla woda|ciepl\\w*|grzani\\w*)|(?:piec|ogrzewanie|kaloryfery|bojler) (?:\\S+ ){0,2}(?:nie dziala\\w*|zepsul\\w*|pokazuje blad)|kaloryfer\\w* (?:\\S+ )?zimn\\w*|zimno w (?:domu|mieszkaniu)',
        'dim (?:\\S+ )?(?:gwres|dwr poeth)|heb (?:wres|ddwr poeth)|boeler (?:\\S+ ){0,2}wedi torri|(?:gwres|boeler) (?:\\S+ )?ddim yn gweithio',
        '(?:nu (?:avem|am|are|au|e|este|mai avem|mai are|mai au)|fara) (?:\\S+ ){0,2}(?:caldura|apa calda|incalzire\\w*)|centrala (?:\\S+ ){0,3}(?:s a stricat|nu merge|nu functioneaza|defect\\w*|stricat\\w*)|calorifer\\w* (?:\\S+ ){0,2}rec[ie]|(?:caldura|incalzirea|centrala) (?:\\S+ )?nu (?:merge|porneste|functioneaza)',
      ),
    ),
    needs: VULNERABLE,
  },
  {
    hazard: 'no_heat_vulnerable',
    says: 'no heating or hot water with a vulnerable person at home (Arabic, Urdu, Punjabi, Bengali or Chinese)',
    pattern: chars(
      any(
        'لا (?:يوجد|توجد) (?:تدفئة|ماء ساخن)|بدون تدفئة|التدفئة لا تعمل|(?:التدفئة|تدفئة|السخان|الغلاية|المرجل).{0,10}(?:معطل|لا تعمل|لا يعمل|مكسور|عطلان)',
        'ہیٹنگ.{0,12}(?:نہیں|بند|خراب)|بوائلر.{0,12}(?:خراب|بند)|گرم پانی.{0,8}(?:نہیں|بند)',
        '没有暖气|没有热水|没热水|暖气.{0,4}(?:坏|不热|不工作|不能用|停了)|锅炉.{0,3}坏|热水器坏',
        'ਹੀਟਿੰਗ.{0,12}(?:ਨਹੀਂ|ਬੰਦ|ਖ਼ਰਾਬ|ਖਰਾਬ)|ਬਾਇਲਰ.{0,12}(?:ਖ਼ਰਾਬ|ਖਰਾਬ|ਬੰਦ)|ਗਰਮ ਪਾਣੀ ਨਹੀਂ',
        'হিটিং.{0,12}(?:নেই|কাজ করছে না|চলছে না|বন্ধ|নষ্ট)|বয়লার.{0,12}(?:নষ্ট|বন্ধ|কাজ করছে না)|গরম (?:পানি|জল) নেই|হিটার.{0,10}(?:নেই|কাজ করছে না|নষ্ট)',
      ),
    ),
    needs: VULNERABLE,
  },
  {
    hazard: 'no_heat_vulnerable',
    says: 'no heating or hot water with a vulnerable person at home (Somali)',
    pattern: words(
      'kuleyl\\w* (?:\\S+ )?(?:ma jiro|ma jirto|ma shaqeynayo|ma shaqaynayo|ma leh|ma lihin|ma haysanno)|biyo kulul (?:\\S+ )?(?:ma jiraan|ma jiro|ma haysanno|ma lihin)|(?:kululeeye|kuleyliye|heater)\\w* (?:\\S+ )?ma shaqeyn\\w*',
    ),
    needs: VULNERABLE,
  },
];

/** Most serious first: decides which hazard's safety advice is given. */
export const hazardPriority: readonly Hazard[] = [
  'gas',
  'carbon_monoxide',
  'fire',
  'person_at_risk',
  'trapped',
  'water_electrics',
  'sparks_burning',
  'exposed_electrics',
  'structural',
  'flooding',
  'sewage',
  'no_heat_vulnerable',
  'no_power',
  'insecure_door',
];

/**
 * A negation just before a match ("no gas smell now", "nie czuć gazu", "nu mai miroase").
 * Only these short words count, and only within two words of the match.
 */
export const NEGATOR =
  /(?:^|\s)(?:(?:no|not|never|nothing|without|cant|cannot|dont|doesnt|isnt|arent|wasnt|no longer|nie|nu|ddim|dim|nici)\s(?:\S+\s)?|(?:dont|do not) think (?:\S+\s){0,2})$/u;

/** The problem has been dealt with ("the engineer came and capped it", "power is back on"). */
export const RESOLVED = words(
  any(
    '(?:has|have|had|was|were|is|got|been|its|it is) (?:now |all |just )?(?:been )?(?:fixed|sorted|resolved|repaired|made safe|capped|isolated)',
    '(?:smell|leak|leaking|dripping|alarm|sparking) (?:has|have|is|was) (?:now )?(?:stopped|gone)(?! (?:working|off|out))',
    '(?:now|all) (?:fixed|sorted|ok|okay|fine|safe|good)|(?:is|its|are|came|now|has come|went|all|been put|got it) back on|(?:its|it is|all|everythings?|everything is|power is|electric is) (?:all |now )?back(?: on| now| to normal)?(?! (?:door|garden|bedroom|room|wall|gate|of))|came (?:out )?and (?:fixed|sorted|capped|made|isolated)|capped (?:it|the)',
    'engineer (?:came|has been|attended|fixed|sorted)|no longer|went away|cleared up|was a power cut',
    'naprawion\\w*|juz (?:nie|jest ok|dziala)|usunieto',
    'wedi (?:ei |eu )?(?:drwsio|trwsio)|dim mwy',
    'rezolvat\\w*|reparat\\w*|s a rezolvat',
  ),
);

/** A mention told in the past ("there was a smell earlier", "I smelt gas last week"). */
export const PAST = words('was|were|had|smelt|earlier|yesterday|last (?:night|week|month)|this morning|before');

/** Words that keep a hazard live despite a resolution cue ("still smell gas even after..."). */
export const STILL = words('still|again|keeps?|even after|nadal|wciaz|znowu|ciagle|inca|iar|din nou|eto|dal i|dal yn');

/**
 * A question about a hazard that has not happened ("what do I do if my CO alarm goes off?",
 * "who do I ring if I smell gas?") is an enquiry, not an emergency (issue 11). A sentence is
 * such a question when it has a conditional (CONDITIONAL), asks what to do or whom to call
 * (ASKING), the hazard is not already told before the conditional, and nothing in the whole
 * message says it is happening (HAPPENING). Anything live keeps it an emergency: a wrong
 * "question" costs a call back, a wrong "report" could cost a life.
 */
export const CONDITIONAL = new RegExp(
  `${words('if|in case(?: of)?|in the event(?: of| that)?|supposing|jesli|jezeli|gdyby|w razie|na wypadek|os|pe bai|rhag ofn|daca|in caz(?: de| ca)?|in cazul in care|haddii').source}|(?:^| )(?:إذا|اذا|لو|في حال|في حالة|اگر|ਜੇ|ਜੇਕਰ|যদি)(?= |$)|如果|万一|要是|假如`,
  'u',
);

export const ASKING = new RegExp(
  `${
    words(
      any(
        'what|whats|who|whos|how|hows|where|which|should|shall|advice|advise|wondering|ask|asked|asking|question|procedure|meant to|supposed to|tell (?:me|us)|(?:do|can|could|would|will|are|am|is|must) (?:i|we|you|they|there|it)',
        'co (?:zrobic|robic|mam|mamy|nalezy|trzeba)|czy|jak|kto|gdzie|do kogo|kogo',
        'beth|pwy|sut|ble|pryd|ddylwn|dylwn|ddylen|allwch|oes',
        'ce|cine|cum|unde|pe cine|trebuie',
        'maxaan|maxay|sidee|yaan',
      ),
    ).source
  }|ماذا|كيف|(?:^| )(?:من|هل)(?= )|ما الذي|کیا|کیسے|کس|کسے|ਕੀ|ਕਿਵੇਂ|ਕਿਸ|কী|কি |কীভাবে|কাকে|怎么|该|吗|什么|谁`,
  'u',
);

export const HAPPENING = new RegExp(
  `${
    words(
      any(
        'now|right now|at the moment|currently|still|already|just now|keeps?|kept|this (?:morning|evening|afternoon)|tonight|today|for (?:the (?:last|past) )?(?:\\d+|an?|few|couple of) (?:minutes?|mins|hours?|hrs)|every time|whenever|each time',
        '(?:is|are|its|im|were|was|theyre|thats|theres) (?:\\S+ )?(?!(?:ceiling|building|anything|something|nothing|everything|morning|evening|thing|heating|flooring|wiring|lighting|landing|railing|skirting|tiling|plumbing|ring|bring|during|ceilings|buildings)(?![a-z0-9]))[a-z]+ing',
        '(?:has|have|hes|shes|its|ive|weve|had) (?:just |now |already )?(?:been|gone|started|come|got|fallen|collapsed|burst|broken|stopped|packed)|went off|going off|gone off',
        '(?:i|we) (?:can|could) (?:smell|see|hear)|i think|worried|scared|frightened|panick\\w*|help|urgent|asap',
        '(?:if|when) (?:i|we) (?:turn|switch|put|use|open|run|light) (?:\\S+ ){0,4}(?:i|we|it|there)',
        'teraz|juz|nadal|wciaz|ciagle|wlasnie|od rana|od wczoraj|dzisiaj|dzis|piszczy|wyje|czuje|pomocy|pilne',
        'nawr|rwan|ar hyn o bryd|dal|heddiw|heno|bore ma|brys',
        'acum|deja|inca|iar|din nou|de azi|de dimineata|de ieri|ajutor|urgent',
        'hadda|weli|maanta|caawimaad',
      ),
    ).source
  }|الآن|الان|حاليا|ما زال|لا يزال|مازال|اليوم|ابھی|آج|ਹੁਣ|ਅੱਜ|এখন|আজ|现在|正在|已经|一直|还在|今天`,
  'u',
);

/** "again" says it happened before, unless the question says "ever" ("if it ever happens again"). */
export const AGAIN = words('again|znowu|eto|din nou|iar');
export const EVER = words('ever|kiedykolwiek|byth|vreodata');
