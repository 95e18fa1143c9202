import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { linesOf, type Block, type DocumentContent } from './blocks.js';
import type { RenderableFormat } from './kinds.js';
import { colours, formatStyles, type FormatStyle } from './styles.js';

/**
 * DejaVu Sans, embedded: a plain sans-serif (docs/rules/accessibility.md#large-print) whose glyphs cover Welsh,
 * Polish and Romanian letters and Arabic script, so every word is real, extractable text.
 * Read once per process.
 */
const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function dejaVu(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

/** pdfkit (and fontkit under it) loads on the first PDF, not at start-up: most requests are for the HTML page. */
const loadPdfkit = () => import('pdfkit');
let pdfkit: ReturnType<typeof loadPdfkit> | undefined;

export interface PdfOptions {
  format: RenderableFormat;
  /** Who made it (the PDF's Author): the landlord. */
  author?: string;
  /** @defaultValue now */
  createdAt?: Date;
  /**
   * Said at the top of a right-to-left document: pdfkit shapes Arabic letters but does not
   * reorder words (no Unicode bidi), so the HTML version is the one to read.
   */
  rtlNote?: string;
  /** Uncompressed content streams, so tests can read the text operators. @defaultValue true */
  compress?: boolean;
}

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/**
 * A tagged PDF (headings, paragraphs and lists in its structure tree, its language and
 * title set) laid out for the format: the same sizes, line spacing and measure as the HTML.
 */
export async function renderPdf(content: DocumentContent, options: PdfOptions): Promise<Buffer> {
  const style = formatStyles[options.format];
  pdfkit ??= loadPdfkit();
  const { default: PDFDocument } = await pdfkit;
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: { top: style.pdfMarginPt, bottom: style.pdfMarginPt, left: style.pdfMarginPt, right: style.pdfMarginPt },
    compress: options.compress ?? true,
    pdfVersion: '1.7',
    tagged: true,
    lang: content.lang,
    displayTitle: true,
    info: {
      Title: content.title,
      ...(options.author ? { Author: options.author } : {}),
      Subject: content.title,
      CreationDate: options.createdAt ?? new Date(),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const { regular, bold } = dejaVu();
  doc.registerFont('body', regular);
  doc.registerFont('bold', bold);
  doc.fillColor(colours.text);
  const root = doc.struct('Document');
  doc.addStructure(root);
  const layout = new Layout(doc, root, style, content.dir);

  if (content.dir === 'rtl' && options.rtlNote) layout.paragraph(options.rtlNote);
  if (content.from) layout.text(content.from, { font: 'bold', size: style.bodyPt, structType: 'P' });
  layout.text(content.title, { font: 'bold', size: style.titlePt, structType: 'H1' });
  layout.space(style.paragraphSpacing);
  for (const block of content.blocks) layout.block(block);

  root.end();
  doc.end();
  return done;
}

/** Writes blocks down the page with the format's sizes and line spacing. */
class Layout {
  private readonly width: number;

  constructor(
    private readonly doc: Doc,
    private readonly root: Struct,
    private readonly style: FormatStyle,
    private readonly dir: 'ltr' | 'rtl',
  ) {
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  }

  /** Extra space between lines so each line is `lineHeight` times the text size (pdfkit adds lineGap to the font's own). */
  private lineGap(size: number): number {
    return Math.max(0, size * this.style.lineHeight - this.doc.currentLineHeight(true));
  }

  private set(font: 'body' | 'bold', size: number): number {
    this.doc.font(font).fontSize(size);
    return this.lineGap(size);
  }

  space(multiple: number): void {
    this.doc.y += this.style.bodyPt * multiple;
  }

  text(
    text: string,
    how: { font: 'body' | 'bold'; size: number; structType: string; indent?: number; parent?: Struct },
  ): void {
    const lineGap = this.set(how.font, how.size);
    const indent = how.indent ?? 0;
    this.doc.text(text, this.doc.page.margins.left + (this.dir === 'ltr' ? indent : 0), this.doc.y, {
      width: this.width - indent,
      lineGap,
      // Left aligned in left-to-right languages; right aligned (the start) in Arabic and Urdu. Never justified.
      align: this.dir === 'rtl' ? 'right' : 'left',
      structParent: how.parent ?? this.root,
      structType: how.structType,
    });
  }

  paragraph(text: string, indent = 0, parent?: Struct): void {
    for (const line of linesOf(text)) {
      this.text(line, { font: 'body', size: this.style.bodyPt, structType: 'P', indent, parent });
      this.space(this.style.paragraphSpacing / 2);
    }
    this.space(this.style.paragraphSpacing / 2);
  }

  block(block: Block): void {
    const { doc, style } = this;
    switch (block.type) {
      case 'heading':
        this.space(0.5);
        this.text(block.text, { font: 'bold', size: style.headingPt, structType: 'H2' });
        this.space(0.25);
        return;
      case 'paragraph':
        this.paragraph(block.text);
        return;
      case 'quote': {
        // Somebody's own words, set in from the start edge.
        const quote = doc.struct('BlockQuote');
        this.root.add(quote);
        this.paragraph(block.text, style.bodyPt, quote);
        quote.end();
        return;
      }
      case 'list': {
        const list = doc.struct('L');
        this.root.add(list);
        const lineGap = this.set('body', style.bodyPt);
        doc.list(block.items, doc.page.margins.left, doc.y, {
          width: this.width,
          lineGap,
          paragraphGap: style.bodyPt * (style.paragraphSpacing / 2),
          align: this.dir === 'rtl' ? 'right' : 'left',
          bulletRadius: style.bodyPt / 6,
          structParent: list,
        });
        list.end();
        this.space(style.paragraphSpacing);
        return;
      }
      case 'facts':
        for (const row of block.rows) {
          const lineGap = this.set('bold', style.bodyPt);
          doc.text(`${row.label}: `, doc.page.margins.left, doc.y, {
            width: this.width,
            lineGap,
            continued: true,
            align: this.dir === 'rtl' ? 'right' : 'left',
            structParent: this.root,
            structType: 'P',
          });
          doc.font('body').text(row.value, { lineGap, continued: false });
        }
        if (block.rows.length > 0) this.space(style.paragraphSpacing);
        return;
    }
  }
}
