import { any, chars, near, words } from './regex.js';

/**
 * Wording that decides whether a message is a complaint and which kind (docs/rules/contacts.md#the-three-kinds,
 * seed 004). Patterns run on the whole normalise()d message.
 */

const MONTH =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec';
const DAY = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thurs?|fri|sat|sun';
const NUMBER_WORD = 'two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|a few|few|couple of';
/** Heating, hot water, water, power, cooking, a toilet, a bath or shower (corpus/README.md). */
const ESSENTIAL =
  '(?:hot water|heating|heat|central heating|water|power|electric\\w*|gas|cooker|oven|hob|kitchen sink|kitchen|sink|toilet|loo|bath|shower|boiler)';
/** A week or more, as people write it. */
const A_WEEK_OR_MORE =
  '(?:(?:a|one|1|over a|more than a|nearly a|almost a|whole|full|another) weeks?|(?:\\d+|two|three|four|five|six|seven|eight|couple of|few|several) weeks|weeks|(?:[7-9]|[1-9]\\d|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty) days|fortnight|(?:second|third|fourth|2nd|3rd|4th) week|(?:a|one|\\d+|two|three|several|few|couple of) months?|months|ages)(?! (?:old|olds|pregnant|early|late))';

/**
 * Phrases that take "complaint" out of play before the request is looked for: the customer
 * says it is not a complaint, or "complaint" means a report about a neighbour (an ASB
 * service request, not dissatisfaction with the landlord).
 */
export const NOT_A_COMPLAINT = new RegExp(
  words(
    any(
      '(?:not|dont|do not|didnt|no|never|isnt|without|nt|wont|aint)(?: (?:a|an|to|want|wanting|wish|trying|looking|meaning|mean|make|making|raise|raising|put|putting|in|log|formal|official|really|being|going|my|intention|of|here|this|is|as))* complain\\w*',
      'no complaints?',
      'complain\\w* (?:\\S+ ){0,2}(?:about|against|re|regarding) (?:my |the |our |a |next door|upstairs|downstairs)?(?:\\S+ )?(?:neighbours?|next door|upstairs|downstairs|people (?:in|at|next)|tenant (?:at|in|next)|family (?:at|in|next)|dog|dogs|noise|kids (?:next|upstairs|downstairs))',
      'skarg\\w* na (?:sasiad\\w*|halas\\w*)',
    ),
  ).source,
  'gu',
);

/**
 * Words without which NOT_A_COMPLAINT, EXPLICIT_REQUEST and PRIOR_COMPLAINT cannot match in a
 * plain ASCII message ("complain", "cmp 123", and the request words of Polish, Welsh,
 * Romanian, Urdu and Somali): a cheap test first, as most messages have none.
 */
export const COMPLAINT_WORD =
  /complain|cmp|skarg|reklamac|poskarz|zazal|cwyn|gwyno|plang|reclamat|shikay|cabasho|ashtako/;

/** An explicit request for a complaint: it must always be recorded as one (Code 1.3, seed 004). */
export const EXPLICIT_REQUEST = new RegExp(
  `${
    words(
      any(
        '(?:make|making|raise|raising|log|logging|lodge|lodging|file|filing|submit|submitting|put in|putting in|register|registering|open|opening|start|starting|record|recording)(?: \\S+)? (?:a |an |my |this |another |in a )?(?:formal |official |proper |stage (?:1|one) )?complaint',
        'formal complaint|official complaint|complaints? form|(?:through|via|under|using|start|begin|follow|use|invoke|put (?:this|it) through|deal with (?:this|it) through|raise (?:this|it) through|speak to|contact|email|put me through to) (?:your |the |a )?complaints? (?:procedure|process|department|team|officer|manager|route|line)',
        '(?:want|wish|would like|wanna|going|like|need|have|intend|decided|writing|write|am writing) to (?:make a |raise a |formally |officially |you to )?complain',
        'wanna complain|gonna complain|id like to complain|im complaining|i am complaining|i complain|how (?:do|can|would|should) i (?:make a |raise a )?complain\\w*|where (?:do|can|should) i (?:send|make|put|take) (?:a |my )?(?:formal )?complaint',
        '(?:this is|treat this|record this|log this|take this|count this|consider this|register this|logged|recorded|dealt with|put this)(?: \\S+){0,2} (?:as|through) (?:a |an |your )?(?:formal |official )?complaints?',
        '(?:i want|i need|i demand|i would like|id like|i wish) (?:a |this |my )?(?:formal |official )?(?:stage (?:1|one) )?complaint|my complaint is|^complaint|(?:a |my )complaint (?:against|regarding|re) ',
        'skarg\\w*|reklamacj\\w*|poskarz\\w*|zazal\\w*',
        'cwyn\\w*|gwyno|cwyno',
        'plangere\\w*|plangeri|reclamati\\w*|sa ma plang\\w*|ma plang\\w*',
        'shikayat|shikayet|cabasho|ashtako',
      ),
    ).source
  }|${chars('شکایت|شكوى|اشتكي|أشتكي|অভিযোগ|投诉').source}`,
  'u',
);

/** The matter was already dealt with as a complaint: first-time fix no longer applies (seed 004). */
export const PRIOR_COMPLAINT = words(
  any(
    '(?:already|previously|before) (?:\\S+ )?(?:complained|made a complaint|raised a complaint|logged a complaint|put in a complaint)',
    '(?:i|we|ive|weve|i have|we have|i had|i did|she has|he has|shes|hes) (?:already |previously |also |now )?(?:complained|made (?:a |my )?complaint|raised (?:a |my )?complaint|logged (?:a )?complaint|put in (?:a )?complaint|put a complaint in|submitted (?:a )?complaint|lodged (?:a )?complaint)',
    '(?:my|the|our|previous|last|earlier|existing|original|open|outstanding|first|same|ongoing|current|her|his|another|\\d+(?:st|nd|rd|th)|second|third|fourth|fifth) (?:formal |stage (?:1|one|2|two) )?complaint(?! is)',
    'complaint (?:ref|reference|number|no|id|was|has been|is still|still|from|in|of|made|i made|upheld)|cmp ?\\d+',
    'complained (?:before|twice|\\d+ times|three times|several times|many times|last|in|about this|about it|and|but)',
    '(?:second|third|fourth|fifth|\\d+(?:st|nd|rd|th)) (?:time|complaint)(?: \\S+){0,2} complain\\w*',
    '(?:after|since|following|despite) (?:my|the|our|a|her|his) (?:\\S+ )?complaint',
  ),
);

