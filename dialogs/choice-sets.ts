import type { PreferredFormat } from '../src/db/rows.js';
import type { ChoiceSpec } from './speaker.js';

/** The choices the dialogs offer; titles and synonyms live in the locale files under `choices.*`. */

export const yesNo: ChoiceSpec[] = [
  { value: 'yes', key: 'choices.yes' },
  { value: 'no', key: 'choices.no' },
];

export type OfferChoice = 'formal' | 'fix' | 'neither';

/** Code 1.3 / seed 004: whenever someone is unhappy, offer the complaint (or a quick fix). */
export const complaintOffer: ChoiceSpec[] = [
  { value: 'formal', key: 'choices.formal' },
  { value: 'fix', key: 'choices.fix' },
  { value: 'neither', key: 'choices.neither' },
];

export const startedWhen: ChoiceSpec[] = [
  { value: 'recent', key: 'choices.started.recent' },
  { value: 'within_year', key: 'choices.started.withinYear' },
  { value: 'over_year', key: 'choices.started.overYear' },
];

export type Role = 'self' | 'for_someone' | 'has_rep';

export const whoFor: ChoiceSpec[] = [
  // "Are you the tenant…?" "Yes": the tenant.
  { value: 'self', key: 'choices.who.self', also: 'choices.yes' },
  { value: 'for_someone', key: 'choices.who.forSomeone' },
  { value: 'has_rep', key: 'choices.who.hasRep' },
];

/** A representative cannot give the customer's consent for them (seed 004); staff confirm it. */
export const repSaysAgreed: ChoiceSpec[] = [
  { value: 'agreed', key: 'choices.repAgreed' },
  { value: 'not_yet', key: 'choices.repNotYet' },
];

export type ContactChoice = 'sms' | 'phone' | 'email' | 'letter' | 'chat';

export const contactMethods: ChoiceSpec[] = (['sms', 'phone', 'email', 'letter', 'chat'] as const).map((m) => ({
  value: m,
  key: `choices.contact.${m}`,
}));

export function isContactChoice(value: string | null): value is ContactChoice {
  return value !== null && contactMethods.some((c) => c.value === value);
}

/** seeds 000, 001, 002: the formats customers ask for. */
export const formatValues: PreferredFormat[] = [
  'standard',
  'large_print',
  'easy_read',
  'braille',
  'audio',
  'another_language',
  'interpreter',
  'bsl',
];

export const formats: ChoiceSpec[] = formatValues.map((f) => ({ value: f, key: `choices.format.${f}` }));

export function isFormat(value: string | null): value is PreferredFormat {
  return value !== null && (formatValues as string[]).includes(value);
}

export const skip: ChoiceSpec[] = [{ value: 'skip', key: 'choices.skip' }];
