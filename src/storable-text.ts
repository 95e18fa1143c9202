/**
 * What PostgreSQL can hold. Its `text` refuses U+0000 (the byte 0x00), and `jsonb` also
 * refuses the escape `\u0000` and a UTF-16 surrogate without its pair (`"\ud800"`, which
 * JSON.stringify writes for a lone surrogate). A provider, or a hostile web chat user, can
 * send either; stored as they came, the insert fails, and with it every other message
 * written in the same statement. So every channel passes what it stores through here.
 *
 * Nothing a person would see is lost: NUL shows as nothing, so it is dropped; a lone
 * surrogate shows as a broken character, so it becomes U+FFFD, the replacement character
 * a browser would draw in its place.
 */

const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text as PostgreSQL can store it: NUL dropped, lone surrogates replaced by U+FFFD. */
export function storableText(text: string): string {
  unstorable.lastIndex = 0;
  if (!unstorable.test(text)) return text;
  return text.replace(unstorable, (found) => (found === '\u0000' ? '' : '\uFFFD'));
}

/** A JSON-like value with every string in it (keys too) made storable, for a jsonb column. */
export function storableJson<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[storableText(key)] = clean(inner);
    return out;
  }
  return value;
}
