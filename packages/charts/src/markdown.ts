import { formatNumber } from './format-number.js';
import { compactHistogram } from './histogram.js';
import { axisTitle, type Chart } from './types.js';

export interface MarkdownOptions {
  /** Bars of a histogram (adjacent bins merged) or points of a series, at most (default 24). */
  maxPoints?: number;
}

/**
 * A chart as Markdown: a Mermaid `xychart-beta` block (GitHub renders it) when the chart fits what
 * Mermaid draws — every series on the same x values, plain decimal numbers — else a table of the same
 * figures. Mermaid has no legend, so a chart of several series names them, in drawing order, below.
 */
export function renderChartMarkdown(chart: Chart, options: MarkdownOptions = {}): string {
  const maxPoints = options.maxPoints ?? 24;
  const series =
    chart.type === 'histogram'
      ? chart.series.map((s) => ({ name: s.name, points: compactHistogram(s.points, maxPoints).map((r) => [r.from, r.count] as const) }))
      : chart.series.map((s) => ({ name: s.name, points: [...s.points] }));
  const mermaid = mermaidChart(chart, series, maxPoints);
  if (mermaid) return mermaid;
  return markdownTable(chart, series);
}

type Points = { name: string; points: readonly (readonly [number, number])[] }[];

/** Mermaid's number grammar has no exponent: a value that needs one cannot be written. */
function mermaidNumber(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = formatNumber(value);
  return /e/.test(text) ? undefined : text;
}

/** A quoted Mermaid string: it has no escape for `"`, so quotes become apostrophes. */
function quote(text: string): string {
  return `"${text.replaceAll('"', "'")}"`;
}

function mermaidChart(chart: Chart, series: Points, maxPoints: number): string | undefined {
  const first = series[0]?.points ?? [];
  if (first.length === 0 || first.length > maxPoints) return undefined;
  const xs = first.map(([x]) => x);
  if (!series.every((s) => s.points.length === xs.length && s.points.every(([x], i) => x === xs[i]))) return undefined;
  const rows = series.map((s) => s.points.map(([, y]) => mermaidNumber(y)));
  if (rows.some((r) => r.some((v) => v === undefined))) return undefined;
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  // Bars grow from zero; lines use the data's range, so a 5% change is visible.
  let low = chart.type === 'line' ? Math.min(...ys) : Math.min(0, ...ys);
  let high = Math.max(...ys);
  if (low === high) [low, high] = [low - 1, high + 1];
  const [lowText, highText] = [mermaidNumber(low), mermaidNumber(high)];
  if (lowText === undefined || highText === undefined) return undefined;
  const mark = chart.type === 'line' ? 'line' : 'bar';
  const lines = [
    '```mermaid',
    'xychart-beta',
    `    title ${quote(chart.title)}`,
    `    x-axis ${quote(axisTitle(chart.x))} [${xs.map((x) => quote(formatNumber(x, 4))).join(', ')}]`,
    `    y-axis ${quote(axisTitle(chart.y))} ${lowText} --> ${highText}`,
    ...rows.map((r) => `    ${mark} [${r.join(', ')}]`),
    '```',
  ];
  if (series.length > 1) lines.push('', `${mark === 'line' ? 'Lines' : 'Bars'}, in drawing order: ${series.map((s) => s.name).join(', ')}.`);
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** The same figures as a table: one row per x value, one column per series. */
function markdownTable(chart: Chart, series: Points): string {
  const xs = [...new Set(series.flatMap((s) => s.points.map(([x]) => x)))].sort((a, b) => a - b);
  const byX = series.map((s) => new Map(s.points.map(([x, y]) => [x, y])));
  const header = [axisTitle(chart.x), ...series.map((s) => (series.length > 1 ? `${s.name} (${axisTitle(chart.y)})` : axisTitle(chart.y)))];
  const lines = [`**${cell(chart.title)}**`, '', `| ${header.map(cell).join(' | ')} |`, `|${header.map(() => '---:|').join('')}`];
  for (const x of xs) lines.push(`| ${[formatNumber(x), ...byX.map((m) => (m.has(x) ? formatNumber(m.get(x)!) : ''))].join(' | ')} |`);
  if (xs.length === 0) lines.push(`| ${header.map(() => '').join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}