/** Outside bodies and legal steps: a sign the matter is serious (seed 004: MP/councillor enquiries). */
export const LEGAL_STEP = words(
  'ombudsman|solicitor\\w*|legal action|take (?:you|this|it|them) to court|court action|pre action protocol|disrepair claim|letter before (?:action|claim)|housing conditions claim',
);

/**
 * An MP, a councillor or their caseworker writing for a constituent (seed 004: issues raised
 * through an MP or councillor that meet the complaint definition go through the complaints
 * process). Not a customer saying they will go to their MP (OUTSIDE_BODY).
 */
export const ELECTED_REPRESENTATIVE = words(
  any(
    'constituents?|(?:i am|im|as|writing as) (?:a |the )?(?:local |ward |county |borough |town )?councillor|ward councillor|councillor for|caseworker|case worker (?:for|in|at|to) (?:the )?(?:mp|member)|(?:office|behalf) of (?:the )?(?:local )?(?:mp|member of parliament)|member of parliament for|on behalf of (?:the )?residents',
    'posel\\w*|poslank\\w*|radn\\w* (?:miasta|gminy|dzielnicy)|aelod seneddol|cynghorydd\\w*|etholwr\\w*|deputat\\w*|consilier\\w* (?:local|judetean)',
  ),
);

/** Cheap tests before LEGAL_STEP and ELECTED_REPRESENTATIVE on ASCII text: a word each of their matches has. */
export const LEGAL_WORD = /ombudsman|solicitor|legal|court|protocol|claim|letter before/;
export const ELECTED_WORD =
  /constituent|councillor|caseworker|case worker| mp|member of parliament|residents|posel|poslank|radn|aelod|cynghorydd|etholwr|deputat|consilier/;

/** Going over the landlord's head: serious when the customer is also unhappy. */
export const OUTSIDE_BODY = words(
  any(
    'environmental health|my mp|(?:going|go|write|writing|contact|contacting|complain|complaining) to (?:my |the )?(?:mp|councillor|council|press|papers|local news)|member of parliament|newspaper|local news|trading standards|regulator|watchdog',
  ),
);

// Who "staff" are: conduct words only count about them, never about a neighbour.
const STAFF =
  'your|staff|officer|operative|engineer|contractors?|caretaker|plumber|electrician|surveyor|manager|workm[ae]n|worker|call (?:handler|centre)|advis[oe]r|receptionist|gardener|cleaner|painter|joiner|fitter|on the phone|customer service\\w*|(?:man|woman|lady|guy|bloke|fella|person) (?:you sent|from (?:your|the))|housing (?:officer|association)|team';
const CONDUCT =
  'rude\\w*|aggressive\\w*|unprofessional|swore|swearing|sworn at|shouted at|shouting at|laughed|insult\\w*|disrespect\\w*|attitude|spoke to me like|talking to me like|talked to me like|shut up|put the phone down|hung up|smel\\w* (?:strongly )?of alcohol|lied|liars?|bull(?:y|ied|ying)|intimidat\\w*|patronis\\w*|condescend\\w*|dismissive|humiliat\\w*|treated me like|feet on my|took photos|without (?:asking|permission|warning|consent)|refused to (?:talk|speak|help)' +
  // "the way your officer spoke to me on the phone", "how she talked to my mum"
  '|the way (?:\\S+ ){0,3}(?:spoke|talked|speaks|talks|spoken|treated|treats) (?:to )?(?:me|us|my \\w+)|how (?:\\S+ ){0,3}(?:spoke|talked|speaks|talks) to (?:me|us|my \\w+)|(?:talked|spoke|talking|speaking) down to|tone of voice|(?:his|her|their) tone|short with me|belittl\\w*|made me feel (?:stupid|small|like)|mocked|mocking';

/** A sentence about the conduct of staff or contractors (seed 004: such complaints are formal). */
export const STAFF_CONDUCT = new RegExp(`^(?=.*${words(STAFF).source})(?=.*${words(CONDUCT).source})`, 'u');
/** The conduct words alone, to quote in the reason. */
export const CONDUCT_WORDS = words(CONDUCT);

/**
 * Rudeness by staff in the other nine languages: a conduct word and a staff word (or the phone)
 * in the same message. Shouting alone is left out: a neighbour shouts too.
 */
export const CONDUCT_OTHER = new RegExp(
  `${
    words(
      any(
        'niemil\\w*|niegrzeczn\\w*|nieuprzejm\\w*|chamsk\\w*|opryskliw\\w*|bezczeln\\w*|rozlaczyl\\w*|obrazil\\w*',
        'anghwrtais|digywilydd|sarhaus|haerllug',
        'nepoliticos\\w*|obraznic\\w*|nesimtit\\w*|mi a inchis|a inchis telefonul',
        'edeb darro|anshax xumo|aflagaad\\w*',
      ),
    ).source
  }|${chars('وقح|غير مهذب|بوقاحة|أغلق الخط|أغلقت الخط|بدتمیز|بد اخلاق|بداخلاق|فون بند کر|ਬਦਤਮੀਜ਼|ਰੁੱਖਾ|ਰੁੱਖੀ|ਫ਼ੋਨ ਕੱਟ|ਫੋਨ ਕੱਟ|অভদ্র|খারাপ ব্যবহার|দুর্ব্যবহার|ফোন কেটে|不礼貌|没礼貌|没有礼貌|态度很差|态度差|态度恶劣|态度不好|粗鲁|挂了我的电话|挂我电话').source}`,
  'u',
);
export const STAFF_OTHER = new RegExp(
  `${
    words(
      any(
        'z biura|pracowni\\w*|urzedni\\w*|konsultant\\w*|fachow\\w*|hydraulik\\w*|technik\\w*|obslug\\w*|infolini\\w*|przez telefon',
        'staff|swyddog\\w*|ar y ffon',
        'angajat\\w*|functionar\\w*|operator\\w*|personalul|la telefon',
        'shaqaal\\w*|sarkaal\\w*|taleefan\\w*',
      ),
    ).source
  }|${chars('موظف|عامل|الفني|على الهاتف|عملے|عملہ|ملازم|اہلکار|فون پر|ਸਟਾਫ਼|ਸਟਾਫ|ਕਰਮਚਾਰੀ|ਮੁਲਾਜ਼ਮ|ਫ਼ੋਨ|ਫੋਨ|কর্মী|কর্মচারী|স্টাফ|ফোনে|工作人员|员工|客服|职员|维修工|师傅|电话里|电话中').source}`,
  'u',
);

