import type { RenderableFormat } from './kinds.js';

/**
 * How each format looks, shared by the HTML and the PDF renderer so both say the same.
 * From docs/rules/accessibility.md#large-print (UK Association for Accessible Formats; RNIB): large print at
 * least 16 pt, ideally 18; clear print at least 12 pt; a plain sans-serif; no italics,
 * underlining or blocks of capitals; left aligned; line spacing about 1.5; 60-70
 * characters a line; strong contrast. Easy read (Mencap's guidance): larger text, short
 * lines, one idea per line and plenty of space.
 */
export interface FormatStyle {
  /** Body text, in points. */
  bodyPt: number;
  /** The document's title. */
  titlePt: number;
  /** Section headings. */
  headingPt: number;
  /** Line height as a multiple of the text size. */
  lineHeight: number;
  /** Space after a paragraph, as a multiple of the body size. */
  paragraphSpacing: number;
  /** Longest line, in characters (CSS `ch`); the PDF's margins give about the same. */
  measureCh: number;
  /** PDF page margins, in points. */
  pdfMarginPt: number;
}

export const formatStyles: Record<RenderableFormat, FormatStyle> = {
  // Clear print: at least 12 pt (docs/rules/accessibility.md#large-print).
  standard: {
    bodyPt: 12,
    titlePt: 18,
    headingPt: 14,
    lineHeight: 1.5,
    paragraphSpacing: 0.75,
    measureCh: 70,
    pdfMarginPt: 72,
  },
  // Large print: 18 pt, the ideal (at least 16), 1.5 line spacing, 60-70 characters a line.
  large_print: {
    bodyPt: 18,
    titlePt: 26,
    headingPt: 22,
    lineHeight: 1.5,
    paragraphSpacing: 0.75,
    measureCh: 65,
    pdfMarginPt: 50,
  },
  // Easy read: large text, short lines and more space between ideas.
  easy_read: {
    bodyPt: 16,
    titlePt: 24,
    headingPt: 20,
    lineHeight: 1.6,
    paragraphSpacing: 1,
    measureCh: 50,
    pdfMarginPt: 60,
  },
};

/** Strong contrast: black on white (21:1), links in a dark blue that passes WCAG AAA on white. */
export const colours = { text: '#000000', background: '#ffffff', link: '#0b0c8c', rule: '#000000' } as const;
