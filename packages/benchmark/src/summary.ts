import type { BenchmarkReport, BenchmarkResult, LatencyStats } from './report-schema.js';
import { formatG } from './format-number.js';

/**
 * `min = … ms, max = … ms, mean = … ms, median = … ms, percentile(90%) = … ms, …` — trtexec's exact
 * shape, so one regular expression reads both tools' summaries.
 */
export function formatLatencyLine(stats: LatencyStats): string {
  // An imported report may lack some (perf_analyzer prints no min/max): only what is known is shown.
  const named: [string, number | undefined][] = [
    ['min', stats.min_ms],
    ['max', stats.max_ms],
    ['mean', stats.mean_ms],
    ['median', stats.median_ms],
  ];
  const parts = named.filter((entry): entry is [string, number] => entry[1] !== undefined).map(([name, ms]) => `${name} = ${formatG(ms)} ms`);
  const percentiles: [number, number | undefined][] = [
    [90, stats.p90_ms],
    [95, stats.p95_ms],
    [99, stats.p99_ms],
    ...(stats.other_percentiles ?? []).map((p): [number, number] => [p.percentile, p.ms]),
  ];
  for (const [p, ms] of percentiles) if (ms !== undefined) parts.push(`percentile(${formatG(p)}%) = ${formatG(ms)} ms`);
  return parts.join(', ');
}

const COMPONENT_LABELS: Record<string, string> = {
  enqueue: 'Enqueue Time',
  h2d: 'H2D Latency',
  gpu_compute: 'GPU Compute Time',
  d2h: 'D2H Latency',
};

/** The "=== Performance summary ===" block of one configuration, in trtexec's words where they apply. */
export function formatResultSummary(result: BenchmarkResult): string[] {
  const lines = ['=== Performance summary ==='];
  const shapes = Object.entries(result.shapes)
    .map(([name, shape]) => `${name}=${shape.join('x')}`)
    .join(', ');
  lines.push(`Configuration: batch ${result.batch ?? 'unknown'}, concurrency ${result.concurrency}, sessions ${result.sessions}${shapes ? `, shapes ${shapes}` : ''}`);
  lines.push(`Throughput: ${formatG(result.throughput.inferences_per_s)} qps`);
  lines.push(`Sample Throughput: ${result.throughput.samples_per_s === null ? 'unknown (batch unknown)' : `${formatG(result.throughput.samples_per_s)} samples/s`}`);
  lines.push(`Latency: ${formatLatencyLine(result.latency)}`);
  for (const [key, stats] of Object.entries(result.components ?? {})) {
    lines.push(`${COMPONENT_LABELS[key] ?? key}: ${formatLatencyLine(stats)}`);
  }
  if (result.latency.std_ms !== undefined && result.latency.cov_pct !== undefined) {
    lines.push(`Latency Spread: std = ${formatG(result.latency.std_ms)} ms, coefficient of variance = ${formatG(result.latency.cov_pct)}%`);
  }
  if (result.host_overhead_ms !== undefined) lines.push(`Harness Overhead: ${formatG(result.host_overhead_ms)} ms per run`);
  lines.push(`Timed Runs: ${result.timed_runs}`);
  lines.push(`Total Host Walltime: ${formatG(result.walltime_ms / 1000)} s`);
  const stability = result.stability;
  if (stability) {
    const count = stability.windows.length;
    const verdict =
      stability.outcome === 'stable'
        ? `stable (last ${stability.compared} of ${count} windows within ${formatG(stability.tolerance_pct)}%)`
        : stability.outcome === 'max-windows'
          ? `UNSTABLE (no ${stability.compared} consecutive windows within ${formatG(stability.tolerance_pct)}% in ${count} windows)`
          : stability.outcome === 'budget'
            ? `UNSTABLE within the time budget (${count < stability.compared ? `${count} of the ${stability.compared} windows the rule compares` : `${count} windows; the last ${stability.compared} differ by up to ${spreadText(stability.spread_pct)}, tolerance ${formatG(stability.tolerance_pct)}%`})`
            : 'not checked (one measurement window)';
    lines.push(`Stability: ${verdict}`);
  }
  for (const warning of result.warnings) {
    lines.push(`* ${warning.message}`);
    if (warning.hint) lines.push(`  Hint: ${warning.hint}.`);
  }
  return lines;
}

function spreadText(spreadPct: number | null | undefined): string {
  return spreadPct === null || spreadPct === undefined ? 'an unbounded ratio' : `${formatG(Math.round(spreadPct * 10) / 10)}%`;
}

/** The batch-sweep table: one row per batch, then the knee and the best point. */
export function formatSweepTable(report: BenchmarkReport): string[] {
  if (!report.sweep) return [];
  const header = ['batch', 'qps', 'samples/s', 'median ms', 'p99 ms', 'stable'];
  const rows = report.results.map((r) => [
    String(r.batch ?? 'unknown'),
    formatG(r.throughput.inferences_per_s),
    r.throughput.samples_per_s === null ? 'unknown' : formatG(r.throughput.samples_per_s),
    r.latency.median_ms === undefined ? '-' : formatG(r.latency.median_ms),
    r.latency.p99_ms === undefined ? '-' : formatG(r.latency.p99_ms),
    r.stability ? (r.stability.stable ? 'yes' : 'no') : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  const { sweep } = report;
  return [
    '=== Batch sweep ===',
    line(header),
    ...rows.map(line),
    `Knee: batch ${sweep.knee_batch}; best: batch ${sweep.best_batch}; stopped by ${sweep.stopped_by === 'plateau' ? `${sweep.patience} step(s) under ${formatG(sweep.min_gain_pct)}% gain` : sweep.stopped_by === 'budget' ? 'the time budget' : 'the maximum batch'}.`,
  ];
}

/** The whole human summary of a report: runner and machine, the sweep table, the primary configuration's summary. */
export function formatPerformanceSummary(report: BenchmarkReport): string {
  const { runner, environment } = report;
  const threads = runner.threads?.intra_op === undefined ? '' : `, intra-op threads ${runner.threads.intra_op}`;
  const machine = [environment.cpu_model, environment.cpu_cores === undefined ? undefined : `${environment.cpu_cores} cores`, environment.gpu, environment.os]
    .filter((part) => part !== undefined)
    .join(', ');
  const lines = [`Runner: ${runner.backend} ${runner.version} (${runner.execution_providers.join(', ')}${threads}) on ${machine || 'an unknown machine'}`];
  const sweep = formatSweepTable(report);
  if (sweep.length > 0) lines.push('', ...sweep, '');
  const primary = report.results[report.primary];
  if (primary) lines.push(...formatResultSummary(primary));
  for (const warning of report.warnings) {
    lines.push(`* ${warning.message}`);
    if (warning.hint) lines.push(`  Hint: ${warning.hint}.`);
  }
  return `${lines.join('\n')}\n`;
}
