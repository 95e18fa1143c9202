import { z } from 'zod';

/**
 * What triage says about one customer message. The CLI contract (docs/contracts.md#intake-classify) is a
 * subset of TriageResult; the dialogs get the richer shape (hazard, category, language).
 */

/**
 * enquiry = a service request or a question (Code 1.4); first_time_fix = dissatisfaction
 * not previously dealt with as a complaint that can be put right within 2 working days
 * (seed 004); formal_complaint = every other complaint.
 */
export const kinds = ['enquiry', 'first_time_fix', 'formal_complaint'] as const;
export const KindSchema = z.enum(kinds);
export type Kind = z.infer<typeof KindSchema>;

export const flagNames = [
  'damp_mould',
  'safeguarding',
  'abusive',
  'format_request',
  'language_request',
  'representative',
  'appeal',
  'compensation',
  'discrimination',
  'data_breach',
  'compliment',
] as const;
export const FlagSchema = z.enum(flagNames);
export type Flag = z.infer<typeof FlagSchema>;

/**
 * Emergency hazards (docs/rules/hazards.md#safety-advice-first, seed 001). The hazard drives the safety advice:
 * gas and carbon_monoxide need "leave, no switches, call 0800 111 999"; fire and
 * person_at_risk need 999. `fire` and `exposed_electrics` are kept apart from
 * `sparks_burning` because the advice differs (get out / do not touch).
 */
export const hazardNames = [
  'gas',
  'carbon_monoxide',
  'fire',
  'person_at_risk',
  'water_electrics',
  'sparks_burning',
  'exposed_electrics',
  'structural',
  'flooding',
  'trapped',
  'sewage',
  'no_power',
  'insecure_door',
  'no_heat_vulnerable',
] as const;
export const HazardSchema = z.enum(hazardNames);
export type Hazard = z.infer<typeof HazardSchema>;

/** Themes for learning from complaints (seed 004: "themes and trends by category"). */
export const categoryNames = [
  'repairs',
  'damp_mould',
  'asb',
  'rent',
  'staff_conduct',
  'communication',
  'estate',
  'other',
] as const;
export const CategorySchema = z.enum(categoryNames);
export type Category = z.infer<typeof CategorySchema>;

/**
 * Whether a message says anything to act on (src/triage/substance.ts): `none` (an
 * acknowledgement, thanks, yes or no, a greeting, an emoji), `brief` (an answer-like
 * message with no housing subject: a name, a number, a postcode, a date) or `matter`.
 */
export const substances = ['none', 'brief', 'matter'] as const;
export type Substance = (typeof substances)[number];

/** ISO 639-1 guess of the language the customer wrote in; 'und' when unsure. */
export const languageCodes = ['en', 'pl', 'cy', 'ro', 'ur', 'pa', 'ar', 'bn', 'so', 'zh', 'und'] as const;
export type LanguageCode = (typeof languageCodes)[number];

export const TriageInputSchema = z.object({
  text: z.string().max(20_000),
  /** Channel the message came in on (sms, webchat, facebook, ...). Free text: only a hint. */
  channel: z.string().max(40).optional(),
  /** The customer has a complaint on record about this matter (seed 004: then it is formal). */
  priorComplaint: z.boolean().optional(),
  /** Number of open cases the customer has; shown in the reasons only. */
  openCases: z.number().int().min(0).optional(),
});
export type TriageInput = z.input<typeof TriageInputSchema>;

export interface TriageResult {
  kind: Kind;
  emergency: boolean;
  /** The most serious hazard found (drives the safety advice); absent when not an emergency. */
  hazard?: Hazard;
  /** Every hazard found, most serious first. */
  hazards: Hazard[];
  /**
   * Hazards the customer only asks about ("what do I do if my CO alarm goes off?"): not an
   * emergency, but the answer should carry that hazard's safety advice. Most serious first.
   */
  asksAbout: Hazard[];
  category: Category;
  flags: Flag[];
  /** 0..1: how sure triage is of `kind`. Rules that follow policy directly give >= 0.9. */
  confidence: number;
  /** Short sentences a complaints officer can read. */
  reasons: string[];
  /** The customer asked, in words, for a complaint: it must be recorded as one (Code 1.3). */
  explicitComplaintRequest: boolean;
  language: LanguageCode;
  /**
   * `none`: nothing to act on ("ok", "thanks", "yes", an emoji): never a new case (issue 11).
   * `brief`: no housing subject, as an answer usually is ("Jane Smith", "NG31 6AB", "2").
   * `matter`: something to act on. Lets the dialogs tell a new matter from an answer.
   */
  substance: Substance;
}

/** One line of `intake classify` input (docs/contracts.md#intake-classify contract). */
export const ClassifyRequestSchema = z.object({
  id: z.union([z.string().max(200), z.number()]),
  text: z.string().max(20_000),
  channel: z.string().max(40).optional(),
  priorComplaint: z.boolean().optional(),
  openCases: z.number().int().min(0).optional(),
});
export type ClassifyRequest = z.infer<typeof ClassifyRequestSchema>;

/** One line of `intake classify` output (docs/contracts.md#intake-classify contract). */
export interface ClassifyResponse {
  id: string | number;
  kind: Kind;
  emergency: boolean;
  flags: Flag[];
  confidence: number;
  reasons: string[];
}

/** A labelled message in src/triage/corpus/{train,test}.jsonl. */
export const CorpusItemSchema = z.object({
  text: z.string().min(1),
  kind: KindSchema,
  emergency: z.boolean(),
  flags: z.array(FlagSchema),
  channel: z.string(),
  lang: z.string(),
  priorComplaint: z.boolean().optional(),
});
export type CorpusItem = z.infer<typeof CorpusItemSchema>;
