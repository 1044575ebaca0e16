/**
 * perf_analyzer's stdout as data, in its own units (µs, infer/sec) and its own words. Every number is
 * the one printed; nothing is derived here (the benchmark-report mapping converts and derives).
 */

/** A latency with its parts, e.g. `Avg request latency: 382 usec (overhead 41 usec + queue 41 usec + …)`. */
export interface LatencyBreakdown {
  total_us: number;
  /** The parenthesised parts keyed in snake case: `overhead`, `queue`, `compute_input`, `compute_infer`, `compute_output`, `compute`, `cache_hit_miss`, `cache_lookup_insertion`, `send_recv`, `response_wait`, `un_marshal_request_response`. */
  parts_us: Record<string, number>;
}

/** The `Server:` block of one measurement, or of one composing model of an ensemble. */
export interface ServerStats {
  inference_count?: number;
  execution_count?: number;
  successful_request_count?: number;
  cache_hit_count?: number;
  cache_miss_count?: number;
  avg_request_latency?: LatencyBreakdown;
  avg_cache_hit_latency_us?: number;
  avg_cache_miss_latency?: LatencyBreakdown;
  /** The `Composing models:` of an ensemble, in printed order. */
  composing_models: ComposingModelStats[];
}

export interface ComposingModelStats {
  name: string;
  /** As printed; empty when perf_analyzer printed `version: ` with nothing after it (latest). */
  version: string;
  stats: ServerStats;
}

/** The `Client:` block. */
export interface ClientStats {
  request_count?: number;
  throughput_infer_per_s?: number;
  /** Absent with `--percentile=N` (perf_analyzer then prints no average). */
  avg_latency_us?: number;
  std_latency_us?: number;
  /** `pN latency` lines by N (50, 90, 95, 99, and any `--percentile`). */
  percentiles_us: Record<string, number>;
  /** `Avg HTTP time` or `Avg gRPC time`, with its send/recv (or (un)marshal) and response-wait parts. */
  protocol?: { name: 'HTTP' | 'gRPC'; avg: LatencyBreakdown };
}

/** One `Request concurrency: N` or `Request Rate: X …` block. */
export interface PerfAnalyzerMeasurement {
  mode: 'concurrency' | 'request-rate';
  /** The concurrency, or the asked request rate (inferences/s). */
  value: number;
  client: ClientStats;
  server?: ServerStats;
}

/** One line of the `Inferences/Second vs. Client … Batch Latency` summary. */
export interface SummaryRow {
  mode: 'concurrency' | 'request-rate';
  value: number;
  throughput_infer_per_s: number;
  latency_us: number;
}

export interface MeasurementSettings {
  batch_size?: number;
  service_kind?: string;
  /** `time_windows` or `count_windows`. */
  measurement_mode?: string;
  /** What stability was judged on, as printed: `average latency`, `p95 latency`, `average latency and throughput`, … */
  stabilizing_on?: string;
  measurement_window_ms?: number;
  min_samples_per_window?: number;
  latency_limit_ms?: number;
  concurrency_limit?: number;
  /** `synchronous` or `asynchronous`. */
  calls?: 'synchronous' | 'asynchronous';
}

export interface PerfAnalyzerRun {
  /** The `$ perf_analyzer …` (or `perf_analyzer …`) line when the saved text has one. */
  command?: string;
  settings: MeasurementSettings;
  measurements: PerfAnalyzerMeasurement[];
  /** What the summary's latency column is: `average` or a percentile such as `p95`. */
  summary_latency?: string;
  summary: SummaryRow[];
  /** `Failed to obtain stable measurement …`, `Failed to maintain requested inference load …`, `error: …` lines. */
  failures: string[];
  /** Non-empty lines no rule recognised, with their 1-based line numbers (kept, not dropped silently). */
  unrecognised: { line: number; text: string }[];
  /**
   * Blocks that started but lack a line they cannot be read without (a `Client:` without `Throughput`,
   * a `Server:` without `Avg request latency`): the output was cut off there. `line` is the block's header.
   */
  incomplete: { line: number; block: string; missing: string[] }[];
}

/** One row of perf_analyzer's `-f` CSV, every time in µs. */
export interface PerfAnalyzerCsvRow {
  mode: 'concurrency' | 'request-rate';
  value: number;
  /** Every numeric column by its header name (`Inferences/Second`, `Client Send`, `p99 latency`, …). */
  columns: Record<string, number>;
  /** The `--collect-metrics` columns (`Avg GPU Utilization`, …): `uuid:value;` lists as maps. */
  gpu: Record<string, Record<string, number>>;
}

export interface PerfAnalyzerCsv {
  header: string[];
  rows: PerfAnalyzerCsvRow[];
}
