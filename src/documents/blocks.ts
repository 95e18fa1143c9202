/**
 * A document as its templates build it: plain text in a few kinds of block, with no
 * markup, so customer and staff words can never become HTML or PDF instructions. Each
 * renderer (HTML, PDF) lays the same blocks out for a format.
 */
export type Block =
  | { type: 'heading'; text: string }
  /** One paragraph; in easy read, one idea per line (lines are separated by "\n"). */
  | { type: 'paragraph'; text: string }
  /** Words somebody else wrote (the customer's complaint, a colleague's reasons), shown as theirs. */
  | { type: 'quote'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'facts'; rows: { label: string; value: string }[] };

export interface DocumentContent {
  /** The document's language (BCP 47 as Intl writes it, e.g. en-GB) and direction. */
  lang: string;
  dir: 'ltr' | 'rtl';
  /** Shown as the first heading, the HTML title and the PDF's Title. */
  title: string;
  /** Who it is from (the landlord), above the title. */
  from: string;
  blocks: Block[];
}

/** The lines of a paragraph: easy-read wording puts one idea on each. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
