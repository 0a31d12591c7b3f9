/** One competency of the chart: the level held and the level the position requires (0–5). */
export interface ChartRow {
  label: string;
  held: number;
  required: number;
}

export interface ChartTexts {
  title: string;
  held: string;
  required: string;
  /** "{label}: held {held}, required {required}" already filled per row. */
  rowTitle: (row: ChartRow) => string;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const MAX_LEVEL = 5;
const LABEL_WIDTH = 150;
const BAR_WIDTH = 300;
const ROW_HEIGHT = 34;
const TOP = 34;

/**
 * Held vs required per competency as an SVG bar chart built on the server: per row a bar for the
 * level held and a marker line at the level required, a legend, a <title>, and each row titled.
 * Every text is escaped; the page gives the same figures as a table beside it.
 */
export function competencyChart(rows: readonly ChartRow[], texts: ChartTexts): string {
  const width = LABEL_WIDTH + BAR_WIDTH + 40;
  const height = TOP + rows.length * ROW_HEIGHT + 24;
  const x = (level: number) => LABEL_WIDTH + (Math.max(0, Math.min(MAX_LEVEL, level)) / MAX_LEVEL) * BAR_WIDTH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="chart-title" class="chart">`,
    `<title id="chart-title">${escape(texts.title)}</title>`,
    `<rect x="${LABEL_WIDTH}" y="8" width="14" height="12" fill="#176a32"/><text x="${LABEL_WIDTH + 20}" y="18" font-size="12">${escape(texts.held)}</text>`,
    `<line x1="${LABEL_WIDTH + 110}" y1="6" x2="${LABEL_WIDTH + 110}" y2="22" stroke="#a1201a" stroke-width="3"/><text x="${LABEL_WIDTH + 118}" y="18" font-size="12">${escape(texts.required)}</text>`,
  ];
  for (let level = 0; level <= MAX_LEVEL; level++) {
    const at = x(level);
    parts.push(`<line x1="${at}" y1="${TOP - 4}" x2="${at}" y2="${height - 20}" stroke="#d5dae1"/><text x="${at}" y="${height - 6}" font-size="11" text-anchor="middle">${level}</text>`);
  }
  rows.forEach((row, i) => {
    const y = TOP + i * ROW_HEIGHT;
    const label = row.label.length > 22 ? `${row.label.slice(0, 21)}…` : row.label;
    const short = row.held < row.required;
    parts.push(
      `<g><title>${escape(texts.rowTitle(row))}</title>`,
      `<text x="${LABEL_WIDTH - 8}" y="${y + 18}" font-size="12" text-anchor="end">${escape(label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 6}" width="${x(row.held) - LABEL_WIDTH}" height="16" fill="${short ? '#7a4b00' : '#176a32'}"/>`,
      row.required > 0 ? `<line x1="${x(row.required)}" y1="${y + 2}" x2="${x(row.required)}" y2="${y + 26}" stroke="#a1201a" stroke-width="3"/>` : '',
      `</g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
