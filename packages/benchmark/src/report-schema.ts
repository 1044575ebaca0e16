import { z } from 'zod';

// Each schema is a `z.lazy`, built on first use (zod keeps what it built): building them costs
// milliseconds that a command which never reads a report (`check`, `plan`, a cached re-run) should not
// pay when it imports the kinds.

/**
 * Latency statistics of one metric over the timed runs, in milliseconds. Field names are the same for
 * every runner (ONNX Runtime, TensorRT via trtexec, Triton) so that reports compare. Percentiles follow
 * trtexec's definition: over the ascending sorted samples, the value at index
 * `max(n − 1 − ⌊(1 − p/100)·n⌋, 0)` (nearest rank from the top, no interpolation); the median of an
 * even count is the mean of the two middle samples.
 */
export const latencyStatsSchema = z.lazy(() =>
  z.object({
    /** min/max/mean/median are absent only in an imported report whose tool did not print them (perf_analyzer prints no min or max, and no mean with `--percentile`). */
    min_ms: z.number().optional(),
    max_ms: z.number().optional(),
    mean_ms: z.number().optional(),
    median_ms: z.number().optional(),
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
  }),
);
export type LatencyStats = z.infer<typeof latencyStatsSchema>;

/** A warning kept with the figures it qualifies (an unstable measurement, high variance). */
export const benchmarkWarningSchema = z.lazy(() =>
  z.object({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
  }),
);
export type BenchmarkWarning = z.infer<typeof benchmarkWarningSchema>;

/** One measurement window: perf_analyzer's unit of the stability rule. */
export const measurementWindowSchema = z.lazy(() =>
  z.object({
    runs: z.number().int().nonnegative(),
    duration_ms: z.number().nonnegative(),
    inferences_per_s: z.number().nonnegative(),
    mean_latency_ms: z.number().nonnegative(),
  }),
);
export type MeasurementWindow = z.infer<typeof measurementWindowSchema>;

export const stabilitySchema = z.lazy(() =>
  z.object({
    /** True when the last `compared` windows agree within `tolerance_pct` for throughput and mean latency. */
    stable: z.boolean(),
    /**
     * `stable`, `max-windows` (gave up, figures kept), `budget` (the benchmark's `budget_ms` ran out before
     * the windows agreed; figures kept) or `single-window` (stability checking was off).
     */
    outcome: z.enum(['stable', 'max-windows', 'budget', 'single-window']),
    tolerance_pct: z.number().nonnegative(),
    /** How many trailing windows the rule compares and the figures merge (3, as perf_analyzer). */
    compared: z.number().int().positive(),
    windows: z.array(measurementWindowSchema),
    /**
     * How stable the figures got: the largest spread (max/min − 1, percent) of throughput or mean latency
     * over the compared windows; null when there were fewer windows than `compared` or one had no
     * throughput. Absent in reports written before it, and for a single window.
     */
    spread_pct: z.number().nonnegative().nullable().optional(),
  }),
);
export type Stability = z.infer<typeof stabilitySchema>;

/**
 * Server-side figures of one configuration, from the server's statistics (deltas over the measured
 * windows) or as perf_analyzer printed them: counts, and the average request latency split into its
 * parts (`overhead`, `queue`, `compute_input`, `compute_infer`, `compute_output`; an ensemble's own
 * line has `compute`; the response cache adds `cache_hit_miss`).
 */
export const serverStatsSchema = z.lazy(() =>
  z.object({
    inference_count: z.number().int().nonnegative().optional(),
    execution_count: z.number().int().nonnegative().optional(),
    success_count: z.number().int().nonnegative().optional(),
    cache_hit_count: z.number().int().nonnegative().optional(),
    cache_miss_count: z.number().int().nonnegative().optional(),
    /** Average request latency at the server. */
    request_latency_ms: z.number().nonnegative().optional(),
    breakdown_ms: z.record(z.string(), z.number()),
  }),
);
export type ServerStats = z.infer<typeof serverStatsSchema>;

export const serverSideSchema = z.lazy(() =>
  serverStatsSchema.unwrap().extend({
    /** An ensemble's composing models, each with its own figures: where the time goes, model by model. */
    composing_models: z.array(serverStatsSchema.unwrap().extend({ name: z.string(), version: z.string() })).optional(),
  }),
);
export type ServerSide = z.infer<typeof serverSideSchema>;

/** How the load was offered, and what was achieved: a rate the generator could not sustain says so. */
export const loadSchema = z.lazy(() =>
  z.object({
    mode: z.enum(['concurrency', 'request-rate']),
    /** Requests in flight at once (concurrency mode), or the most that were in flight (rate mode). */
    concurrency: z.number().int().nonnegative().optional(),
    asked_rate_per_s: z.number().nonnegative().optional(),
    /** Requests started per second over the measured windows. */
    achieved_rate_per_s: z.number().nonnegative().optional(),
    distribution: z.enum(['constant', 'poisson']).optional(),
    /** False when the achieved rate fell more than the tolerance below the asked rate. */
    sustained: z.boolean().optional(),
  }),
);
export type Load = z.infer<typeof loadSchema>;

/** Client-side split of a request's time: `until_headers`/`body` (the load generator), `send_recv` and `response_wait` (perf_analyzer's HTTP), `send`/`recv` (its CSV). */
export const clientSideSchema = z.lazy(() =>
  z.object({
    protocol: z.string().optional(),
    /** Average time of a request as the client saw it. */
    request_ms: z.number().nonnegative().optional(),
    breakdown_ms: z.record(z.string(), z.number()),
  }),
);
export type ClientSide = z.infer<typeof clientSideSchema>;

