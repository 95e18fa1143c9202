import { analyse, type Analysis } from './analyse.js';
import { categorise } from './category.js';
import { featureIds } from './features.js';
import { detectLanguage } from './language.js';
import { sharedKindModel, type KindModel } from './model.js';
import { substanceOf } from './substance.js';
import {
  flagNames,
  kinds,
  TriageInputSchema,
  type Flag,
  type Kind,
  type TriageInput,
  type TriageResult,
} from './types.js';

interface Decision {
  kind: Kind;
  confidence: number;
  reasons: string[];
}

/**
 * Triage one message: what kind of contact it is, whether it is an emergency, and what
 * staff should know. Rules decide wherever policy is clear (an emergency, a request for a
 * complaint, a matter already complained about, an appeal); the model weighs the rest.
 * Synchronous and fast: the model is trained once, on first use.
 */
export function classify(input: TriageInput, model: KindModel = sharedKindModel()): TriageResult {
  const parsed = TriageInputSchema.parse(input);
  const a = analyse(parsed.text);
  const probs = model.predict(featureIds(a, parsed.channel));
  const decision = decideKind(a, probs, parsed.priorComplaint === true);

  const substance = substanceOf(a, parsed.text);
  // A bare "thanks" ("diolch", "شکریہ", "mahadsanid") is manners, not a compliment to pass on.
  const flags = flagNames.filter(
    (f) => a.flags.has(f) && !(f === 'compliment' && (substance === 'none' || !isRealCompliment(a))),
  );
  const reasons = [
    ...a.hazards.map((h) => `${h.says}: "${h.quote}" (emergency: ${h.hazard})`),
    ...a.askedAbout.map(
      (h) =>
        `asks what to do if it happens (${h.replace(/_/g, ' ')}): a question, not a report; give the safety advice`,
    ),
    ...decision.reasons,
    ...flags.map((f) => flagReason(f, a)),
  ];
  if (substance === 'none')
    reasons.unshift('nothing to act on (thanks, yes or no, a greeting or an emoji): not a new case');
  if (parsed.openCases !== undefined && parsed.openCases > 0) {
    reasons.push(
      `customer has ${parsed.openCases} open case${parsed.openCases === 1 ? '' : 's'}: check for a duplicate`,
    );
  }
  const hazards = a.hazards.map((h) => h.hazard);
  return {
    kind: decision.kind,
    emergency: hazards.length > 0,
    ...(hazards[0] ? { hazard: hazards[0] } : {}),
    hazards,
    asksAbout: a.askedAbout,
    category: categorise(a),
    flags,
    confidence: round(decision.confidence),
    reasons,
    explicitComplaintRequest: a.explicitRequest !== undefined,
    language: detectLanguage(parsed.text, a.norm),
    substance,
  };
}

function decideKind(a: Analysis, probs: number[], priorOnRecord: boolean): Decision {
  const dissatisfaction = firstDissatisfaction(a);
  const compliment = a.flags.has('compliment') && isRealCompliment(a);
  const formal = (confidence: number, why: string): Decision => ({
    kind: 'formal_complaint',
    confidence,
    reasons: [why, ...(dissatisfaction ? [`dissatisfaction: "${dissatisfaction}"`] : [])],
  });

  // A customer who asks for a complaint always gets one (Code 1.3; seed 004).
  if (a.explicitRequest) return formal(0.97, `asked for a complaint: "${a.explicitRequest}"`);
  if (a.flags.has('appeal')) return formal(0.95, 'asks for a complaint response to be reviewed: stage 2 (seed 004)');
  // Seed 004: first-time fix only for matters not previously dealt with as a complaint.
  if (priorOnRecord && !(compliment && !a.dissatisfied)) {
    return formal(0.95, 'a complaint is on record about this matter, so it cannot be a first-time fix (seed 004)');
  }
  if (a.priorComplaint)
    return formal(0.93, `mentions an earlier complaint: "${a.priorComplaint}" (seed 004: not a first-time fix)`);
  if (compliment && !a.dissatisfied) {
    return {
      kind: 'enquiry',
      confidence: 0.9,
      reasons: ['a compliment, not dissatisfaction: record it and pass it on'],
    };
  }

  const strong = strongFormalReason(a);
  if (strong) return formal(0.9, strong);

  const best = argmax(probs);
  let kind = kinds[best] as Kind;
  let confidence = probs[best] as number;
  const pFtf = probs[kinds.indexOf('first_time_fix')] as number;
  const pFormal = probs[kinds.indexOf('formal_complaint')] as number;
  // Code 1.3: dissatisfaction must be offered a complaint, so it is never a bare enquiry.
  if (kind === 'enquiry' && a.dissatisfied && !a.neutral && dissatisfaction) {
    kind = pFormal > pFtf ? 'formal_complaint' : 'first_time_fix';
    confidence = Math.max(pFormal, pFtf) / (pFormal + pFtf);
  }
  const reasons: string[] = [];
  if (kind === 'enquiry')
    reasons.push(
      a.hazards.length > 0
        ? 'a report of an emergency repair (service request)'
        : 'a request or a question (service request)',
    );
  if (kind !== 'enquiry' && dissatisfaction) reasons.push(`dissatisfaction: "${dissatisfaction}"`);
  if (kind === 'first_time_fix')
    reasons.push('sounds quick to put right (first-time fix, 2 working days); offer a formal complaint (Code 1.3)');
  if (kind === 'formal_complaint')
    reasons.push('serious, repeated or long-running dissatisfaction: formal complaint, stage 1');
  reasons.push(`model: ${kind.replace(/_/g, ' ')} ${Math.round(confidence * 100)}%`);
  return { kind, confidence, reasons };
}

