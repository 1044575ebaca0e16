import { axisTitle, type Chart, compactHistogram, formatNumber } from '@pipeline/charts';
import type { EChartsOption } from 'echarts';

/** Marks laid over a chart: a vertical line at an x (a sweep's knee) or a horizontal one at a y (an SLO). */
export interface Overlay {
  x?: { value: number; label: string };
  y?: { value: number; label: string };
}

const AXIS_NAME = { nameLocation: 'middle' as const, nameGap: 30, nameTextStyle: { color: '#374151' } };

/** A log x axis for a geometric sweep (batch 1, 2, 4, 8…: each step at least ×1.5, spanning ×8 or more). */
function wantsLogX(chart: Chart): boolean {
  const xs = [...new Set(chart.series.flatMap((s) => s.points.map(([x]) => x)))].sort((a, b) => a - b);
  const first = xs[0] ?? 0;
  if (xs.length < 3 || first <= 0 || (xs.at(-1) ?? 0) / first < 8) return false;
  return xs.every((x, i) => i === 0 || x / (xs[i - 1] ?? x) >= 1.5);
}

function overlayLines(overlay: Overlay): object[] {
  const data: object[] = [];
  if (overlay.x) data.push({ xAxis: overlay.x.value, name: overlay.x.label, lineStyle: { color: '#6b7280', type: 'dashed' }, label: { formatter: overlay.x.label, position: 'insideEndTop', color: '#374151' } });
  if (overlay.y) data.push({ yAxis: overlay.y.value, name: overlay.y.label, lineStyle: { color: '#c81e1e', type: 'solid', width: 2 }, label: { formatter: overlay.y.label, position: 'insideEndTop', color: '#c81e1e' } });
  if (data.length === 0) return [];
  return [{ type: 'line', name: '', data: [], silent: true, markLine: { symbol: 'none', animation: false, data } }];
}

/**
 * A stage's `ChartData` (run.json `charts[]`) as an ECharts option: lines on value axes (log x for a
 * doubling sweep), histograms and bars as bars on a category axis from zero, so a bar's height is
 * proportional to its value.
 */
export function chartOption(chart: Chart, overlay: Overlay = {}): EChartsOption {
  const legend = chart.series.length > 1 ? { legend: { top: 0, left: 72 } } : {};
  if (chart.type === 'line') {
    const logX = wantsLogX(chart);
    return {
      ...legend,
      grid: { left: 64, right: 24, top: 28, bottom: 48 },
      xAxis: { type: logX ? 'log' : 'value', logBase: 2, name: axisTitle(chart.x) + (logX ? ', log scale' : ''), ...AXIS_NAME, scale: !logX },
      yAxis: { type: 'value', name: axisTitle(chart.y), ...AXIS_NAME, nameGap: 48, scale: true },
      series: [
        ...chart.series.map((s) => ({ type: 'line' as const, name: s.name, data: s.points.map(([x, y]) => [x, y]), symbol: 'circle', symbolSize: 7, showSymbol: true })),
        ...overlayLines(overlay),
      ] as NonNullable<EChartsOption['series']>,
    };
  }
  if (chart.type === 'histogram' && chart.series.length === 1) return histogramOption(chart, legend);
  // Bars: one category per x.
  const xs = [...new Set(chart.series.flatMap((s) => s.points.map(([x]) => x)))].sort((a, b) => a - b);
  return {
    ...legend,
    grid: { left: 64, right: 24, top: 28, bottom: 56 },
    xAxis: { type: 'category', data: xs.map((x) => formatNumber(x, 3)), name: axisTitle(chart.x), ...AXIS_NAME, nameGap: 38 },
    yAxis: { type: 'value', min: 0, name: axisTitle(chart.y), ...AXIS_NAME, nameGap: 48 },
    series: chart.series.map((s) => {
      const byX = new Map(s.points.map(([x, y]) => [x, y]));
      return { type: 'bar' as const, name: s.name, barCategoryGap: chart.type === 'histogram' ? '8%' : '30%', data: xs.map((x) => byX.get(x) ?? 0) };
    }),
  };
}

/** Most bars a histogram is drawn with: a 480-bin log-binned error histogram is merged to this many. */
export const HISTOGRAM_BARS = 40;

/**
 * A one-series histogram: empty bins at both ends dropped and the rest merged into at most
 * `HISTOGRAM_BARS` bars (`compactHistogram`, counts summed exactly), labelled by lower edge.
 */
function histogramOption(chart: Chart, legend: object): EChartsOption {
  const rows = compactHistogram(chart.series[0]?.points ?? [], HISTOGRAM_BARS);
  return {
    ...legend,
    grid: { left: 72, right: 24, top: 28, bottom: 56 },
    xAxis: { type: 'category', data: rows.map((r) => formatNumber(r.from, 3)), name: axisTitle(chart.x), ...AXIS_NAME, nameGap: 38 },
    yAxis: { type: 'value', min: 0, name: axisTitle(chart.y), ...AXIS_NAME, nameGap: 56 },
    series: [{ type: 'bar', name: chart.series[0]?.name ?? '', barCategoryGap: '6%', data: rows.map((r) => r.count) }],
  };
}
