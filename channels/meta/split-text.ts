/**
 * Split text into parts of at most `maxChars` UTF-16 units (Messenger's and Instagram's
 * limits count them), between words where it can; a word longer than a part is cut
 * between whole characters, never inside an emoji.
 */
export function splitText(text: string, maxChars: number): string[] {
  const body = text.trim();
  if (body.length <= maxChars) return [body];
  const parts: string[] = [];
  let current = '';
  for (const match of body.matchAll(/(\s*)(\S+)/g)) {
    const gap = match[1] ?? '';
    const word = match[2] ?? '';
    const candidate = current === '' ? word : current + gap + word;
    if (candidate.length <= maxChars) {
      current = candidate;
      continue;
    }
    if (current !== '') parts.push(current);
    current = '';
    for (const char of word) {
      if (current.length + char.length > maxChars) {
        parts.push(current);
        current = '';
      }
      current += char;
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}
