import { findHazards, type HazardFinding } from './emergency.js';
import { hazardPriority } from './lexicon/emergency.js';
import {
  COMPLAINT_WORD,
  CONDUCT_OTHER,
  CONDUCT_WORDS,
  cues,
  DISSATISFACTION_OTHER,
  ELECTED_REPRESENTATIVE,
  ELECTED_WORD,
  EXPLICIT_REQUEST,
  LEGAL_STEP,
  LEGAL_WORD,
  NEUTRALISER,
  NOT_A_COMPLAINT,
  OUTSIDE_BODY,
  PRIOR_COMPLAINT,
  REPEAT_OTHER,
  STAFF_CONDUCT,
  STAFF_OTHER,
} from './lexicon/complaint.js';
import { flagRules } from './lexicon/flags.js';
import { normalise, sentences } from './normalise.js';
import type { Flag, Hazard } from './types.js';

/** What the rules and lexicon see in a message, before the model has a say. */
export interface Analysis {
  norm: string;
  sentences: string[];
  /** `norm` without "not a complaint" phrases: what the model reads. */
  modelText: string;
  /** No characters outside ASCII: rules for other scripts can be skipped. */
  ascii: boolean;
  hazards: HazardFinding[];
  /** Hazards only asked about ("what do I do if my CO alarm goes off?"), most serious first. */
  askedAbout: Hazard[];
  /** Flags with the words that raised them. */
  flags: Map<Flag, { says: string; quote: string }>;
  /** Cue id -> quoted words. */
  cues: Map<string, string>;
  dissatisfied: boolean;
  explicitRequest: string | undefined;
  priorComplaint: string | undefined;
  staffConduct: string | undefined;
  outsideBody: string | undefined;
  /** An MP, councillor or caseworker writing for a constituent (seed 004). */
  electedRepresentative: string | undefined;
  /** Ombudsman, solicitor, pre-action protocol: formal whatever the tone. */
  legalStep: string | undefined;
  /** "not a complaint", "no rush": the customer is not unhappy. */
  neutral: boolean;
  /** "complaint about my neighbour": an ASB report that uses the word. */
  neighbourComplaint: boolean;
}

export function analyse(text: string): Analysis {
  const norm = normalise(text);
  const sents = sentences(norm);
  const ascii = !NON_ASCII.test(norm);
  ASKED.clear();
  const hazards = findHazards(norm, sents, ASKED);

  const flags = new Map<Flag, { says: string; quote: string }>();
  for (const { rule, otherScript } of flagChecks) {
    if (flags.has(rule.flag) || (ascii && otherScript) || (rule.gate && !rule.gate.test(norm))) continue;
    const m = rule.pattern.exec(norm);
    if (m && !rule.unless?.test(norm)) flags.set(rule.flag, { says: rule.says, quote: clip(m[0]) });
  }
  const atRisk = hazards.find((h) => h.hazard === 'person_at_risk');
  if (atRisk && !flags.has('safeguarding')) {
    flags.set('safeguarding', { says: 'someone may be at risk: hand to a person', quote: atRisk.quote });
  }

  // Take "not a complaint" and "complaint about my neighbour" out before looking for a request.
  // Most messages have no complaint word at all: then none of these can match.
  const complaintWords = !ascii || COMPLAINT_WORD.test(norm);
  const neighbourComplaint =
    complaintWords &&
    /complain\w* (?:\S+ ){0,2}(?:about|against|re|regarding) (?:\S+ ){0,2}(?:neighbours?|next door|upstairs|downstairs|dog|noise)/u.test(
      norm,
    );
  const complaintText = complaintWords ? norm.replace(NOT_A_COMPLAINT, ' ') : norm;
  const explicit = complaintWords ? EXPLICIT_REQUEST.exec(complaintText) : null;
  const prior = complaintWords ? PRIOR_COMPLAINT.exec(complaintText) : null;

  const calmText = norm.replace(NEUTRALISER, ' ');
  const neutral = calmText !== norm;
  const found = new Map<string, string>();
  let dissatisfied = false;
  for (const cue of cues) {
    if (cue.gate && !cue.gate.test(norm)) continue;
    const m = cue.pattern.exec(cue.dissatisfaction ? calmText : norm);
    if (!m) continue;
    found.set(cue.id, clip(m[0]));
    if (cue.dissatisfaction) dissatisfied = true;
  }
  const other = ascii ? null : DISSATISFACTION_OTHER.exec(norm);
  if (other) {
    if (!found.has('dis_emotion')) found.set('dis_emotion', clip(other[0]));
    dissatisfied = true;
  }
  const repeated = ascii ? null : REPEAT_OTHER.exec(norm);
  if (repeated) {
    if (!found.has('dis_repeat_many')) found.set('dis_repeat_many', clip(repeated[0]));
    dissatisfied = true;
  }

  // Conduct words are rarer than staff words: look for them in the message first.
  const staffSentence = CONDUCT_WORDS.test(norm) ? sents.find((s) => STAFF_CONDUCT.test(s)) : undefined;
  const staff =
    staffSentence === undefined
      ? // "Pani z biura była bardzo niemiła", "موظفكم كان وقحا جدا معي على الهاتف"
        (STAFF_OTHER.test(norm) && CONDUCT_OTHER.exec(norm)) || null
      : CONDUCT_WORDS.exec(staffSentence);
  const outside = OUTSIDE_BODY.exec(norm);
  const elected = ascii && !ELECTED_WORD.test(norm) ? null : ELECTED_REPRESENTATIVE.exec(norm);
  const legal = ascii && !LEGAL_WORD.test(norm) ? null : LEGAL_STEP.exec(norm);

  return {
    norm,
    sentences: sents,
    modelText: complaintText,
    ascii,
    hazards,
    askedAbout: ASKED.size === 0 ? [] : hazardPriority.filter((h) => ASKED.has(h)),
    flags,
    cues: found,
    dissatisfied,
    explicitRequest: explicit ? clip(explicit[0]) : undefined,
    priorComplaint: prior ? clip(prior[0]) : undefined,
    staffConduct: staff ? clip(staff[0]) : undefined,
    outsideBody: outside ? clip(outside[0]) : undefined,
    electedRepresentative: elected ? clip(elected[0]) : undefined,
    legalStep: legal ? clip(legal[0]) : undefined,
    neutral,
    neighbourComplaint,
  };
}

const NON_ASCII = /[^\x00-\x7f£]/u;
/** Hazards only asked about, for the message being analysed (analyse is synchronous). */
const ASKED = new Set<Hazard>();
const flagChecks = flagRules.map((rule) => ({ rule, otherScript: NON_ASCII.test(rule.pattern.source) }));

function clip(text: string): string {
  const t = (text.includes(' , ') || text.includes(' . ') ? text.replace(/ ([,.]) /g, '$1 ') : text).trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}
