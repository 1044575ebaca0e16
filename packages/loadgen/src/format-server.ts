import type { BenchmarkResult, ServerStats } from '@pipeline/kinds';

const ms = (v: number | undefined) => (v === undefined ? '-' : v < 10 ? v.toFixed(3) : v.toFixed(1));

function split(stats: ServerStats): string {
  const parts = Object.entries(stats.breakdown_ms)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${ms(v)}`);
  return `${ms(stats.request_latency_ms)} ms${parts.length ? ` (${parts.join(' + ')})` : ''}, ${stats.success_count ?? 0} requests`;
}

/**
 * perf_analyzer's "Server:" block in a few lines per load: the model's average request latency split
 * into queue and compute, then each composing model of an ensemble with its own split.
 */
export function formatServerSplit(results: readonly BenchmarkResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (!r.server) continue;
    const load = r.load?.mode === 'request-rate' ? `rate ${r.load.asked_rate_per_s}/s` : `concurrency ${r.concurrency}`;
    lines.push(`${load}: ${r.throughput.inferences_per_s.toFixed(2)} infer/s, p99 ${ms(r.latency.p99_ms)} ms; server ${split(r.server)}`);
    for (const c of r.server.composing_models ?? []) lines.push(`  ${c.name} v${c.version}: ${split(c)}`);
  }
  return lines;
}
