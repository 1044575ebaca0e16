import type { BenchmarkResult } from '@pipeline/kinds';

const us = (ms: number | undefined): string => String(Math.round((ms ?? 0) * 1000));

/**
 * The results as perf_analyzer's `-f` CSV (docs/measurements_metrics.md): same header, µs integers,
 * rows sorted by throughput as perf_analyzer sorts them, so tools that read its CSV read ours. The
 * load generator does not time the send apart from the wait, so `Client Send` is 0 and the send is in
 * `Network+Server Send/Recv` (the time to the response headers minus the server's own time).
 */
export function toPerfAnalyzerCsv(results: readonly BenchmarkResult[]): string {
  const rate = results.some((r) => r.load?.mode === 'request-rate');
  const header = [
    rate ? 'Request Rate' : 'Concurrency',
    'Inferences/Second',
    'Client Send',
    'Network+Server Send/Recv',
    'Server Queue',
    'Server Compute Input',
    'Server Compute Infer',
    'Server Compute Output',
    'Client Recv',
    'p50 latency',
    'p90 latency',
    'p95 latency',
    'p99 latency',
  ];
  const rows = [...results]
    .sort((a, b) => (a.throughput.samples_per_s ?? 0) - (b.throughput.samples_per_s ?? 0))
    .map((r) => {
      const server = r.server?.breakdown_ms ?? {};
      const untilHeaders = r.client?.breakdown_ms.until_headers ?? 0;
      const network = Math.max(0, untilHeaders - (r.server?.request_latency_ms ?? 0));
      const load = rate ? String(r.load?.asked_rate_per_s ?? 0) : String(r.concurrency);
      return [
        load,
        String(Math.round((r.throughput.samples_per_s ?? 0) * 10) / 10),
        '0',
        us(network),
        us(server.queue),
        us(server.compute_input),
        us(server.compute_infer),
        us(server.compute_output),
        us(r.client?.breakdown_ms.body),
        us(r.latency.median_ms),
        us(r.latency.p90_ms),
        us(r.latency.p95_ms),
        us(r.latency.p99_ms),
      ].join(',');
    });
  return `${[header.join(','), ...rows].join('\n')}\n`;
}
