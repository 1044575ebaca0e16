import type { BenchmarkReport } from '@pipeline/kinds';
import type { Reporter } from '@pipeline/sdk';

/**
 * The primary configuration's headline figures as run metrics, named after the report's fields so that
 * `compare` lines up runs of any runner. Absent figures (an imported summary without p99) are skipped.
 */
export function reportMetrics(report: BenchmarkReport, reporter: Pick<Reporter, 'metric'>): void {
  const primary = report.results[report.primary];
  if (!primary) return;
  const latency: [string, number | undefined][] = [
    ['latency.median_ms', primary.latency.median_ms],
    ['latency.mean_ms', primary.latency.mean_ms],
    ['latency.p90_ms', primary.latency.p90_ms],
    ['latency.p95_ms', primary.latency.p95_ms],
    ['latency.p99_ms', primary.latency.p99_ms],
  ];
  for (const [name, value] of latency) if (value !== undefined) reporter.metric(name, value, { unit: 'ms', better: 'lower' });
  reporter.metric('throughput.inferences_per_s', primary.throughput.inferences_per_s, { unit: 'inferences/s', better: 'higher' });
  if (primary.throughput.samples_per_s !== null) reporter.metric('throughput.samples_per_s', primary.throughput.samples_per_s, { unit: 'samples/s', better: 'higher' });
  if (primary.latency.cov_pct !== undefined) reporter.metric('latency.cov_pct', primary.latency.cov_pct, { unit: '%', better: 'lower' });
  if (primary.batch !== null) reporter.metric('batch', primary.batch);
  // The measurement's own run-to-run spread (its last stability windows): a `baseline:` threshold treats a
  // change no larger than it as noise (the name `stability.spread_pct` is what the runner looks for).
  const spread = primary.stability?.spread_pct;
  if (typeof spread === 'number' && Number.isFinite(spread)) reporter.metric('stability.spread_pct', spread, { unit: '%', better: 'lower' });
}
