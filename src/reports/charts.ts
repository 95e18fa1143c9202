/**
 * Charts drawn as inline SVG, each a labelled image (role="img" with <title> and <desc>)
 * whose description states every value, next to a table with the same numbers
 * (docs/rules/accessibility.md). Values are written on the bars, so colour carries nothing alone.
 */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface Bar {
  label: string;
  value: number;
  /** What is written at the end of the bar, e.g. "92.5% (1,180 of 1,204)". @defaultValue the value */
  text?: string;
}

export interface BarChartOptions {
  id: string;
  title: string;
  /** The largest value the axis shows (100 for percentages). @defaultValue the largest bar */
  max?: number;
  /** A reference line, e.g. a target of 100%. */
  unit?: string;
}

const colours = ['#1d4f91', '#2e7d32', '#8a3b12', '#5b2a86', '#0b6e6e', '#7a5c00'];

/** Horizontal bars: labels on the left, the value written after each bar. */
export function barChart(bars: readonly Bar[], options: BarChartOptions): string {
  const labelWidth = 230;
  const barArea = 330;
  const rowHeight = 28;
  const width = labelWidth + barArea + 170;
  const height = Math.max(1, bars.length) * rowHeight + 10;
  const max = options.max ?? Math.max(1, ...bars.map((b) => b.value));
  const titleId = `${options.id}-title`;
  const descId = `${options.id}-desc`;
  const description =
    bars.length === 0
      ? 'No data in the period.'
      : bars.map((b) => `${b.label}: ${b.text ?? `${b.value}${options.unit ?? ''}`}`).join('; ') + '.';
  const rows = bars
    .map((b, i) => {
      const y = 5 + i * rowHeight;
      const w = max === 0 ? 0 : Math.max(0, Math.min(barArea, (b.value / max) * barArea));
      return (
        `<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end">${escapeHtml(b.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 10}" fill="${colours[i % colours.length]}"></rect>` +
        `<text x="${labelWidth + w + 6}" y="${y + 18}">${escapeHtml(b.text ?? `${b.value}${options.unit ?? ''}`)}</text>`
      );
    })
    .join('');
  return (
    `<svg class="chart" role="img" aria-labelledby="${titleId} ${descId}" viewBox="0 0 ${width} ${height}" ` +
    `width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${titleId}">${escapeHtml(options.title)}</title>` +
    `<desc id="${descId}">${escapeHtml(description)}</desc>` +
    `<g font-family="inherit" font-size="14" fill="#1b1b1b">${rows}</g></svg>`
  );
}
