import { InvalidInputError } from '@pipeline/errors';
import type { BenchmarkReport, BenchmarkResult, BenchmarkWarning, ClientSide, GpuFigures, LatencyStats, ServerSide, ServerStats } from '@pipeline/kinds';
import { commandFlags } from './command.js';
import type { PerfAnalyzerCsv, PerfAnalyzerCsvRow, PerfAnalyzerMeasurement, PerfAnalyzerRun, ServerStats as PrintedServer, SummaryRow } from './types.js';

const ms = (us: number): number => us / 1000;
const msParts = (parts: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, ms(v)]));

/** CSV columns (µs) that split the client's view of a request, by the report's names. */
const CSV_CLIENT: Record<string, string> = {
  'Client Send': 'send',
  'Network+Server Send/Recv': 'network_server_send_recv',
  'Client Recv': 'recv',
  'request/response': 'request_response',
  'response wait': 'response_wait',
};
/** CSV columns (µs) of the server's split. */
const CSV_SERVER: Record<string, string> = {
  'Server Queue': 'queue',
  'Server Compute Input': 'compute_input',
  'Server Compute Infer': 'compute_infer',
  'Server Compute Output': 'compute_output',
  'Server Cache Hit': 'cache_hit',
  'Server Cache Miss': 'cache_miss',
};

function serverStats(printed: PrintedServer): ServerStats {
  const out: ServerStats = { breakdown_ms: printed.avg_request_latency ? msParts(printed.avg_request_latency.parts_us) : {} };
  if (printed.inference_count !== undefined) out.inference_count = printed.inference_count;
  if (printed.execution_count !== undefined) out.execution_count = printed.execution_count;
  if (printed.successful_request_count !== undefined) out.success_count = printed.successful_request_count;
  if (printed.cache_hit_count !== undefined) out.cache_hit_count = printed.cache_hit_count;
  if (printed.cache_miss_count !== undefined) out.cache_miss_count = printed.cache_miss_count;
  if (printed.avg_request_latency) out.request_latency_ms = ms(printed.avg_request_latency.total_us);
  // Averages over hits and over misses are not summands of the request latency: `avg_` says so.
  if (printed.avg_cache_hit_latency_us !== undefined) out.breakdown_ms.avg_cache_hit = ms(printed.avg_cache_hit_latency_us);
  if (printed.avg_cache_miss_latency) out.breakdown_ms.avg_cache_miss = ms(printed.avg_cache_miss_latency.total_us);
  return out;
}

function serverSide(printed: PrintedServer): ServerSide {
  const out: ServerSide = serverStats(printed);
  if (printed.composing_models.length > 0) {
    out.composing_models = printed.composing_models.map((m) => ({ name: m.name, version: m.version, ...serverStats(m.stats) }));
  }
  return out;
}

function latency(m: PerfAnalyzerMeasurement | undefined, row: PerfAnalyzerCsvRow | undefined, summary: SummaryRow | undefined, summaryLatency: string | undefined): LatencyStats {
  const stats: LatencyStats = {};
  const percentiles: Record<string, number> = {};
  for (const [name, us] of Object.entries(row?.columns ?? {})) {
    const p = /^p(\d+(?:\.\d+)?) latency$/.exec(name);
    if (p) percentiles[p[1] as string] = us;
  }
  Object.assign(percentiles, m?.client.percentiles_us);
  if (row?.columns['Avg latency'] !== undefined) stats.mean_ms = ms(row.columns['Avg latency']);
  if (m?.client.avg_latency_us !== undefined) stats.mean_ms = ms(m.client.avg_latency_us);
  if (m?.client.std_latency_us !== undefined) stats.std_ms = ms(m.client.std_latency_us);
  if (summary && summaryLatency === 'average' && stats.mean_ms === undefined) stats.mean_ms = ms(summary.latency_us);
  const summaryPercentile = summaryLatency === undefined ? undefined : /^p(\d+(?:\.\d+)?)$/.exec(summaryLatency)?.[1];
  if (summary && summaryPercentile !== undefined && percentiles[summaryPercentile] === undefined) percentiles[summaryPercentile] = summary.latency_us;
  const others: { percentile: number; ms: number }[] = [];
  for (const [p, us] of Object.entries(percentiles)) {
    if (p === '50') stats.median_ms = ms(us);
    else if (p === '90') stats.p90_ms = ms(us);
    else if (p === '95') stats.p95_ms = ms(us);
    else if (p === '99') stats.p99_ms = ms(us);
    else others.push({ percentile: Number(p), ms: ms(us) });
  }
  if (others.length > 0) stats.other_percentiles = others.sort((a, b) => a.percentile - b.percentile);
  return stats;
}

