import type { RunRecord, StageRecord } from '@pipeline/reports';
import { chartOption, type Overlay } from './chart-options.js';
import { esc } from './escape.js';
import { figure, figureOf, section, table } from './format.js';
import { type BenchmarkReportView, type BenchmarkResultView, outputsOfKind } from './report-data.js';
import { serverPart } from './server-section.js';
import { renderSvgChart } from './svg-chart.js';

function percentileTable(results: readonly BenchmarkResultView[], primary: BenchmarkResultView | undefined): string {
  return table(
    ['batch', 'concurrency', 'runs', 'min', 'median', 'p90', 'p95', 'p99', 'max', 'mean', 'CoV', 'inferences/s', 'samples/s', 'stable'],
    results.map((r) => {
      const l = r.latency ?? {};
      const mark = r === primary ? ' <span class="tag">judged</span>' : '';
      return [
        `${figure(r.batch)}${mark}`,
        figure(r.concurrency),
        figure(r.timed_runs),
        figure(l.min_ms, 'ms'),
        figure(l.median_ms, 'ms'),
        figure(l.p90_ms, 'ms'),
        figure(l.p95_ms, 'ms'),
        figure(l.p99_ms, 'ms'),
        figure(l.max_ms, 'ms'),
        figure(l.mean_ms, 'ms'),
        figure(l.cov_pct, '%'),
        figure(r.throughput?.inferences_per_s),
        figure(r.throughput?.samples_per_s),
        r.stability ? esc(r.stability.outcome ?? String(r.stability.stable)) : '—',
      ];
    }),
    ' class="percentiles"',
  );
}

/** The stage's own charts (latency histogram, sweep curves) with the sweep's knee marked on a batch axis. */
function stageCharts(stage: StageRecord, report: BenchmarkReportView, drawn: Set<string>): string {
  const knee = report.sweep?.knee_batch;
  return stage.charts
    .filter((c) => !drawn.has(c.id))
    .map((chart) => {
      drawn.add(chart.id);
      const overlay: Overlay = knee !== undefined && chart.type === 'line' && chart.x.label === 'batch' ? { x: { value: knee, label: `knee: batch ${knee}` } } : {};
      return figureOf(renderSvgChart(chartOption(chart, overlay)), { chart: chart.id, stage: stage.id, title: chart.title });
    })
    .join('\n');
}

function benchmark(stage: StageRecord, report: BenchmarkReportView, drawn: Set<string>): string {
  const results = report.results ?? [];
  const primary = results[report.primary ?? 0];
  const local = results.filter((r) => r.load === undefined);
  const runner = report.runner ?? {};
  const head = `<h3><code>${esc(stage.id)}</code>: ${esc(report.model?.name ?? '')} on ${esc(runner.backend ?? '')} ${esc(runner.version ?? '')} (${esc((runner.execution_providers ?? []).join(', '))}), ${esc(report.source ?? '')}</h3>`;
  const sweep = report.sweep ? `<p>Batch sweep over ${esc((report.sweep.batches ?? []).join(', '))}: knee at batch ${figure(report.sweep.knee_batch)}, best throughput at batch ${figure(report.sweep.best_batch)}.</p>` : '';
  const warnings = (report.warnings ?? []).map((w) => `<p class="note"><code>${esc(w.code ?? '')}</code> ${esc(w.message ?? '')}</p>`).join('');
  const localPart = local.length > 0 ? `${percentileTable(local, primary)}${sweep}${stageCharts(stage, report, drawn)}` : '';
  return `${head}${localPart}${serverPart(stage, report)}${warnings}`;
}

/** Each `benchmark-report`: the percentile table, the stage's charts (sweep with its knee), and the server load test when it has one. */
export function benchmarkSection(record: RunRecord, drawn: Set<string>): string {
  const parts = record.stages.flatMap((s) => outputsOfKind<BenchmarkReportView>(s, 'benchmark-report').map((o) => benchmark(s, o.meta, drawn)));
  return section('benchmark', 'Performance', parts.join('\n'));
}
