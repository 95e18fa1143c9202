import type { Flag } from '../types.js';
import { any, chars, words } from './regex.js';

/**
 * Wording that raises a flag for staff. Patterns run on the whole normalise()d message.
 * `compliment` is here too, but classify() drops it when the "praise" is sarcasm.
 */
export interface FlagRule {
  flag: Flag;
  says: string;
  pattern: RegExp;
  /** A cheap necessary condition tested first (see HazardRule.gate); only saves time. */
  gate?: RegExp;
  /** The flag does not apply when this matches the message. */
  unless?: RegExp;
}

// An older relative whose home the writer may be writing about.
const PARENT =
  'mum|mother|mam|mom|dad|father|nan|nana|nanna|gran|granny|grandma|grandmother|grandad|granddad|grandpa|grandfather|aunt|auntie|aunty|uncle';
// Family only: "my neighbour's flat" is an ASB report, not a representative.
const FAMILY =
  'mum|mother|mam|mom|dad|father|nan|nana|gran|granny|grandma|grandmother|grandad|granddad|grandpa|grandfather|son|daughter|brother|sister|aunt|auntie|uncle|cousin|niece|nephew';
const RELATIVE =
  'mum|mother|mam|mom|dad|father|nan|nana|nanna|gran|granny|grandma|grandmother|grandad|granddad|grandpa|grandfather|son|daughter|brother|sister|aunt|auntie|aunty|uncle|husband|wife|partner|friend|neighbour|cousin|niece|nephew|client|father in law|mother in law';

