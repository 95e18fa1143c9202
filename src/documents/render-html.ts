import { createHash } from 'node:crypto';
import { linesOf, type Block, type DocumentContent } from './blocks.js';
import type { RenderableFormat } from './kinds.js';
import { colours, formatStyles } from './styles.js';

/** Everything that reaches the page is text: customer and staff words included, so all of it is escaped. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export interface HtmlOptions {
  format: RenderableFormat;
  /** A link to the same document as a PDF, shown at its foot. */
  pdf?: { href: string; text: string };
}

export interface RenderedHtml {
  html: string;
  /** A policy for this page alone: nothing loads, and only its own stylesheet (by hash) applies. */
  contentSecurityPolicy: string;
}

/**
 * The stylesheet for a format (docs/rules/accessibility.md#large-print): sizes in points as print guidance gives
 * them; normal style, no underlines or capitals anywhere (links are bold instead);
 * start-aligned (left in English, right in Arabic and Urdu); black on white.
 */
export function stylesheet(format: RenderableFormat): string {
  const s = formatStyles[format];
  const space = `${s.paragraphSpacing}em`;
  return [
    `html{background:${colours.background};color:${colours.text}}`,
    `body{margin:0;font-family:"DejaVu Sans",Verdana,Arial,Helvetica,sans-serif;font-size:${s.bodyPt}pt;line-height:${s.lineHeight};` +
      'font-style:normal;font-weight:400;text-transform:none;text-decoration:none;text-align:start;letter-spacing:normal;word-spacing:normal;' +
      '-webkit-text-size-adjust:100%;text-size-adjust:100%}',
    `main,footer{max-width:${s.measureCh}ch;padding:1em 1.25em}`,
    `h1,h2{font-weight:700;line-height:${s.lineHeight};margin:0}`,
    `h1{font-size:${s.titlePt}pt;margin-bottom:${space}}`,
    `h2{font-size:${s.headingPt}pt;margin-top:1em;margin-bottom:0.25em}`,
    `p,ul,dl{margin:0 0 ${space}}`,
    'ul{padding-inline-start:1.25em}',
    `li{margin-bottom:${format === 'easy_read' ? space : '0.25em'}}`,
    `blockquote{margin:0 0 ${space};padding-inline-start:0.75em;border-inline-start:0.25em solid ${colours.rule}}`,
    'blockquote p{margin-bottom:0.5em}',
    'dl{display:grid;grid-template-columns:max-content minmax(0,1fr);column-gap:1em}',
    'dt{font-weight:700}dd{margin:0;overflow-wrap:anywhere}',
    '.from{font-weight:700}',
    `a{color:${colours.link};font-weight:700;text-decoration:none}`,
    `a:focus{outline:0.15em solid ${colours.text};outline-offset:0.15em}`,
    '@media print{main,footer{max-width:none}footer{display:none}}',
  ].join('\n');
}

function lines(text: string, className?: string): string {
  const attr = className ? ` class="${className}"` : '';
  return linesOf(text)
    .map((line) => `<p${attr}>${escapeHtml(line)}</p>`)
    .join('\n');
}

function block(b: Block): string {
  switch (b.type) {
    case 'heading':
      return `<h2>${escapeHtml(b.text)}</h2>`;
    case 'paragraph':
      return lines(b.text);
    case 'quote':
      return `<blockquote>\n${lines(b.text)}\n</blockquote>`;
    case 'list':
      return `<ul>\n${b.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('\n')}\n</ul>`;
    case 'facts':
      if (b.rows.length === 0) return '';
      return `<dl>\n${b.rows.map((r) => `<dt>${escapeHtml(r.label)}</dt><dd>${escapeHtml(r.value)}</dd>`).join('\n')}\n</dl>`;
  }
}

/** A complete, accessible page: language and direction, a title, one h1 then h2s, no script. */
export function renderHtml(content: DocumentContent, options: HtmlOptions): RenderedHtml {
  const css = stylesheet(options.format);
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  const title = content.from ? `${content.title} - ${content.from}` : content.title;
  const foot = options.pdf
    ? `<footer>\n<p><a href="${escapeHtml(options.pdf.href)}" type="application/pdf">${escapeHtml(options.pdf.text)}</a></p>\n</footer>\n`
    : '';
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(content.lang)}" dir="${content.dir}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    `<body class="format-${options.format}">`,
    '<main>',
    content.from ? `<p class="from">${escapeHtml(content.from)}</p>` : '',
    `<h1>${escapeHtml(content.title)}</h1>`,
    ...content.blocks.map(block),
    '</main>',
    `${foot}</body>`,
    '</html>',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
  return {
    html,
    contentSecurityPolicy: `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };
}
