/**
 * SMS segment arithmetic (GSM 03.38 / 3GPP TS 23.038) and a splitter that keeps words,
 * case references, links and phone numbers whole.
 *
 * One SMS holds 160 GSM-7 septets, or 70 UCS-2 code units once any character is outside
 * GSM-7. A longer message is sent as concatenated segments whose header leaves 153
 * septets or 67 units each; the phone joins them back in order. An extension-table
 * character (€ [ ] { } ^ ~ | \ and form feed) costs two septets, and neither it nor an
 * emoji's surrogate pair may straddle two segments.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

const SINGLE = { 'GSM-7': 160, 'UCS-2': 70 } as const;
const PER_SEGMENT = { 'GSM-7': 153, 'UCS-2': 67 } as const;

/** Twilio refuses a body longer than 1600 characters (error 21617). */
export const TWILIO_MAX_BODY = 1600;

export function encodingOf(text: string): SmsEncoding {
  for (const char of text) if (!GSM_BASIC.has(char) && !GSM_EXTENDED.has(char)) return 'UCS-2';
  return 'GSM-7';
}

/** What one character costs: septets in GSM-7, UTF-16 code units in UCS-2. */
function cost(char: string, encoding: SmsEncoding): number {
  if (encoding === 'UCS-2') return char.length;
  return GSM_EXTENDED.has(char) ? 2 : 1;
}

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or code units (UCS-2). */
  units: number;
  segments: number;
}

/** How many segments a body goes out as. */
export function countSegments(text: string): SegmentCount {
  const encoding = encodingOf(text);
  let units = 0;
  for (const char of text) units += cost(char, encoding);
  if (units === 0) return { encoding, units, segments: 1 };
  if (units <= SINGLE[encoding]) return { encoding, units, segments: 1 };
  // Concatenated: fill segments in order; a two-unit character that does not fit starts the next one.
  const capacity = PER_SEGMENT[encoding];
  let segments = 1;
  let used = 0;
  for (const char of text) {
    const c = cost(char, encoding);
    if (used + c > capacity) {
      segments += 1;
      used = 0;
    }
    used += c;
  }
  return { encoding, units, segments };
}

export interface SplitOptions {
  /**
   * Most segments one SMS may use. Parts beyond one segment are concatenated by the
   * phone, in order; separate SMS may arrive out of order, so they are numbered.
   * @defaultValue 4 (612 GSM-7 characters, 268 UCS-2)
   */
  segmentsPerMessage?: number;
  /** Add " (1/3)" to each part of a split message when every part still fits. @defaultValue true */
  numbered?: boolean;
}

/**
 * Runs that must never be cut: links, case references (CMP-2026-000123), UK phone
 * numbers written with spaces, and otherwise any run of non-space characters.
 */
const TOKEN = /https?:\/\/\S+|www\.\S+|\b[A-Z]{3}-\d{4}-\d{6}\b|(?:\+44\s?|\b0)\d{2,4}(?:[ \t]\d{3,4}){1,2}\b|\S+/giu;
const PROTECTED = /^(?:https?:\/\/|www\.)|^[A-Z]{3}-\d{4}-\d{6}$|^(?:\+44|0)\d/iu;

interface Token {
  /** Whitespace before the token in the original text (dropped where a part ends). */
  gap: string;
  text: string;
}

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index;
    tokens.push({ gap: text.slice(last, index), text: match[0] });
    last = index + match[0].length;
  }
  return tokens;
}

/**
 * Split a body into SMS messages of at most `segmentsPerMessage` segments each, only at
 * whitespace. A word longer than a whole message is cut between characters (never
 * inside a surrogate pair); a link, reference or phone number is never cut and, if
 * longer than a message, goes alone in a longer one (Twilio concatenates up to 1600).
 */
export function splitSms(text: string, options: SplitOptions = {}): string[] {
  const body = text.trim();
  const maxSegments = Math.max(1, options.segmentsPerMessage ?? 4);
  const fits = (part: string): boolean => countSegments(part).segments <= maxSegments;
  if (fits(body)) return [body];

  const plain = pack(body, fits);
  if (options.numbered === false || plain.length < 2) return plain;

  // Reserve room for the widest label, re-split until the count is stable.
  let total = plain.length;
  for (let attempt = 0; attempt < 4; attempt++) {
    const label = ` (${total}/${total})`;
    const parts = pack(body, (part) => fits(part + label));
    if (parts.length === total) {
      const labelled = parts.map((part, i) => `${part} (${i + 1}/${total})`);
      // A long link alone in an oversized part was never going to fit; Twilio's own cap still must hold.
      const withinLimits = labelled.every(
        (part, i) => fits(part) || (!fits(parts[i] ?? '') && part.length <= TWILIO_MAX_BODY),
      );
      return withinLimits ? labelled : plain;
    }
    total = parts.length;
  }
  return plain;
}

function pack(body: string, fits: (part: string) => boolean): string[] {
  const parts: string[] = [];
  let current = '';
  for (const token of tokenise(body)) {
    const candidate = current === '' ? token.text : current + token.gap + token.text;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current !== '') parts.push(current);
    current = '';
    if (fits(token.text)) {
      current = token.text;
    } else if (PROTECTED.test(token.text) && token.text.length <= TWILIO_MAX_BODY) {
      parts.push(token.text);
    } else {
      const pieces = cutWord(token.text, fits);
      current = pieces.pop() ?? '';
      parts.push(...pieces);
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}

/** Cut an over-long word between whole characters (code points), each piece as long as fits. */
function cutWord(word: string, fits: (part: string) => boolean): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (piece !== '' && !fits(piece + char)) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/** Split plain text into parts of at most `maxChars` characters, only at whitespace where it can. */
export function splitByLength(text: string, maxChars: number): string[] {
  const body = text.trim();
  const fits = (part: string): boolean => part.length <= maxChars;
  return fits(body) ? [body] : pack(body, fits);
}
