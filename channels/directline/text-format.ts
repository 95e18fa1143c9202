/**
 * How the bot's words travel as Direct Line `text`, so Web Chat shows them as our page does.
 *
 * Web Chat reads `text` as Markdown unless `textFormat` says 'plain'; as Markdown, the lines of
 * a confirmation run into one paragraph and a customer's "*" or "_" turns into emphasis. So:
 * - words without a web link go as they are, `textFormat: 'plain'` (Web Chat keeps each line);
 * - words with an https link go as Markdown written to show exactly those words: every
 *   character Markdown would act on is escaped, each line break is a hard break (two spaces
 *   at the end of the line), and the link is left bare for the client to make clickable.
 * Our page reads both (public/chat.js `plainText`), and only ever makes https links clickable.
 */

/** The same https-only link pattern as the page: a trailing full stop or bracket is not part of it. */
export const linkPattern = /https:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g;

/** Characters Markdown (CommonMark, GFM tables and strikethrough, raw HTML) may act on anywhere in a line. */
const inline = /[\\`*_[\]<>&~|]/g;

function escapeLine(line: string): string {
  let out = '';
  let last = 0;
  for (const match of line.matchAll(linkPattern)) {
    out += line.slice(last, match.index).replace(inline, '\\$&');
    out += match[0];
    last = match.index + match[0].length;
  }
  out += line.slice(last).replace(inline, '\\$&');
  // What only means something at the start of a line: headings, quotes, list items, setext
  // underlines; and leading spaces, which would make a code block.
  return out
    .replace(/^\s+/, '')
    .replace(/^([#>+=-])/, '\\$1')
    .replace(/^(\d{1,9})([.)])/, '$1\\$2');
}

export function toMarkdown(text: string): string {
  const lines = text.split(/\r?\n/);
  let out = '';
  lines.forEach((line, i) => {
    out += escapeLine(line);
    if (i === lines.length - 1) return;
    // A blank line stays a paragraph break; any other line break must be a hard one: two
    // spaces, not a backslash, which a link at the end of the line would swallow.
    out += line.trim() !== '' && (lines[i + 1] ?? '').trim() !== '' ? '  \n' : '\n';
  });
  return out;
}

const hasLink = new RegExp(linkPattern.source);

export function directLineText(text: string): { text: string; textFormat: 'plain' | 'markdown' } {
  if (!hasLink.test(text)) return { text, textFormat: 'plain' };
  return { text: toMarkdown(text), textFormat: 'markdown' };
}
