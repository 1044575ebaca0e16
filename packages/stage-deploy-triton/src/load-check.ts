import { encodeInferRequest } from '@pipeline/kserve-client';
import type { BenchmarkReport } from '@pipeline/kinds';
import { errorRate, httpServerProbe, parseLoadRange, runLoadTest } from '@pipeline/loadgen';
import { evaluateGate, type GateInput } from '@pipeline/sdk';
import type { Tensor } from '@pipeline/tensor';
import type { DeployTritonParams } from './params.js';

export interface LoadOutcome {
  passed: boolean;
  summary: string;
  gates: GateInput[];
  report: BenchmarkReport;
  /** Set when more requests failed than `max_error_rate` allows for a server-side reason (refused, reset, timeout, 5xx, …): an infrastructure fault, not a gate. */
  fault?: string;
}

/** Failure kinds that say the server (or the way to it) is broken, rather than the request or the model. */
const FAULT_KINDS = new Set(['refused', 'reset', 'timeout', 'connect_timeout', 'bad_response', 'http_5xx', 'dns', 'tls', 'other']);

/** The load test on the new version and its SLO gates (p99 and throughput of the best load, error rate over all). */
export async function loadCheck(params: DeployTritonParams & { url: string }, load: Exclude<DeployTritonParams['load'], false>, entry: string, version: number, feeds: Record<string, Tensor>): Promise<LoadOutcome> {
  const encoded = encodeInferRequest(feeds, { binaryOutputs: true });
  const headers: Record<string, string> = { ...params.headers, 'Content-Type': 'application/octet-stream' };
  if (encoded.headerLength !== undefined) headers['Inference-Header-Content-Length'] = String(encoded.headerLength);
  const { report } = await runLoadTest({
    target: {
      url: new URL(`/v2/models/${encodeURIComponent(entry)}/versions/${version}/infer`, params.url).href,
      method: 'POST',
      headers,
      bodies: [encoded.body],
      timeout_ms: params.request_timeout_ms,
      connect_timeout_ms: Math.min(params.request_timeout_ms, 5000),
      ...(params.tls ? { tls: { ...(params.tls.ca ? { ca: params.tls.ca } : {}), reject_unauthorized: params.tls.reject_unauthorized } } : {}),
    },
    model: entry,
    loads: parseLoadRange(load.concurrency).map((concurrency) => ({ mode: 'concurrency', concurrency })),
    windows: { window_ms: load.window_ms, max_windows: load.max_windows, stability_pct: load.stability_pct },
    probe: httpServerProbe(params.url, { headers: params.headers, ...(params.tls ? { tls: { ...(params.tls.ca ? { ca: params.tls.ca } : {}), rejectUnauthorized: params.tls.reject_unauthorized } } : {}) }),
  });
  const primary = report.results[report.primary];
  const gates: GateInput[] = [{ name: 'max_error_rate', metric: 'errors.rate', value: errorRate(report), op: '<=', bound: params.gates.max_error_rate }];
  if (params.gates.max_p99_ms !== undefined) gates.push({ name: 'max_p99_ms', metric: 'latency.p99_ms', value: primary?.latency.p99_ms ?? Number.NaN, op: '<=', bound: params.gates.max_p99_ms, unit: 'ms' });
  if (params.gates.min_throughput !== undefined) gates.push({ name: 'min_throughput', metric: 'throughput.inferences_per_s', value: primary?.throughput.inferences_per_s ?? 0, op: '>=', bound: params.gates.min_throughput, unit: 'infer/s' });
  const records = gates.map(evaluateGate);
  const failed = records.filter((g) => !g.passed);
  const kinds = report.results.flatMap((r) => Object.entries(r.errors?.by_kind ?? {}).map(([k, n]) => `${n} ${k}`));
  const figures = `best ${primary?.concurrency ?? '?'} in flight: ${primary?.throughput.inferences_per_s.toFixed(1) ?? '?'} infer/s, p99 ${primary?.latency.p99_ms?.toFixed(3) ?? '?'} ms${kinds.length ? `; errors: ${kinds.join(', ')}` : ''}`;
  const summary = failed.length === 0 ? figures : `${failed.map((g) => `${g.name} ${g.value} ${g.op} ${g.bound} failed`).join('; ')} (${figures})`;
  const faults = report.results.flatMap((r) => Object.entries(r.errors?.by_kind ?? {}).filter(([k]) => FAULT_KINDS.has(k)));
  const rate = errorRate(report);
  if (faults.length > 0 && rate > params.gates.max_error_rate) {
    const total = report.results.reduce((n, r) => n + r.timed_runs + (r.errors?.total ?? 0), 0);
    const fault = `the server failed ${(rate * 100).toFixed(1)}% of ${total} requests (${kinds.join(', ')})`;
    return { passed: false, summary: fault, gates, report, fault };
  }
  return { passed: failed.length === 0, summary, gates, report };
}