export interface Cue {
  /** Feature name the model sees, e.g. "dis_waiting". */
  id: string;
  /** True when the cue expresses dissatisfaction (the complaint offer must be made). */
  dissatisfaction: boolean;
  /** A cheap necessary condition tested first (see HazardRule.gate); only saves time. */
  gate?: RegExp;
  says: string;
  pattern: RegExp;
}

/** Phrases that take the heat out of a message ("not chasing", "no rush"). */
export const NEUTRALISER = new RegExp(
  words(
    'just want to (?:understand|know|check)|not chasing|only just (?:got round to |getting round to )?report\\w*|just noticed|(?:havent|have not|didnt|did not|never) (?:\\S+ )?report\\w* (?:it |this )?(?:before|yet|until now|sooner|earlier)|first time (?:ive|i have|im|i am|weve|we have) (?:report\\w*|contacted|been in touch)|will be without|going to be without|will have no|not complaining|no complaints?|not a complaint|(?:dont|do not) want to (?:make a )?complain\\w*|not urgent|no rush|no hurry|when you can|when (?:its )?convenient|just wondering|just (?:a )?quick question|just to let you know|just letting you know|just checking',
  ).source,
  'gu',
);

export const cues: readonly Cue[] = [
  {
    id: 'dis_emotion',
    dissatisfaction: true,
    says: 'dissatisfaction',
    pattern: words(
      any(
        'fed up|sick (?:and tired )?of|disgust\\w*|disgrace\\w*|appall\\w*|shocking|shambles|shambolic|useless|rubbish service|pathetic|ridiculous|unacceptable|not acceptable|(?:isnt|is not) acceptable|not good enough|let down|waste of (?:time|space|money)',
        '(?:a|absolute|total|complete|bloody|f\\w*) joke|beyond a joke|angry|furious|livid|fuming|frustrat\\w*|disappoint\\w*|unhappy|not happy|dissatisf\\w*|upset|annoyed|terrible|awful|worst|shame\\w*|ashamed|outrage\\w*|incompeten\\w*',
        '(?:nobody|no one|noone) (?:\\S+ )?cares|(?:dont|doesnt) (?:even )?care|fobbed off|ignored|ignoring|end of my tether|enough is enough|had enough|wits end|cowboy\\w*|bodge\\w*|botch\\w*|poor (?:service|job|workmanship|standard|communication|quality)',
        'how (?:is|can) (?:it|this|that) (?:be )?acceptable|how can (?:that|this|you)|how could you|not great|unimpressed|not impressed|complete mess|nightmare|whats the point|doing my head in|cant cope|moan\\w*|gutted|shocked|insulted|treated like|sort it out|not on|thanks for nothing|not amused|really annoying|annoying',
        'skandal\\w*|nie do przyjecia|zenujac\\w*|nie jestem zadowolon\\w*|niezadowolon\\w*|nikt nic nie (?:zrobil|robi)|mam dosc',
        'siomedig|annerbyniol|anhapus|dim byd wedi newid',
        'inacceptabil\\w*|nemultumit\\w*|batjocur\\w*|bateti joc|bat joc|dezamagit\\w*|rusine|incompetent\\w*|nimeni nu face nimic',
      ),
    ),
  },
  {
    id: 'dis_waiting',
    dissatisfaction: true,
    says: 'dissatisfaction',
    pattern: words(
      any(
        'still (?:waiting|not|no|nothing|havent|hasnt|broken|leaking|dripping|off|down|out|got|having|chasing|sat|sitting|overgrown|in arrears|shows|says|needs)|still (?:isnt|hasnt|wont|doesnt|cant) (?:been |be )?(?:done|fixed|sorted|repaired|finished|right)|(?:still|again) (?:\\S+ ){0,3}after (?:the|your|he|she|they) (?:\\S+ )?(?:came|come|been|visit|repair|engineer|plumber|fixed|left)|nothing changes|czekam (?:na|od|juz)',
        '(?:been )?waiting (?:for|since|over|nearly|almost|\\d+|weeks|months|ages|in|all)|waited (?:in|all|\\d+|over|for)|chas(?:e|ed|ing)' +
          // Urdu and Punjabi in Latin letters: "koi nahi aaya" (nobody came), "koi jawab nahi" (no answer)
          '|koi (?:bhi )?(?:nahi|nahin|nai) (?:aaya|aya|aayi|aaye|aye|aiya)|koi jawab (?:nahi|nahin|nai)|kisi ne (?:\\S+ )?(?:nahi|nahin) (?:kiya|uthaya|diya)' +
          // "when are u coming to fix it… its been off since july": asked months on (either order).
          `|when (?:are|r|will|is|do) (?:you|u|ya|someone|somebody|anyone|any1|the \\S+|your \\S+) (?:\\S+ )?(?:coming|come|going|gonna|be)(?=.*\\b(?:since (?:${MONTH}|last (?:year|month|winter|summer|spring|autumn)|christmas|the summer)|(?:[2-9]|\\d{2}|two|three|four|five|six|several) months|for months)\\b)|(?:since (?:${MONTH}|last (?:year|month|winter|summer|spring|autumn)|christmas|the summer)|(?:[2-9]|\\d{2}|two|three|four|five|six|several) months|for months)\\b(?=.*\\bwhen (?:are|r|will|is|do) (?:you|u|ya|someone|somebody|anyone|any1|the \\S+|your \\S+) (?:\\S+ )?(?:coming|come|going|gonna|be)\\b)`,
        '(?:no one|nobody|noone|no body|nobodys|no ones) (?:has |had |have )?(?:come|came|been|called|rung|rang|replied|got back|contacted|turned up|bothered|done|did|listens|is listening|knows|will give|gave|told|collected|emptied|cleaned|fixed|repaired|cut)|(?:nobody|no one|noone) (?:is )?(?:answering|picking up) (?:the |my |your )?(?:phone|calls?|emails?|line|out of hours)',
        'no show|didnt (?:turn up|show|come|arrive|ring|call|bother|get back)|never (?:turned up|showed|came|arrived|rang|called|got back|heard|replied|responded|did)|not (?:turned up|shown up|been out|been done|been fixed|heard back)',
        '(?:not|never|hasnt|havent|didnt) (?:\\S+ )?returned (?:\\S+ ){0,3}(?:calls?|emails?|messages?)|(?:nobody|no one)(?: \\S+){0,4} (?:seems? to )?care|no (?:reply|replies|response|call ?back|update|updates|communication|apology|contact|explanation|confirmation|call|phone call|text|message|word)|no answer (?:from|on|when)|no answer(?<=(?:phone|line|you|office) (?:\\S+ )?no answer)|(?:its|it is) now \\d+ ?(?:pm|am|oclock)|said (?:\\S+ ){0,6}would be (?:here|there|done|round|back)|(?:not|havent|hasnt|never) (?:\\S+ )?(?:heard|had a (?:reply|response|call))|still no|never got back',
        'promised|(?:was|were|i was|we were|been) told|(?<!(?:are|am|is|were|was|do|did|would) (?:we|i|you|they|he|she|it|people) )(?:supposed|meant) to|should have|(?:missed|cancelled|moved|changed) (?:my |the |our |another |his |her )?appointment|rebooked|without (?:telling|notice|warning|letting)|on hold',
        'nothing (?:has been|happened|has happened|done|has changed)|nothing has|nothings (?:been done|happened|changed)|nothing (?:is )?(?:ever )?(?:gets? )?(?:being )?done|nothing(?= \\.|$)|(?:getting|its|got|even|now) worse|never (?:got|received|had) (?:a |any |the )?(?:confirmation|reply|text|letter|call|reference|email)|(?:not|never) (?:been )?(?:completed|finished)|(?:marked|says) (?:as )?(?:complete|completed|cancelled)',
        '(?:didnt|did not|never) (?:finish|fix|complete|do)|(?:wasnt|was not|isnt|is not|not) (?:fixed|done|finished|sorted|repaired|working) (?:properly|yet)|gone off again|broken (?:down )?again|nobody came|no one came',
        'nadal czekam|wciaz czekam|nikt nie (?:przyszedl|zadzwonil|oddzwonil|odpowiedzial|przyjechal|umowil|odpisal|naprawil)\\w*|nie mial\\w* (?:\\S+ )?(?:czesci|narzedzi)|obiecuje\\w*|obiecal\\w*',
        // so: "qofna ima soo wicin" (nobody called me back), "qofna ma iman" (nobody came)
        'qofna (?:ima|iima|ma|nama|noo|nooma) (?:soo )?(?:wicin|wacin|imaan|iman|jawaabin|hagaajin)|wali (?:waan )?sugayaa',
        'dal i aros|neb wedi dod|ddaeth neb|ddoth neb|dim ateb|dim galwad|doedd neb|wnaeth neb|neb wedi (?:\\S+ )?(?:dod|galw|ffonio|casglu|gwagio)',
        // Nobody calls back, nobody answers, cannot get through, passed around, heard nothing.
        '(?:nobody|no one|noone) (?:ever |even |actually |ever actually )?(?:call(?:ed|s)? (?:me |us )?back|calls?|rings? (?:me |us )?back|phones? (?:me |us )?back|gets? back|emails? (?:me |us )?back|replies|responds?|answers? (?:the |my |your )?(?:\\S+ )?(?:phone|calls?|emails?|messages?|line)|picks? up)',
        'no (?:call ?backs|callbacks|word)|heard nothing|not a word|nothing back|(?:cant|cannot|can not|couldnt|unable to) get (?:through|hold of (?:anyone|anybody|someone|you|a person|a human))(?: (?:on|to) (?:the |you|your|anyone|anybody|someone|a ))?|(?:just )?rings out|rang out|goes (?:straight )?to voicemail',
        '(?:keep|keeps|kept) (?:getting |being )?(?:passed|told|fobbed|transferred|put on hold|sent round)|passed (?:from one|between|around|back and forth)|(?:nobody|no one) (?:can|could|seems to be able to|is able to) (?:tell|explain|give)',
        'said (?:hed|shed|theyd|youd|he would|she would|they would|you would|someone would|somebody would|someone will|somebody will|he will|she will|they will) (?:\\S+ ){0,2}(?:ring|call|phone|come|be back|get back|email|text|sort|send|book|order)|that was (?:\\d+|two|three|four|five|six|a|an|over a) (?:days?|weeks?|months?) ago|that was (?:last|on) (?:week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)',
        'nikt (?:sie )?nie (?:oddzwania|dzwoni|odzywa|odpisuje|odpowiada|odbiera|przychodzi|przyjezdza|kontaktuje)\\w*|nikt (?:sie )?nie odezwal\\w*|nikt nic nie (?:mowi|wie|powiedzial)|zadnej (?:odpowiedzi|informacji|wiadomosci)|bez odpowiedzi|cisza|(?:nadal|dalej|wciaz|ciagle) (?:nic|nikt)|nie (?:moge|mozna) sie dodzwonic|mial\\w* (?:przyjsc|zadzwonic|przyjechac|oddzwonic)',
        'neb yn (?:ffonio\\w*|ateb|galw\\w*|dod|cysylltu|ymateb)|wedi ffonio (?:bob|sawl|droeon|eto)|dim gair|heb glywed|clywed dim',
        'nimeni nu (?:ne |ma |mi )?(?:suna|raspunde|cheama|contacteaza|spune)\\w*|nu (?:ne |ma |mi )?(?:suna|raspunde|cheama|contacteaza) nimeni|nu (?:m|ne) a (?:anuntat|sunat|contactat) nimeni|(?:tot|inca) (?:astept|asteptam|nimic)|astept(?:am)? de|ni(?:ci)? ?un raspuns|fara (?:niciun )?raspuns',
        '(?:qofna|cidna|cid) (?:\\S+ ){0,3}(?:ma soo wacin|ma wacin|ma soo jawaabin|ma imaan|ma iman)',
        'inca astept|nimeni nu a venit|nu a venit nimeni|n a venit nimeni|nu a sunat nimeni|nici nu a sunat|de fiecare data|am sunat de',
      ),
    ),
  },
  {
    // Living without an essential service for a week or more is the landlord's lack of action
    // (Code 1.3: the customer never has to say "complaint"; corpus/README.md).
    id: 'dis_without',
    dissatisfaction: true,
    gate: /week|days|fortnight|month|ages|tygod|dni|miesi|wythnos|(?:^| )mis |pythefnos|saptaman|luna|zile|toddobaad/,
    says: 'without an essential service for a week or more',
    pattern: words(
      any(
        `(?:no|without|with no|not had|havent had|had no|lost) (?:a |any )?(?:working |proper )?${ESSENTIAL}(?: \\S+){0,4} (?:for |since |over |in |going on )?(?:the (?:last|past) )?(?:${A_WEEK_OR_MORE})`,
        `(?:${A_WEEK_OR_MORE}|(?<!(?:last|next|this|per|each|every) )weeks?(?= (?:now )?(?:with no|without|of no|no)))(?: \\S+){0,3} (?:with no|without|no|of no|and no|without any|with out) (?:a |any )?(?:working |proper )?${ESSENTIAL}`,
        `${ESSENTIAL}(?: \\S+){0,3} (?:not working|isnt working|hasnt worked|has not worked|not worked|broken|off|out|down|stopped|gone|packed up|packed in|dead|out of order|not fixed|still broken)(?: \\S+){0,3} (?:for |since |over |in )?(?:the (?:last|past) )?(?:${A_WEEK_OR_MORE})`,
        near(
          '(?:od|przez) (?:tygodnia|\\S+ tygodni\\w*|(?:[7-9]|[1-9]\\d) dni|miesiac\\w*|\\S+ miesi\\w*)',
          'bez (?:\\S+ )?(?:cieplej wody|ogrzewania|pradu|wody|prysznica|kuchenki|toalety|gazu)|nie (?:ma|mamy|mam|dziala|dzialaja) (?:\\S+ )?(?:cieplej wody|ogrzewania|pradu|wody|prysznic\\w*|kuchenk\\w*|toalet\\w*|piec\\w*|bojler\\w*)|(?:prysznic|ogrzewanie|piec|kuchenka|toaleta|bojler)\\w* (?:\\S+ )?nie dziala',
          6,
        ),
        near(
          'wythnos|pythefnos|mis',
          '(?:heb|dim) (?:\\S+ )?(?:dwr poeth|dwr|gwres|gawod|cawod|trydan|toiled|popty)',
          6,
        ),
        near(
          'de (?:o|doua|trei|patru|\\d+) saptaman\\w*|de (?:o|\\d+) luna|de (?:[7-9]|[1-9]\\d) zile',
          '(?:fara|nu (?:avem|am|are|au|e|este|merge|functioneaza)) (?:\\S+ )?(?:apa calda|caldura|incalzire\\w*|curent|apa|dus\\w*|aragaz\\w*|toalet\\w*|centrala)',
          6,
        ),
        near(
          'toddobaad\\w*',
          '(?:biyo kulul|kuleyl\\w*|koronto\\w*|biyo) (?:\\S+ )?(?:ma jiraan|ma jiro|ma haysanno|ma lihin)',
          6,
        ),
      ),
    ),
  },
  {
    id: 'dis_mess',
    dissatisfaction: true,
    says: 'dissatisfaction',
    pattern: words(
      any(
        'left (?:all )?(?:the |a |my |his |their |loads of |big |broken |old )?(?:mess|rubbish|dust|debris|rubble|old|bits|clippings|paint|mud|scratch|hole|it|them|the job|without|glass|nails|screws|tools|waste|bags|cables?)',
        '(?:mess|dust|rubbish|rubble|paint|mud|muddy|debris|plaster|muck|footprints|boot ?prints)(?<!dog mess)(?: \\S+){0,3} (?:everywhere|all over)|trod mud|scratch\\w* (?:on|my)|damaged my|knocked (?:my|over)',
        // "…and didnt even say sorry"
        '(?:didnt|did not|never|not|without) (?:even )?(?:say(?:ing)? sorry|apologi[sz]\\w*)',
        'zostawil\\w* (?:\\S+ )?(?:gruz|balagan|smieci)|lasat (?:\\S+ )?moloz|moloz',
      ),
    ),
  },
  {
    // A failure of service told plainly, without angry words: "didn't have any ID",
    // "measured the wrong window", "the fob you sent doesn't work".
    id: 'dis_failure',
    dissatisfaction: true,
    says: 'dissatisfaction',
    pattern: words(
      any(
        // The look-behind sits after "late", so it only runs where "late" is found. The
        // customer's own apology for the hour ("sorry to msg so late", "sorry it's so late")
        // is not the landlord being late.
        'late(?<=(?:\\d+ (?:hours?|mins?|minutes)|very|really|so|over an hour|hours|an hour|half an hour|turned up|came|arrived|was|were|running|always|again|rocked up) late)(?<!sorr\\w* (?:(?:to|for) (?:msg|message|messaging|text|texting|txt|txting|write|writing|contact\\w*|bother\\w*|call\\w*|ring\\w*|email\\w*|disturb\\w*|chat\\w*|repl\\w*|answer\\w*|get(?:ting)? back|send\\w*)|(?:its|it is|it s))(?: \\S+){0,3} late)|late (?:again|for (?:the|my|our) appointment)|rocked up|turned up (?:at|with no|without)',
        '(?:didnt|did not|wouldnt|hasnt|havent|hadnt|never|wasnt|werent) (?:\\S+ ){0,2}(?:apologis\\w*|have (?:any |the )?(?:id|right|materials|parts?|badge)|put (?:\\S+ ){0,2}back|replace\\w*|tidy\\w*|clean\\w*|finish\\w*|fit\\w*|turn up|show up|arrive|collect\\w*|empt\\w*|cut|bother\\w*|reconnect\\w*|tell|inform\\w*|let (?:me|us) know|shut|close|lock|secure|connect|seal)',
        '(?:your|the) (?:\\S+ )?(?:gardener|operative|contractors?|engineer|plumber|workm[ae]n|painter|fitter|caretaker|cleaner|builder|roofer|electrician|joiner|man|men|team|scaffolders?|decorators?)(?: \\S+){0,6} (?:cracked|broke|damaged|scratched|smashed|knocked|ruined|stained|dented|chipped|flooded|lost|forgot)',
        '(?:your|their|the contractors?|the engineers?|the plumbers?) fault|fault of (?:your|the)|badly|poorly|not properly|half (?:done|finished)|sloppy|shoddy|dirty water|upside down|wrong way round|back to front|wonky|crooked|got (?:paint|plaster|mud|dust|oil|grease|cement) (?:on|all over)',
        '(?:after|since) (?:the|your|his|her|their) (?:\\S+ ){0,2}(?:visit|repair|work|came|fitted|was here|left)(?: \\S+){0,8} (?:doesnt|does not|isnt|wont|not|stopped|broken|leaking)|(?:gadawodd|gadael|wedi gadael)(?: \\S+){0,4} (?:llanast|lanast|sbwriel|baw)',
        'left (?:the |it |them )?(?:\\S+ ){0,3}(?:unpainted|unfinished|undone|half (?:done|finished)|not finished|without (?:a|the|any))|come back (?:to|and) (?:finish|complete|sort|fix|do)|(?:fixed|repaired|replaced|fitted|did)(?: \\S+){0,4} but (?:\\S+ ){0,3}(?:flooded|broke|damaged|cracked|scratched|ruined|left|forgot)',
        'nikt sie nie pojawil\\w*|nie pojawil\\w* sie|au lasat (?:\\S+ ){0,2}(?:gunoi\\w*|mizeri\\w*|moloz\\w*)',
        'payment (?:is |was )?missing|missing (?:payment|from my)|not (?:been )?(?:showing|shown|credited|applied)|(?:shows|says) (?:that )?(?:i am|im|i owe|i have) (?:in )?arrears',
        'wrong (?!with)\\S+|incorrect\\w*|(?:cancelled|moved|changed|did|done|fitted|sent|gave|put|charged)(?: \\S+){0,4} instead of|by mistake|which (?:one )?is (?:it|right|correct)|contradict\\w*|(?:more|less|different) (?:than|from) (?:what )?(?:the|your|you|i was)(?: \\S+){0,3} (?:said|says|told|quoted)|(?:moved|changed|cancelled|rearranged)(?: \\S+){0,4} without|cancelled (?:it|my|the|our)',
        '(?:havent|hasnt|have not|has not|not|werent|wasnt) (?:been )?(?:emptied|collected|cleaned|cut|picked up|removed|cleared|done|round|back)',
        '(?:loose|broken|leaking|dripping|cracked|wonky|off|faulty) already|already (?:loose|broken|leaking|dripping|cracked|come off|faulty)',
        'left (?:the |my |it |them |his |her )?(?:\\S+ ){0,3}(?:off|open|too high|behind|unfinished|half done|in the road|outside|on the latch)',
        '(?:you sent|you gave|gave us|sent me|sent us|you fitted|fitted|replaced|installed|new)(?: \\S+){0,9} (?:doesnt|does not|dont|wont|isnt|is not|not) (?:work|fit|open|close|lock)\\w*',
        '(?:you fitted|you put in|you installed|you replaced|(?:was|were|got) (?:fitted|replaced|installed|fixed|repaired))(?: \\S+){0,6} (?:keeps|is already|already|has stopped|stopped|broke|broken|leaks|leaking|dripping|faulty|came off|fell off)',
        'nie (?:\\S+ )?(?:skosil\\w*|przyszedl\\w*|przyszla|posprzatal\\w*|naprawil\\w*|zadzwonil\\w*|oddzwonil\\w*|odebral\\w*|wywiozl\\w*|oproznil\\w*|dokonczyl\\w*|zrobil\\w*|przyjechal\\w*)',
        'heb (?:ddod|ffonio|lanhau|dorri|orffen|drwsio|gasglu|wagio|alw)\\w*|ddim wedi (?:dod|ffonio|gorffen|glanhau|trwsio)|nie (?:zostaly|zostal\\w*) (?:\\S+ )?(?:wywiezion\\w*|oproznion\\w*|odebran\\w*|naprawion\\w*|posprzatan\\w*|skoszon\\w*)|paid(?: \\S+){0,5} but (?:\\S+ ){0,4}(?:says|shows|still|arrears)|nu (?:a|au) (?:mai )?(?:venit|sunat|terminat|curatat|reparat|taiat|strans|ridicat)',
        '(?:cracked|broken|damaged|scratched|dented|chipped|smashed) (?:\\S+ ){0,2}(?:where|when|because) (?:he|she|they|the|your)|charged (?:me )?twice|taken twice|double charged|paid twice|overcharg\\w*',
        '(?:website|portal|app|form|online|phone line|system|number)(?: \\S+){0,6} (?:crash\\w*|error\\w*|not working|doesnt work|broken|down|doesnt accept)|(?:website|portal|app|system)(?: \\S+){0,2} (?:wont|will not|doesnt|does not|isnt) (?:let|allow) (?:me|us)',
        'parked (?:across|over|on|in front of) (?:my|our|the)|blocking (?:my|our|the) (?:drive|door|path|window)|why (?:has|have|is|was|did|do|are)|(?:very |really |so )?inconvenien\\w*|for nothing',
        '(?:bins?|rubbish)(?: \\S+){0,5} (?:overflowing|not been emptied|not emptied|not collected|missed)',
      ),
    ),
  },
  {
    id: 'dis_sarcasm',
    dissatisfaction: true,
    says: 'sarcasm',
    pattern: words(
      any(
        'oh (?:great|brilliant|lovely|fantastic|wonderful|perfect|good)|(?:great|good|brilliant|fantastic|lovely) (?:job|work|service)(?: \\S+){0,2} (?:leaving|not|missing|ignoring|forgetting)',
        'well done(?: \\S+){0,3} (?:leaving|for nothing|not|missing)|(?:cheers|thanks) (?:lads|guys|for that)$|yeah right|great service not|thanks a lot for nothing',
      ),
    ),
  },
  {
    id: 'dis_repeat_many',
    dissatisfaction: true,
    says: 'repeated failure',
    pattern: words(
      any(
        '(?:third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th|nth) (?:(?:time|appointment|visit|engineer|contractor|text|email|call|letter)s?|(?:week|month|day)s? (?:running|in a row|on the trot))|(?:\\d+|two|three|four|five|six|[2-9]\\w*|second|third|fourth) (?:weeks?|days?|months?|times?) (?:running|in a row)|(?:\\d+|three|four|five|six|seven|eight|nine|ten|several|many|numerous|countless|multiple|so many|dozens of|umpteen) times|(?:loads|lots|loadsa|hundreds|thousands|millions|a million|a hundred|a thousand|god knows how many|too many) (?:of )?times',
        'how many (?:more )?times|time after time|(?:numerous|several|many|countless|multiple|(?:\\d+|three|four|five|six)) occasions|(?:thats|that is|makes it|making it) (?:[3-9]|three|four|five|six|seven)(?! (?:pm|am|oclock|weeks?|days?|months?|years?|pounds?))|over and over|repeatedly|(?:\\d+|three|four|five|six|several) (?:separate|different) (?:days|visits|appointments|engineers|contractors|people|officers|answers|excuses)|(?:[3-9]|three|four|five|six|several) (?:visits|appointments|engineers|contractors|housing officers|officers|answers|excuses|missed)',
        '(?:trzeci|czwarty|kolejny|dziesiec) raz\\w*|(?:trzy|cztery|piec|szesc|siedem|wiele|kilka|dziesiec|\\d+) razy|po raz (?:trzeci|czwarty|kolejny)|dziesiec razy|(?:trydydd|pedwerydd) tro|ddwywaith|de (?:patru|trei|cinci|zeci de|nenumarate|mai multe) ori|a (?:treia|patra|cincea) oara|saddexaad|marar badan|(?:saddex|afar|shan|lix|dhowr|dhawr|tobanaan) jeer',
        // Urdu and Punjabi in Latin letters: "teen baar phone kiya", "kai dafa"
        '(?:teen|char|chaar|paanch|panch|kai|bohat|bahut|[3-9]) (?:baar|dafa|dafe|vaari|wari)',
      ),
    ),
  },
  {
    id: 'dis_again',
    dissatisfaction: false,
    says: 'again',
    pattern: words(
      'again|another|yet again|once again|keeps? (?:happening|coming back|breaking|going off|cancelling|getting)|every (?:single )?time|back again|znowu|eto|din nou|iar',
    ),
  },
  {
    id: 'dur_long',
    dissatisfaction: false,
    says: 'long-running',
    pattern: words(
      any(
        `(?:\\d+|${NUMBER_WORD}) (?:months?|mths|years?|yrs)(?<!(?:is|aged|age|baby|son|daughter|just|only) \\S+ \\S+)(?! old)|(?:over|more than|nearly|almost|about|for|after) (?:a|one) (?:month|year)|a (?:whole|full) (?:month|year)|a year (?:ago|now|later|on)|half (?:a|the) year`,
        `(?:months|years) (?:of|now|ago|later|waiting|on end)|by (?:christmas|the summer|new year|easter)|(?:its|it is) (?:now )?(?:${MONTH})(?! \\d)|for (?:months|years|ages)|since (?:${MONTH}|last (?:year|winter|summer|spring|autumn|month)|the summer|christmas|\\d{4}|spring|summer|autumn|winter)|all (?:winter|summer|year)|last (?:winter|year)|in (?:${MONTH})(?! \\d)`,
        `(?:[4-9]|1\\d|four|five|six|seven|eight|nine|ten|eleven|twelve|several) weeks?(?! old)`,
        'od (?:\\S+ )?(?:miesiec\\w*|miesiac\\w*|roku|pol roku|lat)|(?:czterech|trzech|pieciu|szesciu) miesi\\w*|ers misoedd|ers blwyddyn|de (?:\\S+ )?(?:luni|ani|un an)|de (?:trei|patru|cinci|sase) luni',
      ),
    ),
  },
  {
    id: 'dur_medium',
    dissatisfaction: false,
    says: 'some days',
    pattern: words(
      `(?:2|3|two|three|couple of|few) weeks?(?! old)|fortnight|pythefnos|(?:\\d+|several|few|couple of) (?:working )?days|since (?:${DAY}|last week)|last (?:week|${DAY})|on (?:${DAY})|(?:od|przez) (?:\\d+|dwoch|trzech) (?:dni|tygodni)`,
    ),
  },
  {
    id: 'dur_short',
    dissatisfaction: false,
    says: 'today',
    pattern: words(
      'today|this morning|yesterday|tonight|this afternoon|last night|this week|dzisiaj|dzis|wczoraj|heddiw|ddoe|bore ma|azi|ieri',
    ),
  },
  {
    id: 'reported_before',
    dissatisfaction: true,
    says: 'reported before',
    gate: /report|zglas|zglos|dzwonil/,
    pattern: words(
      any(
        'reported (?:it|this|them)?(?: \\S+){0,3} (?:\\d+|two|three|four|five|several|many|numerous) times|(?:have|has|had|ive|weve) (?:been )?report\\w* (?:this|it|the|them|since|for|several|many|numerous|\\d)',
        'reported (?:it|this|them) (?:in|on|last|since|before|already|ages)|first reported|reported since|reported it (?:again|several|many|\\d)|been reporting|keep reporting|kept reporting',
        '(?:zglasza\\w*|zglosil\\w*) (?:\\S+ )?(?:juz|od|kilka|wiele)|(?:trzeci|kolejny) raz zglaszam|dzwonil\\w* (?:\\S+ )?(?:razy|kilka|wiele)',
      ),
    ),
  },
  {
    id: 'impact_health',
    dissatisfaction: false,
    says: 'health impact',
    pattern: words(
      'ill|unwell|asthma\\w*|chest\\w*|hospital|gp|doctor|health|antidepressants|cough\\w*|cant sleep|sleepless|depress\\w*|anxiety|mental health|breathing|lung\\w*|poorly|astm\\w*|astma|sal|bolnav\\w*',
    ),
  },
  {
    id: 'quick_fix',
    dissatisfaction: false,
    says: 'quick fix',
    pattern: words(
      'bins?|bin day|bulky waste|cleaner\\w*|cleaning|grass|hedge|caretaker|call ?back|ring (?:me )?back|ring me|portal|app|website|log ?in|password|fob|code|statement|letter|wrong (?:name|address|date|code|information|info|amount|flat|number|window|part|bin day)|appointment|rebook\\w*|scaffold\\w*|parked|van|id|badge|voicemail|skirting|clippings|meter|invoice|confirmation|reference',
    ),
  },
  {
    id: 'request',
    dissatisfaction: false,
    says: 'request',
    pattern: words(
      '^(?:hi |hello |hiya |dear \\S+ |good (?:morning|afternoon) )?(?:can|could|when|what|where|how|is|do|does|would|who|which|will|are|am|should|whens|wheres|whats|hows)|please|can someone|could someone|can you|could you|book|report|reporting|i would like|id like|wondering|enquir\\w*|information|advice|permission|apply|how do i|is it (?:ok|possible|allowed)|do i need|would like to know|let me know',
    ),
  },
  { id: 'question', dissatisfaction: false, says: 'question', pattern: /\?/u },
  {
    id: 'asb',
    dissatisfaction: false,
    says: 'neighbour behaviour',
    pattern: words(
      'neighbours?|next door|upstairs|downstairs|noise|noisy|music|parties|party|drug\\w*|dealing|weed|antisocial|anti social|asb|harass\\w*|barking|dog mess|fly ?tip\\w*|dumped|shouting|banging|sasiad\\w*|halas\\w*|vecin\\w*|cymydog\\w*',
    ),
  },
];

