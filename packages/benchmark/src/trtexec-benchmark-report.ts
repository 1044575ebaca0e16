import path from 'node:path';
import type { BenchmarkReport, BenchmarkWarning } from './report-schema.js';
import type { TrtexecMetricStats, TrtexecPerformanceSummary, TrtexecRun } from '@pipeline/tensorrt';
import { BenchmarkCode } from './codes.js';
import { type PrintedLatency, printedSummaryToResult } from './imported.js';

function printed(stats: TrtexecMetricStats): PrintedLatency {
  // trtexec keys percentiles by the printed label ('90', '99.9'); the benchmark mapping reads them as is.
  return { min_ms: stats.min, max_ms: stats.max, mean_ms: stats.mean, median_ms: stats.median, percentiles_ms: { ...stats.percentiles } };
}

/** The code of each kind of note trtexec prints under its summary; instability is our high-variance warning. */
const NOTE_CODE: Record<TrtexecPerformanceSummary['notes'][number]['kind'], BenchmarkCode> = {
  unstable: BenchmarkCode.HighVariance,
  'enqueue-bound': BenchmarkCode.TrtexecEnqueueBound,
  'h2d-bound': BenchmarkCode.TrtexecH2dBound,
  'd2h-bound': BenchmarkCode.TrtexecD2hBound,
  'multi-stream': BenchmarkCode.TrtexecMultiStream,
  other: BenchmarkCode.TrtexecOther,
};

/** The `[W] * …` notes under trtexec's summary as report warnings. */
function noteWarnings(perf: TrtexecPerformanceSummary): BenchmarkWarning[] {
  return perf.notes.map((note) => ({
    code: NOTE_CODE[note.kind],
    message: note.message,
    ...(note.advice ? { hint: note.advice } : {}),
  }));
}

/** `1x3x640x640` → [1, 3, 640, 640]; undefined unless every dim is a whole number ≥ 0. */
function dims(shape: string): number[] | undefined {
  const out = shape.split('x').map(Number);
  return out.every((d) => Number.isInteger(d) && d >= 0) ? out : undefined;
}

/** The shapes trtexec ran with: its `Set shape of input tensor …` lines, else the input bindings it printed. */
function inputShapes(run: TrtexecRun): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (const b of run.bindings) if (b.direction === 'input' && b.dims.every((d) => Number.isInteger(d) && d >= 0)) shapes[b.name] = b.dims;
  for (const s of run.shapes) {
    const d = dims(s.shape);
    if (d) shapes[s.name] = d;
  }
  return shapes;
}

/** The model a trtexec command ran: `--onnx=`/`--loadEngine=`/`--saveEngine=`'s file name. */
function modelName(run: TrtexecRun, log: string): string {
  const flags = (run.start ?? run.end)?.flags ?? [];
  const file = ['onnx', 'loadEngine', 'saveEngine'].map((name) => flags.find((f) => f.name === name)?.value).find((v) => v !== undefined);
  return path.basename(file ?? log);
}

/**
 * A `benchmark-report` of a trtexec run someone already made, so hand-run logs compare with our runs.
 * Marked as such: `source: "trtexec"`, and `settings.imported`/`settings.source_log` name the log; the
 * runner is TensorRT at the version and on the GPU the log names. Undefined when the log has no
 * performance summary (a build-only or failed run): there is nothing to report. The figures go through
 * `printedSummaryToResult`, the one mapping of printed figures onto the report's. The caller checks the
 * result with `benchmarkReportSchema` when it needs to: trtexec prints `inf`/`nan` for empty timings.
 *
 * The batch is not read into the log: unless `--batch=N` (implicit batch) is in its command or the
 * caller knows it (`options.batch`: from the engine's profile, the inspect artifact, or the shapes a
 * stage itself asked for), the result's batch and samples/s are null, with a `W_BATCH_UNKNOWN` warning.
 *
 * @param run the log parsed by `parseTrtexecLog` (@pipeline/tensorrt)
 * @param log the log's path as the user gave it; recorded as `settings.source_log`
 */
