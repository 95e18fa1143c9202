import {
  AGAIN,
  ASKING,
  CONDITIONAL,
  EVER,
  HAPPENING,
  hazardPriority,
  hazardRules,
  NEGATOR,
  PAST,
  RESOLVED,
  STILL,
  type HazardRule,
} from './lexicon/emergency.js';
import { sentences } from './normalise.js';
import type { Hazard } from './types.js';

export interface HazardFinding {
  hazard: Hazard;
  says: string;
  /** The words that matched (normalised), for the reason shown to staff. */
  quote: string;
}

const NON_ASCII = /[^\x00-\x7f£]/u;

// A contrast starts a new thought: "the engineer fixed the boiler but I can smell gas".
const CONTRAST = / (?:but|however|although|though|now|ale|lecz|dar|insa|ond|ond mae) /u;

/**
 * Every hazard the message mentions, most serious first. A mention is dropped only when it
 * is plainly negated ("no gas smell now") or the same thought says it was dealt with ("the
 * gas leak has been sorted"), and never when it says "still" or "again".
 */
export function findHazards(
  norm: string,
  sents: readonly string[] = sentences(norm),
  askedAbout?: Set<Hazard>,
): HazardFinding[] {
  const found = new Map<Hazard, HazardFinding>();
  const ascii = !NON_ASCII.test(norm);
  happening = undefined;
  for (const { rule, global, otherScript } of compiled) {
    if (found.has(rule.hazard) || (ascii && otherScript)) continue;
    // The gate is cheaper than the pattern, the pattern than `needs` (e.g. a vulnerable person).
    if ((rule.gate && !rule.gate.test(norm)) || !rule.pattern.test(norm) || (rule.needs && !rule.needs.test(norm)))
      continue;
    const hit = firstLiveMatch(rule, global, sents, norm, askedAbout);
    if (hit !== undefined) found.set(rule.hazard, { hazard: rule.hazard, says: rule.says, quote: quote(hit) });
  }
  if (askedAbout) for (const h of found.keys()) askedAbout.delete(h);
  return hazardPriority.filter((h) => found.has(h)).map((h) => found.get(h) as HazardFinding);
}

// Whether the message being read says anything is happening now: worked out once, when a
// hazard first sits in a conditional question (findHazards is synchronous, so a module-level
// value for the current message is safe).
let happening: boolean | undefined;

function isHappening(norm: string): boolean {
  happening ??= HAPPENING.test(norm) || (AGAIN.test(norm) && !EVER.test(norm));
  return happening;
}

/**
 * "What do I do if my CO alarm goes off?": a conditional question about the hazard, with the
 * hazard not told before the conditional and nothing in the message saying it is happening.
 */
function isQuestionAboutHazard(rule: HazardRule, sentence: string, norm: string): boolean {
  const conditional = CONDITIONAL.exec(sentence);
  if (!conditional || !ASKING.test(sentence)) return false;
  if (rule.pattern.test(sentence.slice(0, conditional.index))) return false;
  return !isHappening(norm);
}

// Every match in a sentence is tried: the first may be negated and a later one not.
// Rules written in other scripts are skipped for plain ASCII messages (most of them).
const compiled = hazardRules.map((rule) => ({
  rule,
  global: new RegExp(rule.pattern.source, `${rule.pattern.flags}g`),
  otherScript: NON_ASCII.test(rule.pattern.source),
}));

function firstLiveMatch(
  rule: HazardRule,
  global: RegExp,
  sents: readonly string[],
  norm: string,
  askedAbout: Set<Hazard> | undefined,
): string | undefined {
  for (const sentence of sents) {
    if (!rule.pattern.test(sentence)) continue;
    if (rule.unless?.test(sentence)) continue;
    if (isQuestionAboutHazard(rule, sentence, norm)) {
      askedAbout?.add(rule.hazard);
      continue;
    }
    global.lastIndex = 0;
    for (let m = global.exec(sentence); m; m = global.exec(sentence)) {
      if (m[0].length === 0) global.lastIndex++;
      else if (!isNegated(sentence, m.index, m[0].length)) return m[0];
    }
  }
  return undefined;
}

function isNegated(sentence: string, index: number, length: number): boolean {
  // The thought the match sits in: from the last contrast word before it to the next one after.
  const before = sentence.slice(0, index);
  const after = sentence.slice(index + length);
  const start = lastContrastEnd(before);
  const nextContrast = after.search(CONTRAST);
  const thought = sentence.slice(start, index + length + (nextContrast < 0 ? after.length : nextContrast));
  if (STILL.test(thought)) return false;
  const clauseBefore = before.slice(Math.max(start, before.lastIndexOf(' , ') + 1));
  if (NEGATOR.test(' ' + clauseBefore)) return true;
  if (RESOLVED.test(thought)) return true;
  // "There was a gas smell earlier but it was the hob, all fine now": a past mention settled
  // later in the same sentence. Only for a mention told in the past.
  return PAST.test(thought) && RESOLVED.test(after) && !STILL.test(after);
}

const CONTRAST_ALL = new RegExp(CONTRAST.source, 'gu');

function lastContrastEnd(text: string): number {
  let end = 0;
  CONTRAST_ALL.lastIndex = 0;
  for (let m = CONTRAST_ALL.exec(text); m; m = CONTRAST_ALL.exec(text)) end = m.index + m[0].length;
  return end;
}

function quote(text: string): string {
  const t = text.replace(/ , /g, ', ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}