/** Arabic, Urdu and Chinese dissatisfaction the word patterns above cannot see. */
export const DISSATISFACTION_OTHER = chars(
  any(
    'لم يصلح أحد|غير مقبول|منذ (?:ثلاثة |أربعة )?أشهر|لا أحد يتصل|لا أحد يرد|لم يتصل (?:بي )?أحد|لم يرد أحد|منذ أسبوع|منذ أسبوعين|منذ أسابيع|ما زلت أنتظر|لا أزال أنتظر|لم يأت أحد|لم يأتي أحد|لم ياتي احد|لم يحضر أحد|ما حدا إجا|منذ شهرين|منذ أشهر',
    // Spoken Arabic as typed: "ما حد جا" (Gulf: nobody came), "من ثلاثة أشهر" (for three months), "محد رد" (nobody answered).
    'ما حد جا|ما احد جا|ما أحد جا|محد جا|ماحد جا|ما جا احد|ما جا أحد|ما اجا حدا|ما حدا اجا|محد رد|ما حد رد|ما حد يرد|ما حدا رد|ما حد اتصل|من (?:ثلاثة|ثلاث|اربعة|أربعة|خمسة|عدة) (?:أشهر|اشهر|شهور|أسابيع|اسابيع)|من شهرين|من اسبوعين|من أسبوعين|من شهور|من أشهر|من اشهر',
    'کوئی نہیں آیا|مرتبہ شکایت|واپس فون نہیں|کوئی فون نہیں|کوئی جواب نہیں|ہفتے سے|ہفتوں سے|ابھی تک',
    'ਕੋਈ ਨਹੀਂ ਆਇਆ|ਵਾਪਸ ਫ਼ੋਨ ਨਹੀਂ|ਕੋਈ ਫ਼ੋਨ ਨਹੀਂ|ਕੋਈ ਜਵਾਬ ਨਹੀਂ|ਹਫ਼ਤੇ ਤੋਂ|ਹਫ਼ਤਿਆਂ ਤੋਂ|ਅਜੇ ਤੱਕ',
    'কেউ আসেনি|কেউ আসে নি|কেউ ফোন করে না|কেউ ফোন করেনি|কেউ উত্তর দেয় না|সপ্তাহ ধরে|এখনও কেউ',
    '还没有人|个月了|太差|没人回|没有人回|没人来|没有人来|没人理|没有人理|一个星期|一周了|两个星期|两周|几个星期|还是没',
  ),
);

/** "Third time I've reported this" in Arabic, Urdu, Punjabi, Bengali and Chinese. */
export const REPEAT_OTHER = chars(
  'تیسری بار|چوتھی بار|کئی بار|ਤੀਜੀ ਵਾਰ|ਕਈ ਵਾਰ|المرة الثالثة|للمرة الثالثة|عدة مرات|ثلاث مرات|ثلاثة مرات|اربع مرات|أربع مرات|তৃতীয়বার|তিনবার|কয়েকবার|第三次|第四次|好几次|多次',
);
