import type { BenchmarkReport } from './report-schema.js';
import { formatG } from './format-number.js';

const ms = (value: number | undefined) => (value === undefined ? '–' : formatG(value, 4));

/**
 * The model card's Performance section: one table row per configuration, the machine it was measured
 * on, the sweep's knee, and every warning — so the card never shows a figure without its caveats.
 */
export function formatPerformanceMarkdown(report: BenchmarkReport): string {
  const { runner, environment } = report;
  const threads = runner.threads?.intra_op === undefined ? '' : `, ${runner.threads.intra_op} intra-op thread(s)`;
  const machine = [
    environment.cpu_model,
    environment.cpu_cores === undefined ? undefined : `${environment.cpu_cores} cores`,
    environment.gpu,
    environment.os,
    environment.node_version === undefined ? undefined : `Node ${environment.node_version}`,
  ].filter((part) => part !== undefined);
  const lines = [
    '## Performance',
    '',
    `Model \`${report.model.name}\` on ${runner.backend} ${runner.version} (${runner.execution_providers.join(', ')}${threads}), ${
      report.source === 'measured' ? 'measured' : `imported from ${report.source}`
    } on ${machine.join(', ') || 'an unrecorded machine'}.`,
    '',
    '| batch | concurrency | inferences/s | samples/s | median ms | p90 ms | p95 ms | p99 ms | CoV % | runs | stable |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
  ];
  report.results.forEach((r, index) => {
    const mark = index === report.primary && report.results.length > 1 ? ' **(primary)**' : '';
    const stable = r.stability ? (r.stability.outcome === 'single-window' ? 'not checked' : r.stability.stable ? 'yes' : '**no**') : '–';
    lines.push(
      `| ${r.batch}${mark} | ${r.concurrency} | ${formatG(r.throughput.inferences_per_s, 4)} | ${r.throughput.samples_per_s === null ? 'unknown' : formatG(r.throughput.samples_per_s, 4)} | ${ms(
        r.latency.median_ms,
      )} | ${ms(r.latency.p90_ms)} | ${ms(r.latency.p95_ms)} | ${ms(r.latency.p99_ms)} | ${
        r.latency.cov_pct === undefined ? '–' : formatG(r.latency.cov_pct, 3)
      } | ${r.timed_runs} | ${stable} |`,
    );
  });
  lines.push('');
  if (report.sweep) {
    const { sweep } = report;
    lines.push(
      `Batch sweep over ${sweep.batches.join(', ')}: throughput stops gaining ${formatG(sweep.min_gain_pct)}% after batch **${sweep.knee_batch}** (the knee); the highest samples/s is at batch ${sweep.best_batch}.`,
      '',
    );
  }
  lines.push('Percentiles use trtexec’s nearest-rank rule; latency is per request, from submit to outputs.');
  // Each warning names the configuration it qualifies, so a reader can tell which row to distrust.
  const warnings = [
    ...report.warnings.map((w) => w.message),
    ...report.results.flatMap((r) => r.warnings.map((w) => (report.results.length > 1 ? `batch ${r.batch}: ${w.message}` : w.message))),
  ];
  if (warnings.length > 0) {
    lines.push('', '**Warnings**', '');
    for (const message of warnings) lines.push(`- ${message}`);
  }
  return `${lines.join('\n')}\n`;
}
