import { renderBars } from './bars.js';
import { formatNumber } from './format-number.js';
import { compactHistogram } from './histogram.js';
import { renderLinePlot } from './line-plot.js';
import { truncate } from './style.js';
import { axisTitle, type Chart, type TextOptions } from './types.js';

/**
 * A chart as terminal lines, at most `maxRows` (default 12): a line chart as a plot, a bar chart as
 * one bar per point, a histogram as bars of merged adjacent bins (`compactHistogram`).
 */
export function renderChartText(chart: Chart, options: TextOptions): string[] {
  if (chart.type === 'line') return renderLinePlot(chart, options);
  const maxRows = options.maxRows ?? 12;
  const title = truncate(`${chart.title}: ${axisTitle(chart.y)} by ${axisTitle(chart.x)}`, options.columns, options.unicode);
  const budget = Math.max(1, maxRows - 1);
  const named = chart.series.length > 1;
  const rows =
    chart.type === 'histogram'
      ? chart.series.flatMap((s) =>
          compactHistogram(s.points, Math.max(1, Math.floor(budget / chart.series.length))).map((r) => ({ label: `${named ? `${s.name} ` : ''}${formatNumber(r.from, 3)}`, value: r.count })),
        )
      : chart.series.flatMap((s) => s.points.map(([x, y]) => ({ label: `${formatNumber(x)}${named ? ` ${s.name}` : ''}`, value: y })));
  if (rows.length === 0) return [title, '  (no data)'];
  // Bars past the budget are counted, not drawn: a terminal chart is a glance, run.json has them all.
  const shown = rows.length > budget ? rows.slice(0, budget - 1) : rows;
  const lines = [title, ...renderBars(shown, options)];
  if (shown.length < rows.length) lines.push(`${options.unicode ? '…' : '...'} ${rows.length - shown.length} more`);
  return lines;
}