function client(m: PerfAnalyzerMeasurement | undefined, row: PerfAnalyzerCsvRow | undefined): ClientSide | undefined {
  const breakdown_ms: Record<string, number> = {};
  for (const [column, name] of Object.entries(CSV_CLIENT)) if (row?.columns[column] !== undefined) breakdown_ms[name] = ms(row.columns[column]);
  const protocol = m?.client.protocol;
  if (protocol) Object.assign(breakdown_ms, msParts(protocol.avg.parts_us));
  if (!protocol && Object.keys(breakdown_ms).length === 0) return undefined;
  return { ...(protocol ? { protocol: protocol.name, request_ms: ms(protocol.avg.total_us) } : {}), breakdown_ms };
}

function csvServer(row: PerfAnalyzerCsvRow): ServerSide | undefined {
  const breakdown_ms: Record<string, number> = {};
  for (const [column, name] of Object.entries(CSV_SERVER)) if (row.columns[column] !== undefined) breakdown_ms[name] = ms(row.columns[column]);
  return Object.keys(breakdown_ms).length > 0 ? { breakdown_ms } : undefined;
}

function gpus(row: PerfAnalyzerCsvRow | undefined): GpuFigures[] | undefined {
  if (!row || Object.keys(row.gpu).length === 0) return undefined;
  const byId = new Map<string, GpuFigures>();
  const put = (column: string, field: Exclude<keyof GpuFigures, 'id'>) => {
    for (const [id, value] of Object.entries(row.gpu[column] ?? {})) {
      const gpu = byId.get(id) ?? { id };
      gpu[field] = value;
      byId.set(id, gpu);
    }
  };
  put('Avg GPU Utilization', 'utilization');
  put('Avg GPU Power Usage', 'power_w');
  put('Max GPU Memory Usage', 'memory_used_bytes');
  put('Total GPU Memory', 'memory_total_bytes');
  return [...byId.values()];
}

/** `Failed to obtain stable measurement … for concurrency N.` / `… request rate X.` names its load. */
function failureLoad(line: string): number | undefined {
  const m = /for (?:concurrency|request rate) ([\d.]+)/i.exec(line);
  return m ? Number(m[1]) : undefined;
}

export interface ImportSources {
  /** The stdout file's name, recorded in `settings.source_stdout`. */
  stdout: string;
  csv?: string;
}

/**
 * A `benchmark-report` of a perf_analyzer run: one result per concurrency or request rate, from its
 * detail block where printed, else the CSV row, else the summary line (then only throughput and one
 * latency are known, and a warning says so). perf_analyzer's `infer/sec` counts samples (requests ×
 * batch), so it is `samples_per_s`; times become ms. Server figures, the per-composing-model split of an
 * ensemble and GPU metrics (CSV) are kept. Marked `source: "perf_analyzer"`.
 */
