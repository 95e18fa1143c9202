import { z } from 'zod';

/**
 * Phone numbers and email addresses inside whatever the customer wrote ("text me on
 * 07700 900123 after 5", "it's jo.bloggs@example.org thanks").
 */

// A run that starts like a UK number (+44, 0044 or 0) and carries on in digits, spaces, brackets and dashes.
const phoneRun = /(?:\+\s?44|0044|\(?0)[\d\s()-]{8,18}\d/g;

/** The first UK phone number in the text, as +44…: the SMS channel and staff dial it as is. */
export function findPhone(text: string): string | undefined {
  for (const match of text.matchAll(phoneRun)) {
    let digits = match[0].replace(/[^\d+]/g, '');
    if (digits.startsWith('+44')) digits = digits.slice(3);
    else if (digits.startsWith('0044')) digits = digits.slice(4);
    else if (digits.startsWith('0')) digits = digits.slice(1);
    else continue;
    // "+44 (0)7700…": the 0 people write in brackets after the country code.
    if (digits.startsWith('0')) digits = digits.slice(1);
    if (/^[1-9]\d{8,9}$/.test(digits)) return `+44${digits}`;
  }
  return undefined;
}

/** A run that starts like a UK number but is not one ("01522 555 0192", a digit too many). */
export function hasUnreadablePhone(text: string): boolean {
  return findPhone(text) === undefined && [...text.matchAll(phoneRun)].length > 0;
}

/** A phone number as people read it back: "07700 900123". */
export function displayPhone(e164: string): string {
  if (!e164.startsWith('+44')) return e164;
  const national = `0${e164.slice(3)}`;
  return national.length === 11 ? `${national.slice(0, 5)} ${national.slice(5)}` : national;
}

const emailRun = /[^\s@<>(),;:"']+@[^\s@<>(),;:"']+\.[^\s@<>(),;:"']+/g;

/** The first email address in the text. */
export function findEmail(text: string): string | undefined {
  for (const match of text.matchAll(emailRun)) {
    const candidate = match[0].replace(/[.!?]+$/, '');
    const parsed = z.email().safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}
