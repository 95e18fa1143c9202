import type { Analysis } from './analyse.js';
import { words } from './lexicon/regex.js';
import type { Category } from './types.js';

/** Themes for learning from complaints (seed 004: "common themes and trends"). */
const THEME_WORDS: readonly [Category, RegExp][] = [
  [
    'asb',
    words(
      'neighbours?|next door|noise|noisy|music|parties|party|drug\\w*|dealing|weed|antisocial|anti social|asb|harass\\w*|barking|dog mess|fly ?tip\\w*|dumped|sasiad\\w*|halas\\w*|vecin\\w*' +
        // People, not pipes: "the people upstairs are shouting and banging all night"
        '|(?:people|lot|family|man|woman|bloke|lads|kids|tenants?|couple) (?:up|down)stairs|shouting|screaming|yelling|fighting|intimidat\\w*|vandal\\w*|graffiti|youths|gangs?|nuisance',
    ),
  ],
  [
    'rent',
    words(
      'rent|arrears|direct debit|universal credit|housing benefit|service charges?|payments?|paid|charged|refund|balance|invoice|recharge\\w*|czynsz\\w*|chirie|rhent',
    ),
  ],
  [
    'estate',
    words(
      'communal|bins?|grass|hedge|caretaker|cleaner|cleaning|stairwell|lifts?|car park|play area|landing|estate|grounds|gardener|bin store|green|trees?|parking|garages?',
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
    words(
      'repair\\w*|leak\\w*|broken|broke|fix\\w*|(?:not|stopped|isnt|doesnt|dont|wont|hasnt|havent) work\\w*|extractor|fans?|boiler|heating|taps?|toilet|window\\w*|doors?|roof|engineer|plumber|electrician|contractor\\w*|operative|appointment|ceiling|wall|kitchen|bathroom|shower|fence|gutter\\w*|pipe|lock|radiator|naprawa|hydraulik|atgyweirio|reparati\\w*' +
        // Leaks and fittings in Welsh, Polish and Romanian ("mae'r to yn gollwng", "cieknie z sufitu")
        '|gollwng|diferu|nenfwd|boeler|ffenest\\w*|toiled|cawod|trwsio|przeciek\\w*|cieknie|kapie|sufit\\w*|kran\\w*|kaloryfer\\w*|picura|acoperis\\w*|tavan\\w*|robinet\\w*|centrala|calorifer\\w*',
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