export function perfAnalyzerBenchmarkReport(run: PerfAnalyzerRun, csv: PerfAnalyzerCsv | undefined, sources: ImportSources): BenchmarkReport {
  const flags = commandFlags(run.command);
  const batch = run.settings.batch_size ?? flags.batch ?? 1;
  const key = (mode: string, value: number) => `${mode}:${value}`;
  const loads = new Map<string, { mode: 'concurrency' | 'request-rate'; value: number }>();
  for (const x of [...run.measurements, ...(csv?.rows ?? []), ...run.summary]) loads.set(key(x.mode, x.value), { mode: x.mode, value: x.value });
  if (loads.size === 0) {
    throw new InvalidInputError('E_NOT_PERF_ANALYZER_OUTPUT', `${sources.stdout}: no perf_analyzer measurement (no "Request concurrency:", "Request Rate:" or summary line${csv ? ', and no CSV row' : ''})`, {
      hint: 'save perf_analyzer’s stdout: perf_analyzer -m <model> … | tee perf.txt (and -f perf.csv for the CSV)',
    });
  }
  const results: BenchmarkResult[] = [];
  const warnings: BenchmarkWarning[] = [];
  const failuresByLoad = new Map<number, string[]>();
  for (const line of run.failures) {
    const load = failureLoad(line);
    if (load === undefined) warnings.push({ code: 'W_PERF_ANALYZER_MESSAGE', message: line });
    else failuresByLoad.set(load, [...(failuresByLoad.get(load) ?? []), line]);
  }
  const ordered = [...loads.values()].sort((a, b) => a.value - b.value);
  for (const { mode, value } of ordered) {
    const m = run.measurements.find((x) => x.mode === mode && x.value === value);
    const row = csv?.rows.find((x) => x.mode === mode && x.value === value);
    const summary = run.summary.find((x) => x.mode === mode && x.value === value);
    const samplesPerS = m?.client.throughput_infer_per_s ?? row?.columns['Inferences/Second'] ?? summary?.throughput_infer_per_s ?? 0;
    const requests = m?.client.request_count;
    const result: BenchmarkResult = {
      batch,
      concurrency: mode === 'concurrency' ? value : 0,
      sessions: 1,
      shapes: {},
      timed_runs: requests ?? 0,
      // perf_analyzer's throughput is samples over the merged windows' length, so this is that length.
      walltime_ms: requests !== undefined && samplesPerS > 0 ? ((requests * batch) / samplesPerS) * 1000 : 0,
      throughput: { inferences_per_s: samplesPerS / batch, samples_per_s: samplesPerS },
      latency: latency(m, row, summary, run.summary_latency),
      load: mode === 'concurrency' ? { mode, concurrency: value } : { mode, asked_rate_per_s: value },
      warnings: (failuresByLoad.get(value) ?? []).map((message) => ({ code: /stable/i.test(message) ? 'W_UNSTABLE' : 'W_PERF_ANALYZER_MESSAGE', message })),
    };
    const clientSide = client(m, row);
    if (clientSide) result.client = clientSide;
    const server = m?.server ? serverSide(m.server) : row ? csvServer(row) : undefined;
    if (server) result.server = server;
    const gpuFigures = gpus(row);
    if (gpuFigures) result.gpus = gpuFigures;
    if (!m && !row) {
      result.warnings.push({
        code: 'W_SUMMARY_ONLY',
        message: `${mode} ${value}: only perf_analyzer's summary line was saved, so only throughput and the ${run.summary_latency ?? 'summary'} latency are known`,
      });
    }
    results.push(result);
  }
  let primary = 0;
  // perf_analyzer prints infer/sec on every line, so samples/s is never null here; `?? 0` only satisfies the schema's nullable type.
  for (const [i, r] of results.entries()) if ((r.throughput.samples_per_s ?? 0) > ((results[primary] as BenchmarkResult).throughput.samples_per_s ?? 0)) primary = i;
  const serviceKind = run.settings.service_kind ?? flags.serviceKind;
  return {
    schema_version: 1,
    source: 'perf_analyzer',
    model: { name: flags.model ?? 'unknown' },
    runner: {
      backend: serviceKind === undefined || /^triton/i.test(serviceKind) ? 'triton' : serviceKind.toLowerCase(),
      version: 'unknown',
      execution_providers: [],
      details: { tool: 'perf_analyzer', ...(serviceKind ? { service_kind: serviceKind } : {}), ...(flags.protocol ? { protocol: flags.protocol } : {}) },
    },
    environment: {},
    settings: {
      imported: true,
      source_stdout: sources.stdout,
      ...(sources.csv ? { source_csv: sources.csv } : {}),
      ...(run.command ? { command: run.command } : {}),
      ...run.settings,
      ...(run.summary_latency ? { summary_latency: run.summary_latency } : {}),
    },
    percentile_method: 'perf_analyzer',
    results,
    primary,
    warnings,
  };
}