/** Failed requests by kind (`timeout`, `refused`, `reset`, `http_5xx`, `http_4xx`, …). */
export const requestErrorsSchema = z.lazy(() =>
  z.object({
    total: z.number().int().nonnegative(),
    by_kind: z.record(z.string(), z.number().int().nonnegative()),
  }),
);
export type RequestErrors = z.infer<typeof requestErrorsSchema>;

/** One GPU's figures over the measurement, as the server's metrics gave them. */
export const gpuFiguresSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    /** 0–1. */
    utilization: z.number().optional(),
    power_w: z.number().optional(),
    memory_used_bytes: z.number().optional(),
    memory_total_bytes: z.number().optional(),
  }),
);
export type GpuFigures = z.infer<typeof gpuFiguresSchema>;

/** The figures of one configuration (batch, concurrency, shapes). */
export const benchmarkResultSchema = z.lazy(() =>
  z.object({
    /**
     * Samples per request; null when unknown: a trtexec log alone cannot tell whether an input's dim 0
     * is a batch (an engine's `10x3x640x1088` may be 10 images or one 10-frame clip).
     */
    batch: z.number().int().positive().nullable(),
    /** Requests in flight at once. */
    /** Requests in flight at once; 0 when not known (an imported request-rate measurement). */
    concurrency: z.number().int().nonnegative(),
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
      /** inferences_per_s × batch; null when the batch is unknown. */
      samples_per_s: z.number().nonnegative().nullable(),
    }),
    /** trtexec's `Total GPU Compute Time`: the GPU compute of every timed query added up, in ms. */
    gpu_compute_total_ms: z.number().nonnegative().optional(),
    /** The `Total` row of trtexec's `--dumpProfile` table (all layers, over the profiled iterations). */
    layer_profile_total: z
      .object({ iterations: z.number().int().optional(), time_ms: z.number(), average_ms: z.number(), median_ms: z.number().optional(), percentage: z.number() })
      .optional(),
    /** Time from submitting a request to having its outputs, per request. */
    latency: latencyStatsSchema,
    /** Parts of the latency a runner can separate: trtexec's `enqueue`, `h2d`, `gpu_compute`, `d2h`. */
    components: z.record(z.string(), latencyStatsSchema).optional(),
    /** Harness time per run spent outside the runner's `run` (sequential runs only). */
    host_overhead_ms: z.number().optional(),
    stability: stabilitySchema.optional(),
    /** Server mode: how the load was offered. */
    load: loadSchema.optional(),
    client: clientSideSchema.optional(),
    server: serverSideSchema.optional(),
    errors: requestErrorsSchema.optional(),
    gpus: z.array(gpuFiguresSchema).optional(),
    warnings: z.array(benchmarkWarningSchema),
  }),
);
export type BenchmarkResult = z.infer<typeof benchmarkResultSchema>;
/** A result this project measured itself: it always knows its batch. */
export type MeasuredBenchmarkResult = BenchmarkResult & { batch: number; throughput: { inferences_per_s: number; samples_per_s: number } };

export const sweepSchema = z.lazy(() =>
  z.object({
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
    stopped_by: z.enum(['plateau', 'max-batch', 'budget']),
  }),
);
export type Sweep = z.infer<typeof sweepSchema>;

/** The search for the highest load whose p99 stays under an SLO (server mode). */
export const sloSearchSchema = z.lazy(() =>
  z.object({
    max_p99_ms: z.number().positive(),
    mode: z.enum(['concurrency', 'request-rate']),
    /** Loads measured, in the order the search tried them. */
    tried: z.array(z.object({ load: z.number().nonnegative(), p99_ms: z.number().nonnegative(), inferences_per_s: z.number().nonnegative(), met: z.boolean() })),
    /** The highest load that met the SLO; absent when none did. */
    best_load: z.number().nonnegative().optional(),
    /** Index in `results` of that load's figures. */
    best_result: z.number().int().nonnegative().optional(),
  }),
);
export type SloSearch = z.infer<typeof sloSearchSchema>;

export const benchmarkReportSchema = z.lazy(() =>
  z.object({
    schema_version: z.literal(1),
    /** `measured` by the benchmark stage, or imported from a tool's log (`trtexec`). */
    source: z.enum(['measured', 'trtexec', 'perf_analyzer']),
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
    /**
     * How percentiles were computed: trtexec's nearest rank (in-process benchmarks), an HDR histogram
     * (the load generator: 3 significant digits), or perf_analyzer's own (imported).
     */
    percentile_method: z.enum(['trtexec-nearest-rank', 'hdr-histogram', 'perf_analyzer']),
    results: z.array(benchmarkResultSchema).min(1),
    /** Index in `results` of the configuration that gates and the summary judge (the knee of a sweep). */
    primary: z.number().int().nonnegative(),
    sweep: sweepSchema.optional(),
    slo_search: sloSearchSchema.optional(),
    warnings: z.array(benchmarkWarningSchema),
  }),
);
export type BenchmarkReport = z.infer<typeof benchmarkReportSchema>;

/** The JSON Schema committed as `schemas/benchmark-report.schema.json` (a test fails when it drifts). */
export function benchmarkReportJsonSchema(): Record<string, unknown> {
  return { title: 'benchmark-report', ...(z.toJSONSchema(benchmarkReportSchema) as Record<string, unknown>) };
}
