import { esc } from './escape.js';

/** One stage of the DAG picture: its centre, its fill, and the lines of its label. */
export interface DagNode {
  id: string;
  x: number;
  y: number;
  colour: string;
  lines: readonly string[];
}

export interface DagLink {
  source: string;
  target: string;
}

const NODE = { width: 170, height: 44, radius: 6 };
/** A label line's share of the node: about 160 px of 11 px system-ui text. */
const MAX_LABEL_CHARS = 26;

const truncated = (line: string) => (line.length > MAX_LABEL_CHARS ? `${line.slice(0, MAX_LABEL_CHARS - 1)}…` : line);

/**
 * The stages as boxes and their `needs` as arrows, in plain SVG. Why not ECharts as the other charts:
 * this picture is on every run's report.html, and loading and warming ECharts for boxes and lines cost
 * a cached re-run more than everything else it did (PERFORMANCE.md); ECharts now loads only for a
 * report with a real chart. Each label line is its own `<text>`, as ECharts draws them.
 */
export function renderDagSvg(nodes: readonly DagNode[], links: readonly DagLink[], size: { width: number; height: number }): string {
  const at = new Map(nodes.map((n) => [n.id, n]));
  const half = { w: NODE.width / 2, h: NODE.height / 2 };
  const edges = links.flatMap(({ source, target }) => {
    const from = at.get(source);
    const to = at.get(target);
    if (!from || !to) return [];
    return [`<line x1="${from.x + half.w}" y1="${from.y}" x2="${to.x - half.w - 1}" y2="${to.y}" stroke="#6b7280" stroke-width="1.5" marker-end="url(#dag-arrow)"/>`];
  });
  const boxes = nodes.map((n) => {
    const top = n.y - ((n.lines.length - 1) * 14) / 2;
    const text = n.lines.map((line, i) => `<text x="${n.x}" y="${top + i * 14}" dominant-baseline="central" text-anchor="middle" fill="#fff" font-size="11" font-family="system-ui, sans-serif">${esc(truncated(line))}</text>`);
    return `<g><rect x="${n.x - half.w}" y="${n.y - half.h}" width="${NODE.width}" height="${NODE.height}" rx="${NODE.radius}" fill="${esc(n.colour)}"/>${text.join('')}</g>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}" role="img">`,
    '<defs><marker id="dag-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z" fill="#6b7280"/></marker></defs>',
    ...edges,
    ...boxes,
    '</svg>',
  ].join('');
}