export const flagRules: readonly FlagRule[] = [
  // Awaab's Law clock (docs/rules/hazards.md#awaabs-law): any report of damp or mould.
  {
    flag: 'damp_mould',
    says: "mentions damp or mould (Awaab's Law timescales)",
    pattern: words(
      any(
        'damp\\w*|mould\\w*|mouldy|mildew\\w*|condensation|black spots?|black stuff|black patches|fungus|fungi|musty|wet walls|walls? (?:are |is )?(?:wet|damp)|spores',
        'wilgo\\w*|plesn\\w*|grzyb\\w*|zagrzybi\\w*|zawilgoc\\w*',
        'lleithder|llwydni|tamp\\w*|smotiau du',
        'mucegai\\w*|umezeal\\w*|igrasi\\w*|condens\\w*',
        'qoyaan\\w*',
      ),
    ),
  },
  {
    flag: 'damp_mould',
    says: "mentions damp or mould (Awaab's Law timescales)",
    pattern: chars('رطوبة|عفن|سیلن|پھپھوندی|نمی|ਸਿੱਲ੍ਹ|ਸਿਲ੍ਹ|ਉੱਲੀ|স্যাঁতসেঁতে|ছত্রাক|ড্যাম্প|发霉|霉|潮湿'),
  },
  // docs/rules/hazards.md#welfare-concerns: someone at risk, not seen for days, threats of harm, neglect.
  {
    flag: 'safeguarding',
    says: 'welfare or safeguarding concern: hand to a person',
    pattern: words(
      any(
        'self ?neglect\\w*|neglect\\w* (?:herself|himself|themselves|(?:the|her|his|their) (?:kids|children|baby))|child neglect|hoarding|safeguard\\w*|vulnerable adult|child protection|social services|exploit\\w*|grooming|county lines|cuckoo\\w*',
        'threaten\\w* (?:me|my|us|him|her|them|our|to kill|to hurt)(?! with (?:eviction|court|legal|the bailiffs))',
        'non molestation|restraining order|domestic (?:abuse|violence)|my ex (?:\\S+ ){0,3}(?:turned up|found|knows|threaten\\w*)',
        '(?:kids?|children|child|baby|toddler)(?: \\S+){0,8} (?:out|outside|alone|on (?:their|his|her) own)(?: \\S+){0,4} (?:late|at night|no coats?|all night|all day|for hours)|(?:kids?|children|child|baby|toddler)(?: \\S+){0,6} left (?:alone|on (?:their|his|her) own|unattended)',
        'scared for (?:my|our|her|his) (?:safety|life|lives)|feel unsafe|not safe in my|afraid for my life',
      ),
    ),
  },
  // Unacceptable behaviour (seed 004): strong swearing at staff, threats to staff.
  {
    flag: 'abusive',
    says: 'abusive or threatening language towards staff',
    pattern: words(
      any(
        'f+u+c+k+\\w*|f\\*+\\w*|fuk\\w*|fck\\w*|fkn|fking|fcking|fukin|effing|cunts?|c\\*+\\w*|wank\\w*|twat\\w*|bastard\\w*|bellend\\w*|pricks?|dickhead\\w*|shithead\\w*|arsehole\\w*|asshole\\w*|scum\\w*|bitch\\w*|motherf\\w*|piss off|tossers?|knobhead\\w*|retard\\w*|slags?|sh\\*t\\w*',
        '(?:ill|i will|im going to|gonna|i am going to) (?:come down (?:that|the|your|there)|come round (?:and|there)|smash|sort you|find you|hurt|kill|batter|deal with you|burn|wreck)|you (?:wont|will not) like it|get what(?:s| is) coming|watch your back|i know where (?:you|he|she|they) live|you(?:ll| will) regret',
        'kurw\\w*|chuj\\w*|pierdol\\w*|jeban\\w*|spierdal\\w*|skurwysyn\\w*',
        'pula|pizd\\w*|muie|futu(?: ti| va| i)|futut\\w*',
      ),
    ),
  },
  // Formats (docs/rules/accessibility.md#large-print; seeds 000, 001, 002).
  {
    flag: 'format_request',
    says: 'asks for letters or contact in an accessible format',
    pattern: words(
      any(
        'large print|big(?:ger)? (?:print|writing|font|letters|text)|larger (?:print|font|text|writing)|braille|audio (?:version|recording|file|cd|tape|format|letter)|on (?:cd|tape)|easy read|bsl|sign language',
        'font size|\\d+ ?(?:pt|point)(?: font| text)?|arial|read (?:it|them|the letters?|letters) (?:to|out to) (?:me|him|her)|text relay|relay uk|minicom|screen reader',
        '(?:cant|cannot|can not|struggle to|difficult to|hard to|unable to) read(?! (?:the|my) meter)|(?:phone|ring|call) (?:me )?(?:instead of|rather than) (?:writ\\w*|send\\w*|letters?|post\\w*)|(?:by|via) email so|cant read (?:small|the) print',
        'duz\\w* (?:druk|czcionk\\w*)|wieksz\\w* (?:druk|czcionk\\w*)|brajl\\w*|print bras|litere mari|font mare',
      ),
    ),
  },
  // Another language or an interpreter (docs/rules/accessibility.md#languages).
  {
    flag: 'language_request',
    says: 'asks for another language or an interpreter',
    pattern: words(
      any(
        'interpret\\w*|translat\\w*',
        '(?:speak|talk|deal with (?:you|us)|letters?|documents?|information|it|write|written|reply|respond|everything|someone|somebody|anyone)(?: \\S+){0,3} in (?:polish|welsh|romanian|urdu|punjabi|arabic|bengali|bangla|somali|chinese|mandarin|cantonese|tigrinya|kurdish|farsi|persian|portuguese|lithuanian|latvian|russian|ukrainian|turkish|french|spanish|gujarati|hindi|tamil|amharic|pashto|dari|sylheti|cymraeg)',
        '(?:someone|somebody|anyone|person|staff|who|that|which)(?: who| that)?(?: can| could)? speaks? (?:polish|welsh|romanian|urdu|punjabi|arabic|bengali|bangla|somali|chinese|mandarin|cantonese|tigrinya|kurdish|farsi|portuguese|lithuanian|russian|turkish|gujarati|hindi|tamil)',
        'english (?:is |isnt )?(?:not |isnt |very |too |quite |a bit )?(?:\\S+ )?(?:bad|poor|limited|weak|broken)|english (?:is )?(?:not|isnt) (?:\\S+ )?(?:good|great)|angielski nie jest dobry|(?:slabo )?nie mowi\\w* po angielsku|nu vorbe\\w* (?:\\S+ )?engleza|(?:dont|doesnt|does not|cant|can not|cannot|no|not) speak (?:\\S+ )?(?:english|much english|good english)|no english|welsh speaker',
        'tlumacz\\w*|po polsku|w jezyku polskim|cyfieithydd|cyfieithu|yn gymraeg|traducat\\w*|traducer\\w*|in (?:limba )?romana|tarjuman|urdu (?:mein|main)|turjumaan|af soomaali',
      ),
    ),
  },
  {
    flag: 'language_request',
    says: 'asks for another language or an interpreter',
    pattern: chars('ترجمان|اردو میں|مترجم|ترجمة|بالعربي|দোভাষী|অনুবাদ|翻译|中文'),
  },
  // Someone acting for the customer: the customer must consent (seed 004).
  {
    flag: 'representative',
    says: "written by a representative: check the customer's consent",
    pattern: words(
      any(
        'on behalf of|on (?:his|her|their|my \\S+s) behalf|behalf|acting for|acting on|constituents?|my clients?|our clients?|power of attorney|lasting power|\\bpoa\\b|advocate for|i am (?:his|her|their) (?:carer|advocate|support worker|social worker|key worker|appointee)',
        '(?:support|social|care|key|outreach) worker (?:for|of|to)|(?:i am|im|i am the|writing as|as a|as the) (?:\\S+ )?(?:support worker|social worker|caseworker|case worker|advocate|councillor|ward councillor|mp|member of parliament)',
        'member of parliament|ward councillor|office of (?:the )?(?:local )?mp|from (?:age uk|citizens advice|shelter|the council)',
        `(?:writing|calling|ringing|emailing|contacting you|messaging|texting|reporting|asking|enquiring|here) (?:\\S+ )?for my (?:${RELATIVE})`,
        `my (?:${RELATIVE})s? (?:\\S+ ){0,2}(?:lives (?:at|in)|is (?:a |the )?tenant|has a tenancy|rents (?:a|the|from))`,
        `my (?:${FAMILY})s (?:flat|house|home|tenancy|property|bungalow)`,
        // Someone writing about a parent's home: "my mum has had no hot water", "my nan rang me".
        `my (?:${PARENT})(?: \\S+){0,8} (?:rang|called|phoned|texted|messaged) me|my (?:${PARENT}) (?:has had|has no|hasnt (?:got|had)|has been without|keeps (?:phoning|ringing|calling))|lives (?:on (?:her|his) own|alone|by (?:her|him)self) at`,
        '(?:have|with|got) (?:his|her|their) (?:permission|consent|authority)|(?:i am|im) (?:mr|mrs|ms|miss|dr) \\S+ (?:daughter|son|niece|nephew|grandson|granddaughter|carer|neighbour|friend|sister|brother)|(?:has|have) asked me to|asked me to (?:contact|write|email|get in touch|raise|report|request|complain|help)|(?:her|his|their) (?:signed )?(?:consent|authority)',
      ),
    ),
    unless: words('lives with me|live with me|living with me'),
  },
  {
    flag: 'representative',
    says: "written by a representative: check the customer's consent",
    pattern: words('w imieniu|pisze za (?:moja|mojego)|ar ran|in numele|din partea (?:mamei|tatalui|sotului|sotiei)'),
  },
  {
    flag: 'representative',
    says: "written by a representative: check the customer's consent",
    pattern: chars('نيابة عن|بالنيابة|کی طرف سے|代表'),
  },
  // Stage 2 / review of a complaint response (seed 004 "Stage 2 – Appeal Review").
  {
    flag: 'appeal',
    says: 'asks for the complaint to be escalated or reviewed (stage 2)',
    pattern: words(
      any(
        'stage (?:2|two|ii)|second stage|escalat\\w*|appeal\\w*|review (?:of )?(?:the |my )?(?:outcome|decision|complaint|response)|decision (?:was|is) (?:wrong|unfair)|(?:wrong|unfair) decision',
        '(?:not happy|unhappy|dissatisfied|not satisfied|disagree|dont agree|do not agree) with (?:your|the|this|that|my|their) (?:complaint |stage (?:1|one) )?(?:response|outcome|decision|reply|answer|findings|letter|final response|resolution)',
        '(?:review|reviewed|look(?:ed)? at (?:it|this) again|looked at again)(?: \\S+){0,3} (?:someone else|senior|manager|independent)|factually inaccurate|does not address|doesnt address|did not address|didnt address',
        'drugi\\w* etap\\w*|odwola\\w*|nie zgadzam sie z (?:odpowiedzia|decyzja)|ail gam|apelio|etapa (?:2|a doua)|contest\\w*|nu sunt de acord cu (?:raspunsul|decizia)',
      ),
    ),
    unless: words('costs escalating|prices escalating'),
  },
  {
    flag: 'compensation',
    says: 'asks for compensation or money back',
    pattern: words(
      any(
        'compensat\\w*|compo|reimburs\\w*|money back|goodwill (?:payment|gesture)|out of pocket|lost (?:wages|earnings|pay|income)|damages|rent (?:reduction|rebate|free)',
        'pay (?:me )?(?:for|towards) (?:the |my |all )?(?:damage|cost|costs|carpets?|repairs|losses|replacement|new|cleaning|electric|heaters?|dehumidifiers?)',
        'who (?:is |\\S+ )?(?:going to )?pay\\w* for|cover the cost|(?:charges|fees|costs|money) back|claim\\w* (?:for|against) (?:the |my |these |those |all |our )?(?:damage|disrepair|compensation|loss|losses|costs|you|items|belongings)|disrepair claim|refund (?:me )?for',
        'odszkodowani\\w*|zwrot koszt\\w*|iawndal|despagubir\\w*|compensati\\w*',
      ),
    ),
  },
  {
    flag: 'compensation',
    says: 'asks for compensation or money back',
    pattern: chars('تعويض|معاوضہ|ہرجانہ|赔偿|ক্ষতিপূরণ'),
  },
  {
    flag: 'discrimination',
    says: 'alleges discrimination (Equality Act 2010)',
    gate: /discrimin|racis|racial|phob|sexis|antisemit|bigot|prejudice|because|cos|coz|go back to|equality act|differently|ignored|disrespected|not respected|not considered|mocked|dyskrymin|rasis|gwahaniaethu|hiliol/,
    pattern: words(
      any(
        'discriminat\\w*|racis\\w*|racial\\w*|homophob\\w*|transphob\\w*|sexis\\w*|islamophob\\w*|antisemit\\w*|xenophob\\w*|bigot\\w*|prejudice\\w*',
        '(?:treated|refused|ignored|spoken to|talked to|judged|picked on|targeted|singled out|looked down on|denied|overlooked|laughed at|turned away)(?: \\S+){0,6} (?:because|cos|coz) (?:i am|im|we are|were|she is|shes|he is|hes|of (?:my|her|his|our)) (?:\\S+ )?(?:black|asian|muslim|jewish|polish|romanian|foreign|disabled|gay|lesbian|trans|a woman|pregnant|old|race|religion|disability|colour|color|accent|sexuality|age|nationality|ethnicity|gender|skin)',
        'go back to (?:where|your own country|your country)|equality act|treated (?:\\S+ )?differently|(?:religion|faith|disability|race|sexuality|ethnicity|culture) (?:has been |was |is being |is )?(?:ignored|disrespected|not respected|not considered|mocked)',
        'dyskrymin\\w*|rasis\\w*|gwahaniaethu|hiliol|discrimin\\w*',
      ),
    ),
  },
  {
    flag: 'discrimination',
    says: 'alleges discrimination (Equality Act 2010)',
    pattern: chars('تمييز|عنصري|امتیازی سلوک|نسل پرست|歧视|বৈষম্য'),
  },
  // UK GDPR: someone's details went where they should not (docs/rules/data-protection.md#breaches-reported-by-customers).
  {
    flag: 'data_breach',
    says: 'possible data breach: tell the data protection officer',
    pattern: words(
      any(
        'data breach|breach of (?:my )?(?:data|privacy|confidentiality|gdpr)|gdpr|data protection (?:breach|act breach|issue)|breached my',
        '(?:you|your|youve|someone|somebody|they|theyve|staff|officer|contractor|he|she)(?: \\S+){0,3} (?:sent|gave|given|shared|disclosed|passed|told|posted|emailed|discussed|leaked|showed)(?! (?:me|us) )(?: \\S+){0,6} (?:my|our) (?:personal |new |bank )?(?:details|data|information|info|address|phone number|number|email|rent arrears|arrears|account|case|medical)',
        '(?:my|our) (?:personal )?(?:details|data|information|address|arrears|account)(?: \\S+){0,5} (?:to|with) (?:my |the |a |an )?(?:neighbour|ex|someone else|another tenant|wrong|other)',
        'other (?:peoples|tenants|residents|customers) (?:\\S+ )?(?:email )?(?:addresses|details|emails|names|letters|information)',
        '(?:neighbour\\w*|someone else|another tenant|next door)(?: \\S+){0,8} (?:letter|post|email|details)(?: \\S+){0,3} (?:my|our) |for (?:everyone|everybody|all|anyone) to see|(?:everyone|anyone|everybody) (?:can|could) see|on (?:public )?display|(?:name|details|phone number|address|disability|medical)(?: \\S+){0,6} (?:on the wall|in the hallway|on the door|on the noticeboard|in public|on facebook|online)|my (?:private|personal) business|someone elses (?:letter|post|details|information|mail)|came to me by mistake|(?:letter|post|email)(?: \\S+){0,5} (?:wrong (?:address|person|tenant)|by mistake)|discussed my (?:rent|account|arrears|case|details)',
        'dane osobowe|rodo|naruszenie danych|date personale|diogelu data',
      ),
    ),
    unless: words('subject access|copy of (?:all )?(?:the )?(?:information|data) you hold'),
  },
  // Praise for a service or a person (not dissatisfaction, seed 004 learning).
  {
    flag: 'compliment',
    says: 'pays a compliment',
    pattern: words(
      any(
        '(?:thank you|thanks|thank u|cheers|thankyou|many thanks|big thanks|massive thank you|huge thanks) (?:\\S+ ){0,2}(?:so much|very much|a lot|ever so much|to|for (?:the|your|sorting|fixing|coming|everything|all|being|doing|such|getting|helping|a))|(?:like|want|wanted|wish|writing) to (?:say )?(?:a )?(?:big |huge )?thank|quick thank you',
        '(?:brilliant|excellent|fantastic|amazing|great|superb|outstanding|first class|lovely|wonderful|top|cracking|fab|fabulous|good|perfect|professional) (?:\\S+ )?(?:job|service|work|team|guys|lads|people|fella|bloke|man|lady|woman)',
        '(?:was|were|is|are|has been|have been) (?:so |really |very |absolutely |super |extremely )?(?:lovely|great|brilliant|fantastic|amazing|excellent|helpful|polite|kind|professional|spot on|patient|friendly|wonderful|a credit|a legend|respectful|courteous|efficient|tidy|considerate|caring|understanding|reassuring|fab)',
        '(?:really|so|very|extremely) (?:helpful|pleased|happy with|grateful|impressed|kind|polite|professional|patient)',
        'well done|fair play|hats off|top notch|cant fault|could not fault|couldnt fault|(?:so |really |very )?impressed(?! with nothing)|five stars|5 stars|10 out of 10|a star|credit (?:where|to)|compliment|commend\\w*|shout out|legend|above and beyond|10 / 10|ten out of ten|really appreciate (?:it|that|this|what)|much appreciated|delighted|praise|kudos|restored my faith|changed (?:our|my) li(?:fe|ves)|pass on my thanks',
        'dziekuj\\w* (?:\\S+ )?(?:za|panu|pani|bardzo)|swietn\\w* robot\\w*|diolch (?:yn fawr )?(?:i|am)|gwaith gwych|gwasanaeth (?:arbennig|gwych)|multumesc (?:\\S+ )?(?:pentru|echipei)|multumim|multumiri',
        'mahadsanid',
      ),
    ),
    unless: words(
      'thanks for nothing|thank you for nothing|cheers for nothing|no thanks to|not (?:very |so |really |that |at all )?(?:helpful|pleased|happy|impressed|polite|professional|kind|great|good)|unhelpful|wasnt (?:very )?(?:helpful|polite|professional|kind)',
    ),
  },
  {
    flag: 'compliment',
    says: 'pays a compliment',
    pattern: chars('شكرا جزيلا|شكرا لل|شكراً جزيلاً|شکریہ|ধন্যবাদ|感谢|非常感谢|谢谢你们'),
  },
];
