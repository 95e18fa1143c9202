import { z } from 'zod';

/**
 * Checks on free-text answers. Only what a person could not act on is refused: a
 * postcode that is not one, an email without an @. Everything else is taken as said.
 */
export const answerChecks = ['any', 'name', 'homeLocator', 'email', 'phone'] as const;
export type AnswerCheck = (typeof answerChecks)[number];

const ukPostcode = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$/i;
// Tenancy references differ by landlord; letters, digits, / and -, with at least one digit.
const tenancyRef = /^(?=.*\d)[A-Z0-9][A-Z0-9/-]{3,19}$/i;

export type HomeLocator = { postcode: string } | { tenancyRef: string };

/** "sw1a1aa" → "SW1A 1AA"; a tenancy reference is kept as typed, upper-cased. */
export function parseHomeLocator(text: string): HomeLocator | undefined {
  const trimmed = text.trim();
  const postcode = ukPostcode.exec(trimmed.replace(/\s+/g, ' '));
  if (postcode) return { postcode: `${postcode[1]} ${postcode[2]}`.toUpperCase() };
  const compact = trimmed.replace(/\s+/g, '');
  const squashed = ukPostcode.exec(compact);
  if (squashed) return { postcode: `${squashed[1]} ${squashed[2]}`.toUpperCase() };
  if (tenancyRef.test(compact)) return { tenancyRef: compact.toUpperCase() };
  return undefined;
}

/** A UK number as +44…: the SMS channel and staff dial it as is. */
export function parsePhone(text: string): string | undefined {
  const digits = text.replace(/[\s()-]/g, '');
  if (/^\+44\d{9,10}$/.test(digits)) return digits;
  if (/^0\d{9,10}$/.test(digits)) return `+44${digits.slice(1)}`;
  return undefined;
}

export function parseEmail(text: string): string | undefined {
  const parsed = z.email().safeParse(text.trim());
  return parsed.success ? parsed.data : undefined;
}

/** Whether an answer passes its check (the Ask dialog re-asks when it does not). */
export function passes(check: AnswerCheck, text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '') return false;
  switch (check) {
    case 'any':
      return true;
    case 'name':
      return trimmed.length <= 200 && /\p{L}/u.test(trimmed);
    case 'homeLocator':
      return parseHomeLocator(trimmed) !== undefined;
    case 'email':
      return parseEmail(trimmed) !== undefined;
    case 'phone':
      return parsePhone(trimmed) !== undefined;
  }
}