/** Dissatisfaction the Code and seed 004 treat as formal whatever the model thinks. */
function strongFormalReason(a: Analysis): string | undefined {
  if (a.flags.has('discrimination')) return 'alleges discrimination (Equality Act 2010): formal complaint';
  if (a.staffConduct) return `about the conduct of staff or a contractor: "${a.staffConduct}"`;
  if (a.legalStep) return `mentions "${a.legalStep}": formal complaint`;
  if (a.flags.has('compensation')) return 'asks for compensation: formal complaint';
  // Someone else's letter arriving is a breach to report, not the writer's complaint.
  if (a.flags.has('data_breach') && !OTHERS_DATA.test(a.norm))
    return "about a possible breach of the customer's data: formal complaint";
  const longRunning = a.cues.get('dur_long');
  if (
    a.flags.has('damp_mould') &&
    !a.neutral &&
    (a.cues.has('reported_before') || a.cues.has('dis_again') || (longRunning && a.dissatisfied))
  ) {
    return 'damp or mould reported before and not put right: formal complaint';
  }
  // Seed 004: what an MP or councillor raises that meets the complaint definition goes through
  // the complaints process: an unresolved problem, however politely put.
  if (
    a.electedRepresentative &&
    (a.dissatisfied || a.cues.has('reported_before') || longRunning || a.cues.has('dur_medium'))
  ) {
    return `an MP or councillor writes about an unresolved problem: "${a.electedRepresentative}" (seed 004: complaints process)`;
  }
  if (!a.dissatisfied) return undefined;
  if (a.flags.has('abusive'))
    return 'angry and abusive about the service: formal complaint (and unacceptable behaviour, seed 004)';
  if (a.outsideBody) return `mentions "${a.outsideBody}": formal complaint`;
  if (a.cues.has('dis_repeat_many')) return `repeated failure: "${a.cues.get('dis_repeat_many') as string}"`;
  if (
    longRunning &&
    (a.cues.has('dis_waiting') ||
      a.cues.has('dis_without') ||
      a.cues.has('reported_before') ||
      a.cues.has('dis_emotion'))
  ) {
    return `long-running: "${longRunning}"`;
  }
  return undefined;
}

const OTHERS_DATA =
  /came to me by mistake|someone elses|(?:neighbours?|another tenants?|other tenants?|wrong persons?) (?:letter|post|details)|addressed to (?:my )?neighbour/u;

/** Sarcasm is not praise, and "thank you for your response" in an unhappy message is manners. */
function isRealCompliment(a: Analysis): boolean {
  if (a.cues.has('dis_sarcasm')) return false;
  const quote = a.flags.get('compliment')?.quote ?? '';
  const unhappy = a.dissatisfied || a.explicitRequest !== undefined || a.flags.has('appeal');
  return !(unhappy && /^(?:thank|thanks|cheers|many thanks)\b/u.test(quote));
}

function firstDissatisfaction(a: Analysis): string | undefined {
  for (const id of [
    'dis_emotion',
    'dis_waiting',
    'dis_without',
    'dis_repeat_many',
    'dis_failure',
    'dis_mess',
    'dis_sarcasm',
    'reported_before',
  ]) {
    const q = a.cues.get(id);
    if (q) return q;
  }
  return undefined;
}

function flagReason(flag: Flag, a: Analysis): string {
  const hit = a.flags.get(flag);
  return hit ? `${hit.says}: "${hit.quote}"` : flag;
}

function argmax(xs: number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if ((xs[i] as number) > (xs[best] as number)) best = i;
  return best;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
