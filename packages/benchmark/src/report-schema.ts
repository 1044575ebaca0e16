import { z } from 'zod';

/**
 * Latency statistics of one metric over the timed runs, in milliseconds. Field names are the same for
 * every runner (ONNX Runtime, TensorRT via trtexec, Triton) so that reports compare. Percentiles follow
 * trtexec's definition: over the ascending sorted samples, the value at index
 * `max(n − 1 − ⌊(1 − p/100)·n⌋, 0)` (nearest rank from the top, no interpolation); the median of an
 * even count is the mean of the two middle samples.
 */
export const latencyStatsSchema = z.object({
  min_ms: z.number(),
  max_ms: z.number(),
  mean_ms: z.number(),
  median_ms: z.number(),
  /** Absent only in an imported summary whose tool printed other percentiles (trtexec `--percentile=`). */
  p90_ms: z.number().optional(),
  p95_ms: z.number().optional(),
  p99_ms: z.number().optional(),
  /** Percentiles other than 90/95/99 as printed or asked for, e.g. `{ percentile: 99.9, ms: 4.1 }`. */
  other_percentiles: z.array(z.object({ percentile: z.number(), ms: z.number() })).optional(),
  /** Population standard deviation (divide by n), as trtexec computes it. Absent when the source did not give it. */
  std_ms: z.number().optional(),
  /** Coefficient of variance: std / mean × 100. */
  cov_pct: z.number().optional(),
});
export type LatencyStats = z.infer<typeof latencyStatsSchema>;

/** A warning kept with the figures it qualifies (an unstable measurement, high variance). */
export const benchmarkWarningSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
});
export type BenchmarkWarning = z.infer<typeof benchmarkWarningSchema>;

/** One measurement window: perf_analyzer's unit of the stability rule. */
export const measurementWindowSchema = z.object({
  runs: z.number().int().nonnegative(),
  duration_ms: z.number().nonnegative(),
  inferences_per_s: z.number().nonnegative(),
  mean_latency_ms: z.number().nonnegative(),
});
export type MeasurementWindow = z.infer<typeof measurementWindowSchema>;

export const stabilitySchema = z.object({
  /** True when the last `compared` windows agree within `tolerance_pct` for throughput and mean latency. */
  stable: z.boolean(),
  /** `stable`, `max-windows` (gave up, figures kept), or `single-window` (stability checking was off). */
  outcome: z.enum(['stable', 'max-windows', 'single-window']),
  tolerance_pct: z.number().nonnegative(),
  /** How many trailing windows the rule compares and the figures merge (3, as perf_analyzer). */
  compared: z.number().int().positive(),
  windows: z.array(measurementWindowSchema),
});
export type Stability = z.infer<typeof stabilitySchema>;

/** The figures of one configuration (batch, concurrency, shapes). */
export const benchmarkResultSchema = z.object({
  batch: z.number().int().positive(),
  /** Requests in flight at once. */
  concurrency: z.number().int().positive(),
  /** Runner instances (sessions, engine contexts) the requests are spread over. */
  sessions: z.number().int().positive(),
  /** The concrete shape fed to each input. */
  shapes: z.record(z.string(), z.array(z.number().int().nonnegative())),
  /** Timed runs (requests) the statistics are computed over; warm-up runs excluded. */
  timed_runs: z.number().int().nonnegative(),
  /** Wall time of the timed runs: first start to last completion. */
  walltime_ms: z.number().nonnegative(),
  throughput: z.object({
    /** Requests completed per second (trtexec's `qps` for explicit-batch engines). */
    inferences_per_s: z.number().nonnegative(),
    /** inferences_per_s × batch. */
    samples_per_s: z.number().nonnegative(),
  }),
  /** Time from submitting a request to having its outputs, per request. */
  latency: latencyStatsSchema,
  /** Parts of the latency a runner can separate: trtexec's `enqueue`, `h2d`, `gpu_compute`, `d2h`. */
  components: z.record(z.string(), latencyStatsSchema).optional(),
  /** Harness time per run spent outside the runner's `run` (sequential runs only). */
  host_overhead_ms: z.number().optional(),
  stability: stabilitySchema.optional(),
  warnings: z.array(benchmarkWarningSchema),
});
export type BenchmarkResult = z.infer<typeof benchmarkResultSchema>;

export const sweepSchema = z.object({
  /** Batch sizes measured, in order. */
  batches: z.array(z.number().int().positive()),
  /**
   * The batch after which no step gained `min_gain_pct` samples/s: the operating point it recommends.
   * Chosen among the batches whose measurement stabilised (among all only when none did).
   */
  knee_batch: z.number().int().positive(),
  /** The batch with the highest samples/s. */
  best_batch: z.number().int().positive(),
  min_gain_pct: z.number().nonnegative(),
  patience: z.number().int().positive(),
  /** `plateau` (gains fell under the threshold `patience` times) or `max-batch`. */
  stopped_by: z.enum(['plateau', 'max-batch']),
});
export type Sweep = z.infer<typeof sweepSchema>;

export const benchmarkReportSchema = z.object({
  schema_version: z.literal(1),
  /** `measured` by the benchmark stage, or imported from a tool's log (`trtexec`). */
  source: z.enum(['measured', 'trtexec']),
  model: z.object({ name: z.string(), digest: z.string().optional() }),
  runner: z.object({
    backend: z.string(),
    version: z.string(),
    execution_providers: z.array(z.string()),
    threads: z.object({ intra_op: z.number().int().optional(), inter_op: z.number().int().optional() }).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  /** The machine: a figure without its machine is not comparable. */
  environment: z.object({
    cpu_model: z.string().optional(),
    cpu_cores: z.number().int().optional(),
    os: z.string().optional(),
    node_version: z.string().optional(),
    gpu: z.string().optional(),
  }),
  /** What was asked for (warm-up, windows, …) as the stage received it. */
  settings: z.record(z.string(), z.unknown()),
  percentile_method: z.literal('trtexec-nearest-rank'),
  results: z.array(benchmarkResultSchema).min(1),
  /** Index in `results` of the configuration that gates and the summary judge (the knee of a sweep). */
  primary: z.number().int().nonnegative(),
  sweep: sweepSchema.optional(),
  warnings: z.array(benchmarkWarningSchema),
});
export type BenchmarkReport = z.infer<typeof benchmarkReportSchema>;

/** The JSON Schema committed as `schemas/benchmark-report.schema.json` (a test fails when it drifts). */
export function benchmarkReportJsonSchema(): Record<string, unknown> {
  return { title: 'benchmark-report', ...(z.toJSONSchema(benchmarkReportSchema) as Record<string, unknown>) };
}