export function trtexecBenchmarkReport(run: TrtexecRun, log: string, options: { batch?: number } = {}): BenchmarkReport | undefined {
  const perf = run.performance;
  if (!perf?.latency || perf.throughputQps === undefined) return undefined;
  const implicitBatch = Number((run.start ?? run.end)?.flags.find((f) => f.name === 'batch')?.value);
  const batch = Number.isInteger(implicitBatch) && implicitBatch > 0 ? implicitBatch : options.batch;
  const components: Record<string, PrintedLatency> = {};
  if (perf.enqueueTime) components.enqueue = printed(perf.enqueueTime);
  if (perf.h2dLatency) components.h2d = printed(perf.h2dLatency);
  if (perf.gpuComputeTime) components.gpu_compute = { ...printed(perf.gpuComputeTime), ...(perf.coefficientOfVariancePercent === undefined ? {} : { cov_pct: perf.coefficientOfVariancePercent }) };
  if (perf.d2hLatency) components.d2h = printed(perf.d2hLatency);
  const warnings = noteWarnings(perf);
  if (batch === undefined) {
    warnings.push({
      code: BenchmarkCode.BatchUnknown,
      message: 'the log does not tell whether an input’s first dim is a batch: batch and samples/s are unknown; inferences/s is trtexec’s qps',
      hint: 'give the batch (the engine profile or the inspect artifact says which dim is the batch)',
    });
  }
  const result = printedSummaryToResult({
    ...(batch === undefined ? {} : { batch }),
    throughput_counts: Number.isInteger(implicitBatch) && implicitBatch > 0 ? 'samples' : 'queries',
    ...(perf.totalGpuComputeTimeSeconds === undefined ? {} : { gpu_compute_total_ms: perf.totalGpuComputeTimeSeconds * 1000 }),
    throughput_qps: perf.throughputQps,
    ...(perf.totalHostWalltimeSeconds === undefined ? {} : { walltime_ms: perf.totalHostWalltimeSeconds * 1000 }),
    ...(run.inference.timedQueries === undefined ? {} : { timed_runs: run.inference.timedQueries }),
    latency: printed(perf.latency),
    components,
    shapes: inputShapes(run),
    warnings,
  });
  const total = run.profile?.total;
  if (total) {
    result.layer_profile_total = { time_ms: total.timeMs, average_ms: total.averageMs, percentage: total.percentage, ...(total.medianMs === undefined ? {} : { median_ms: total.medianMs }), ...(run.profile?.iterations === undefined ? {} : { iterations: run.profile.iterations }) };
  }
  const command = run.start ?? run.end;
  const device = run.device;
  return {
    schema_version: 1,
    source: 'trtexec',
    model: { name: modelName(run, log) },
    runner: {
      backend: 'tensorrt',
      version: run.tensorrtVersion ?? 'unknown',
      execution_providers: [],
      details: {
        tool: 'trtexec',
        ...(device?.computeCapability ? { compute_capability: device.computeCapability } : {}),
        ...(run.options['Build Options']?.Precision ? { precision: run.options['Build Options'].Precision } : {}),
        // Kept side by side: reading the plan file (`Engine loaded in`) and deserialising it are separate costs.
        ...(run.engine.fileLoadSeconds === undefined ? {} : { engine_loaded_in_s: run.engine.fileLoadSeconds }),
        ...(run.phases.load?.seconds === undefined ? {} : { engine_deserialized_in_s: run.phases.load.seconds }),
      },
    },
    environment: device?.name ? { gpu: device.name } : {},
    settings: { imported: true, source_log: log, ...(command ? { command: command.command } : {}), outcome: run.outcome },
    percentile_method: 'trtexec-nearest-rank',
    results: [result],
    primary: 0,
    // The notes qualify the one result's figures, so they sit with it, not at report level.
    warnings: [],
  };
}
