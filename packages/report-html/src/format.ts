import { formatNumber } from '@pipeline/charts';
import { esc } from './escape.js';

/** A figure for a table cell: 4 significant digits and its unit, or an em dash when absent. */
export function figure(value: unknown, unit = ''): string {
  if (typeof value === 'string') return esc(value);
  if (typeof value !== 'number') return '—';
  return `${esc(formatNumber(value, 4))}${unit ? `&nbsp;${esc(unit)}` : ''}`;
}

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function bytes(n: number | undefined): string {
  if (n === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A table from header cells and rows of already-escaped HTML cells. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], attrs = ''): string {
  if (rows.length === 0) return '';
  const th = head.map((h) => `<th>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${attrs}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A section with a heading; empty when it has no body, so absent data leaves no empty box. */
export function section(id: string, title: string, body: string): string {
  return body.trim() ? `<section id="${esc(id)}"><h2>${esc(title)}</h2>\n${body}\n</section>` : '';
}

/** A chart's SVG in a figure that names the chart and the stage it came from (the browser test finds it so). */
export function figureOf(svg: string, attrs: { chart: string; stage: string; title: string }): string {
  return `<figure class="chart" data-chart="${esc(attrs.chart)}" data-stage="${esc(attrs.stage)}"><figcaption>${esc(attrs.title)}</figcaption>${svg}</figure>`;
}
