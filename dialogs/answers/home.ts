import { referencePattern } from '../../src/db/case-store.js';
import { findPhone } from './contact.js';

/**
 * Where the customer lives, as they gave it: a UK postcode found anywhere in the reply
 * (with the whole address line kept when there is more than the postcode), or a tenancy
 * reference in the landlord's own format. Never a sentence with its spaces squeezed out.
 */
export interface Home {
  postcode?: string;
  /** The address line as the customer typed it ("Flat 2, 7 Oak Avenue, Grantham NG31 6AB"). */
  address?: string;
  tenancyRef?: string;
}

/** The default tenancy reference: one word of letters, digits, / and -, with at least 3 digits (T/004512, 10045678, HA-2291-B). */
export const defaultTenancyRefPattern = '(?=(?:[^0-9]*[0-9]){3})[A-Z0-9][A-Z0-9/-]{3,19}';

/** A landlord's pattern as a whole-word, case-insensitive test. */
export function tenancyRefMatcher(source: string = defaultTenancyRefPattern): RegExp {
  return new RegExp(`^(?:${source})$`, 'i');
}

// Outward code, optional space, inward code; anywhere in the text, on word boundaries.
const postcodeAnywhere = /(?<![A-Z0-9])([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})(?![A-Z0-9])/i;

/** "sw1a1aa" or "post code is DE1 1AA" → "SW1A 1AA". */
export function findPostcode(text: string): { postcode: string; index: number; length: number } | undefined {
  const match = postcodeAnywhere.exec(text.replace(/\s+/g, ' '));
  if (!match?.[1] || !match[2]) return undefined;
  return { postcode: `${match[1]} ${match[2]}`.toUpperCase(), index: match.index, length: match[0].length };
}

// A house number and street, perhaps a flat and a town, ending at the postcode: "flat 3, 41 canal street, Nottingham NG7 2QP".
const streetWords =
  'street|st|road|rd|lane|ln|avenue|ave|close|cl|court|ct|drive|dr|way|crescent|cres|place|pl|gardens|gdns|grove|terrace|walk|row|hill|square|sq|view|mews|park|green|rise|house|flats|parade|wharf|gate|heights|boulevard|yard|fields|meadows?|croft|vale|chase|heol|stryd|ffordd';
const addressLine = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:flat|apartment|apt|unit|room)\\s+(?:[\\p{L}\\p{N}]+\\s*,?\\s+)?)?\\d+[a-z]?,?\\s+(?:[\\p{L}'-]+\\s+){0,3}(?:${streetWords})\\b[\\s,]*(?:[\\p{L}'-]+[\\s,]+){0,4}${postcodeAnywhere.source}`,
  'iu',
);

/**
 * The address line inside a longer message ("Mrs Aisha Khan of 22 Mill Lane, Leicester
 * LE2 7QT, about damp…" → "22 Mill Lane, Leicester LE2 7QT"), as typed; none without a
 * house number and a street before the postcode.
 */
export function findAddressLine(text: string): string | undefined {
  return addressLine.exec(text.replace(/\s+/g, ' '))?.[0];
}

// What people put before an address or a reference; not part of it.
const leadIn =
  /^(?:no|nope|nah|actually|sorry|not any ?more|wrong)\b[\s,.!-]*|^(?:(?:my|our|the|her|his|their)\s+)?(?:full\s+)?(?:home\s+)?(?:address|post ?code|postcode|tenancy(?:\s+ref(?:erence)?)?(?:\s+number)?|ref(?:erence)?(?:\s+number)?)\s*(?:is|=|:)?\s*|^(?:it'?s|it is|its|that'?s|i live at|we live at|she lives at|he lives at|they live at|i'm at|im at|at)\s+/i;
const filler = /^(?:thanks|thank you|ta|cheers|please|pls|thx|x+|\s|[.,;:!?-])*$/i;

function stripLeadIns(text: string): string {
  let out = text.trim();
  for (let i = 0; i < 3; i += 1) {
    const next = out.replace(leadIn, '').trim();
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Words of the reply, stripped of the punctuation around them. */
function tokens(text: string): string[] {
  return text
    .split(/\s+/)
    .map((t) => t.replace(/^[("'“‘[]+|[)"'”’\].,;:!?]+$/g, ''))
    .filter((t) => t !== '');
}

/** A postcode (with the address line around it) or a tenancy reference, from a reply in the customer's words. */
export function findHome(text: string, tenancyRef: RegExp = tenancyRefMatcher()): Home | undefined {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed === '') return undefined;
  const found = findPostcode(trimmed);
  if (found) {
    // The line ends at the postcode: "…NG5 1AA now, i moved" is chatter after it.
    const upToPostcode = found.index > 0 ? trimmed.slice(0, found.index + found.length) : trimmed;
    const line = stripLeadIns(upToPostcode)
      .replace(/[.!]+$/, '')
      .trim();
    const withoutPostcode = line.replace(new RegExp(found.postcode.replace(' ', ' ?'), 'i'), ' ');
    // More than the postcode: a house or flat number, a street, a town. Kept whole, as given.
    const hasMore = !filler.test(withoutPostcode) && /[\p{L}\p{N}]{2,}|\d/u.test(withoutPostcode);
    return hasMore ? { postcode: found.postcode, address: line } : { postcode: found.postcode };
  }
  const phone = findPhone(trimmed);
  const phoneDigits = phone ? phone.replace(/^\+44/, '') : undefined;
  for (const token of tokens(stripLeadIns(trimmed))) {
    if (referencePattern.test(token)) continue;
    // A phone number's pieces ("07700 900123") are not a reference.
    if (phoneDigits && token.replace(/\D/g, '').length >= 3 && `0${phoneDigits}`.includes(token.replace(/\D/g, '')))
      continue;
    if (tenancyRef.test(token)) return { tenancyRef: token.toUpperCase() };
  }
  return undefined;
}
