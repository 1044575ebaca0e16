import type { StageRecord } from '@pipeline/reports';
import type { EChartsOption } from 'echarts';
import { chartOption } from './chart-options.js';
import { esc } from './escape.js';
import { figure, figureOf, table } from './format.js';
import type { BenchmarkReportView, BenchmarkResultView, ServerStatsView } from './report-data.js';
import { renderSvgChart } from './svg-chart.js';

type Percentile = 'p99_ms' | 'p95_ms' | 'p90_ms' | 'median_ms';

/** The highest percentile every server result has (an imported perf_analyzer range may carry only its `--percentile`). */
function sharedPercentile(results: readonly BenchmarkResultView[]): Percentile | undefined {
  return (['p99_ms', 'p95_ms', 'p90_ms', 'median_ms'] as const).find((p) => results.every((r) => r.latency?.[p] !== undefined));
}

/** The SLO a load test was held to: its search's bound (on p99), else the stage's upper gate on that percentile. */
function sloOf(stage: StageRecord, report: BenchmarkReportView, percentile: Percentile): number | undefined {
  if (percentile === 'p99_ms' && report.slo_search?.max_p99_ms !== undefined) return report.slo_search.max_p99_ms;
  const name = percentile.replace('_ms', '');
  return stage.gates.find((g) => g.metric.includes(name) && (g.op === '<=' || g.op === '<'))?.bound;
}

const loadOf = (r: BenchmarkResultView) => r.load?.concurrency ?? r.concurrency ?? 0;

/** Stacked bars: one bar per composing model (or the server itself), one segment per part of its request time. */
function breakdownOption(models: readonly ServerStatsView[]): EChartsOption {
  const parts = [...new Set(models.flatMap((m) => Object.keys(m.breakdown_ms ?? {})))];
  return {
    legend: { top: 0, itemWidth: 14, itemGap: 22 },
    grid: { left: 140, right: 24, top: 36, bottom: 40 },
    xAxis: { type: 'value', min: 0, name: 'average time per request (ms)', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'category', data: models.map((m) => m.name ?? 'server') },
    series: parts.map((p) => ({ type: 'bar' as const, name: p, stack: 'time', data: models.map((m) => m.breakdown_ms?.[p] ?? 0) })),
  };
}

/**
 * The server load test of a benchmark report (the results that carry `load`): a table per load, the
 * throughput over concurrency, p99 (or the highest percentile measured) over throughput with the SLO
 * line, and where the server spent a
 * request's time, per composing model of an ensemble. Empty for a report without server results.
 */
export function serverPart(stage: StageRecord, report: BenchmarkReportView): string {
  const results = (report.results ?? []).filter((r) => r.load !== undefined).sort((a, b) => loadOf(a) - loadOf(b));
  if (results.length === 0) return '';
  const rows = results.map((r) => [
    esc(r.load?.mode ?? ''),
    figure(loadOf(r)),
    figure(r.throughput?.inferences_per_s),
    figure(r.latency?.median_ms, 'ms'),
    figure(r.latency?.p90_ms, 'ms'),
    figure(r.latency?.p95_ms, 'ms'),
    figure(r.latency?.p99_ms, 'ms'),
    figure(r.server?.request_latency_ms, 'ms'),
    figure(r.errors?.total ?? 0),
  ]);
  const figures: string[] = [];
  const concurrency = results.filter((r) => r.load?.mode !== 'request-rate');
  if (concurrency.length > 1) {
    const chart = { id: `${stage.id}.load.throughput`, title: 'Throughput by concurrency', type: 'line' as const, x: { label: 'concurrency' }, y: { label: 'throughput', unit: 'infer/s' }, series: [{ name: 'infer/s', points: concurrency.map((r) => [loadOf(r), r.throughput?.inferences_per_s ?? 0] as [number, number]) }] };
    figures.push(figureOf(renderSvgChart(chartOption(chart)), { chart: chart.id, stage: stage.id, title: chart.title }));
  }
  const percentile = sharedPercentile(results);
  if (percentile) {
    const slo = sloOf(stage, report, percentile);
    const name = percentile === 'median_ms' ? 'median' : percentile.replace('_ms', '');
    const chart = { id: `${stage.id}.load.latency`, title: `${name} latency by throughput`, type: 'line' as const, x: { label: 'throughput', unit: 'infer/s' }, y: { label: `${name} latency`, unit: 'ms' }, series: [{ name, points: results.map((r) => [r.throughput?.inferences_per_s ?? 0, r.latency?.[percentile] ?? 0] as [number, number]) }] };
    figures.push(figureOf(renderSvgChart(chartOption(chart, slo === undefined ? {} : { y: { value: slo, label: `SLO ${slo} ms` } })), { chart: chart.id, stage: stage.id, title: chart.title }));
  }
  const primary = (report.results ?? [])[report.primary ?? 0];
  const server = primary?.server ?? results.at(-1)?.server;
  const models = server?.composing_models?.length ? server.composing_models : server?.breakdown_ms ? [{ ...server, name: 'server' }] : [];
  if (models.length > 0) {
    const height = 90 + models.length * 36;
    figures.push(figureOf(renderSvgChart(breakdownOption(models), { width: 640, height }), { chart: `${stage.id}.load.server-breakdown`, stage: stage.id, title: 'Server-side time per request, by model' }));
  }
  const head = '<h4>Server load test</h4>';
  return `${head}${table(['mode', 'load', 'infer/s', 'p50', 'p90', 'p95', 'p99', 'server request', 'errors'], rows, ' class="load"')}${figures.join('\n')}`;
}
