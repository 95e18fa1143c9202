import { findEmail, findPhone } from './answers/contact.js';
import { findHome, findPostcode, tenancyRefMatcher, type Home } from './answers/home.js';
import { findName } from './answers/name.js';

/**
 * Checks on free-text answers. Only what a person could not act on is refused: a
 * postcode that is not one, an email without an @. Everything else is taken as said,
 * and what is wanted is found inside the reply ("my postcode is DE1 1AA thanks").
 */
export const answerChecks = ['any', 'name', 'homeLocator', 'email', 'phone', 'emailOrPostcode'] as const;
export type AnswerCheck = (typeof answerChecks)[number];

export type HomeLocator = Home;

/** Reads answers for one landlord: its tenancy reference format is a setting (LANDLORD_TENANCY_REF_PATTERN). */
export class AnswerReader {
  readonly tenancyRef: RegExp;

  constructor(tenancyRefPattern?: string) {
    this.tenancyRef = tenancyRefMatcher(tenancyRefPattern);
  }

  home(text: string): Home | undefined {
    return findHome(text, this.tenancyRef);
  }

  /** Whether an answer passes its check (the Ask dialog asks again when it does not). */
  passes(check: AnswerCheck, text: string): boolean {
    const trimmed = text.trim();
    if (trimmed === '') return false;
    switch (check) {
      case 'any':
        return true;
      case 'name':
        return findName(trimmed) !== undefined;
      case 'homeLocator':
        return this.home(trimmed) !== undefined;
      case 'email':
        return findEmail(trimmed) !== undefined;
      case 'phone':
        return findPhone(trimmed) !== undefined;
      case 'emailOrPostcode':
        // Where to send a reply: an email, or a postal address with its postcode.
        return findEmail(trimmed) !== undefined || findPostcode(trimmed) !== undefined;
    }
  }
}

export const defaultAnswerReader = new AnswerReader();

/** "sw1a1aa" → "SW1A 1AA"; a tenancy reference in the default format, upper-cased. */
export function parseHomeLocator(text: string): HomeLocator | undefined {
  return defaultAnswerReader.home(text);
}

/** A UK number as +44…, found anywhere in the text. */
export function parsePhone(text: string): string | undefined {
  return findPhone(text);
}

export function parseEmail(text: string): string | undefined {
  return findEmail(text);
}

export function passes(check: AnswerCheck, text: string): boolean {
  return defaultAnswerReader.passes(check, text);
}
