/** One unit × competency cell of the gap report. */
export interface HeatCell {
  unitId: string;
  competencyId: string;
  employees: number;
  below: number;
  shareBelow: number;
}

export interface HeatAxis {
  id: string;
  code: string;
  name: string;
}

export interface HeatmapLabels {
  /** The chart's accessible name. */
  title: string;
  /** The title of a cell, given the unit, the competency and the figures. */
  cell(unit: HeatAxis, competency: HeatAxis, cell: HeatCell): string;
  /** The title of a cell with no requirement. */
  empty(unit: HeatAxis, competency: HeatAxis): string;
}

const CELL_W = 34;
const CELL_H = 22;
const LEFT = 110;
const TOP = 80;

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c);

/** The share below the standard as a colour: pale green at 0 %, amber in the middle, dark red at 100 %. */
export function gapColour(share: number): string {
  const stops: [number, [number, number, number]][] = [
    [0, [218, 240, 222]],
    [50, [244, 180, 80]],
    [100, [160, 28, 28]],
  ];
  const p = Math.max(0, Math.min(100, share));
  const i = p <= 50 ? 0 : 1;
  const [a, ca] = stops[i];
  const [b, cb] = stops[i + 1];
  const f = (p - a) / (b - a);
  const mix = ca.map((v, k) => Math.round(v + (cb[k] - v) * f));
  return `#${mix.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The gap heatmap as an inline SVG: units down, competencies across, each cell coloured by the
 * share of employees below the standard, with a <title> per cell (every text escaped here).
 */
export function gapHeatmapSvg(units: HeatAxis[], competencies: HeatAxis[], cells: HeatCell[], labels: HeatmapLabels): string {
  const byKey = new Map(cells.map((c) => [`${c.unitId}|${c.competencyId}`, c]));
  const width = LEFT + competencies.length * CELL_W + 4;
  const height = TOP + units.length * CELL_H + 4;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="admin-heatmap" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="heatmap-title">`,
    `<title id="heatmap-title">${escapeXml(labels.title)}</title>`,
    `<g font-size="11" font-family="system-ui,sans-serif" fill="#1f2933">`,
  ];
  competencies.forEach((c, j) => {
    const x = LEFT + j * CELL_W + CELL_W / 2;
    out.push(`<text transform="translate(${x} ${TOP - 6}) rotate(-50)">${escapeXml(c.code)}<title>${escapeXml(c.name)}</title></text>`);
  });
  units.forEach((u, i) => {
    const y = TOP + i * CELL_H;
    out.push(`<text x="${LEFT - 6}" y="${y + CELL_H / 2 + 4}" text-anchor="end">${escapeXml(u.code)}<title>${escapeXml(u.name)}</title></text>`);
    competencies.forEach((c, j) => {
      const cell = byKey.get(`${u.id}|${c.id}`);
      const x = LEFT + j * CELL_W;
      const fill = cell ? gapColour(cell.shareBelow) : '#f3f4f6';
      const title = cell ? labels.cell(u, c, cell) : labels.empty(u, c);
      out.push(`<rect x="${x}" y="${y}" width="${CELL_W - 2}" height="${CELL_H - 2}" fill="${fill}"><title>${escapeXml(title)}</title></rect>`);
    });
  });
  out.push('</g></svg>');
  return out.join('');
}

/** The colour key as a small SVG (inline style attributes are blocked by the portal's CSP; SVG fills are not). */
export function gapLegendSvg(title: string, shareLabel: (share: number) => string, emptyLabel: string): string {
  const shares = [0, 25, 50, 75, 100];
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" class="admin-legend" viewBox="0 0 460 24" width="460" height="24" role="img" aria-labelledby="legend-title"><title id="legend-title">${escapeXml(title)}</title><g font-size="11" font-family="system-ui,sans-serif" fill="#1f2933">`];
  shares.forEach((share, i) => {
    const x = i * 70;
    out.push(`<rect x="${x}" y="4" width="16" height="16" fill="${gapColour(share)}"/><text x="${x + 20}" y="16">${escapeXml(shareLabel(share))}</text>`);
  });
  out.push(`<rect x="350" y="4" width="16" height="16" fill="#f3f4f6" stroke="#c5ccd6"/><text x="370" y="16">${escapeXml(emptyLabel)}</text></g></svg>`);
  return out.join('');
}
