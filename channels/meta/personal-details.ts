/**
 * Whether a public comment carries personal details: a phone number, an email address, a
 * UK postcode or a street address. A customer who writes these in public is answered
 * privately, and nothing of them is ever repeated in public.
 */
const patterns: readonly RegExp[] = [
  // UK phone numbers, with or without spaces or a +44.
  /(?:\+44\s?|\b0)(?:\d[\s-]?){9,10}\b/,
  /[\w.+-]+@[\w-]+\.[\w.-]+/,
  // UK postcodes (BS1 4DJ, SW1A 1AA, M1 1AE).
  /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/i,
  // "12 Acacia Road", "Flat 3, 14 High St"
  /\b\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Court|Ct|Way|Crescent|Place|Gardens|Terrace|Grove|Walk|Square|Hill|Mews|Row)\b/,
  /\b(?:flat|apartment|apt)\s+\d+/i,
];

export function hasPersonalDetails(text: string): boolean {
  return patterns.some((p) => p.test(text));
}
