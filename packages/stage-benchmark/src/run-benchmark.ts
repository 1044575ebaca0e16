import {
  type Clock,
  describeEnvironment,
  formatG,
  type HostFacts,
  measure,
  monotonicClock,
  runBatchSweep,
  type MeasuredBenchmarkResult,
  toBenchmarkResult,
} from '@pipeline/benchmark';
import type { BenchmarkReport, BenchmarkResult, BenchmarkWarning, Sweep } from '@pipeline/kinds';
import type { Runner, RunnerFactory, RunnerLoadOptions } from '@pipeline/runner';
import type { ProgressUpdate, StageLogger } from '@pipeline/sdk';
import { buildFeeds, checkBatchParams, sweepLimit } from './feeds.js';
import type { BenchmarkParams } from './params.js';

export interface BenchmarkDeps {
  /** Opens the model; the stage picks it from `params.runner`. */
  openRunner: RunnerFactory;
  log: StageLogger;
  signal?: AbortSignal;
  clock?: Clock;
  /** The machine to record; the current one by default. */
  host?: HostFacts;
  /** Told which configuration is being measured (the stage passes `ctx.progress`). */
  progress?: (update: ProgressUpdate) => void;
}

export interface BenchmarkTarget {
  path: string;
  /** Shown in reports: the file name or the stage id of its producer. */
  name: string;
  digest?: string;
  /** The `dataset` folder that `files` and `onnx_test_data` params read. */
  dataset?: string;
}

/**
 * The benchmark stage's work without the stage: opens `sessions` runners, measures one configuration
 * (or sweeps the batch size), and returns the report. Feeds are built before each measurement and the
 * runners are closed whatever happens.
 */
export async function benchmarkModel(target: BenchmarkTarget, params: BenchmarkParams, deps: BenchmarkDeps): Promise<BenchmarkReport> {
  const { log, signal } = deps;
  const clock = deps.clock ?? monotonicClock;
  // The budget runs from here: opening the sessions and building feeds spend it too.
  const deadlineMs = params.budget_ms !== undefined ? clock() + params.budget_ms : undefined;
  const loadOptions: RunnerLoadOptions = {};
  if (params.threads.intra_op !== undefined) loadOptions.intraOpThreads = params.threads.intra_op;
  if (params.threads.inter_op !== undefined) loadOptions.interOpThreads = params.threads.inter_op;
  if (signal) loadOptions.signal = signal;
  const runners: Runner[] = [];
  try {
    for (let i = 0; i < params.sessions; i++) runners.push(await deps.openRunner(target.path, loadOptions));
    const first = runners[0] as Runner;
    checkBatchParams(first.inputs, params, target.name);

    const measureBatch = async (batch: number): Promise<MeasuredBenchmarkResult> => {
      deps.progress?.({ message: `measuring batch ${batch}` });
      const { feeds, shapes, description } = await buildFeeds(first.inputs, params, batch, signal, target.dataset);
      log.info(`batch ${batch}: ${description}`);
      const stability = params.stability.enabled ? { tolerancePct: params.stability.tolerance_pct, maxWindows: params.stability.max_windows } : false;
      const window = params.stability.enabled
        ? { runs: params.stability.window_runs, ms: params.stability.window_ms }
        : { runs: params.iterations, ms: params.duration_ms };
      const measurement = await measure({
        runners,
        feeds,
        concurrency: params.concurrency,
        warmup: params.warmup,
        window,
        stability,
        clock,
        ...(deadlineMs !== undefined ? { deadlineMs } : {}),
        ...(signal ? { signal } : {}),
      });
      const result = toBenchmarkResult(measurement, {
        batch,
        concurrency: params.concurrency,
        sessions: params.sessions,
        shapes,
        covWarnPct: params.cov_warn_pct,
      });
      log.info(
        `batch ${batch}: ${formatG(result.throughput.samples_per_s)} samples/s, median ${formatG(result.latency.median_ms ?? Number.NaN)} ms, ` +
          `p99 ${formatG(result.latency.p99_ms ?? Number.NaN)} ms over ${result.timed_runs} runs (${measurement.stability.outcome})`,
      );
      for (const warning of result.warnings) log.warn(warning.message);
      return result;
    };

    let results: BenchmarkResult[];
    let sweep: Sweep | undefined;
    if (params.sweep) {
      const outcome = await runBatchSweep(measureBatch, {
        maxBatch: sweepLimit(first.inputs, params.sweep.max_batch),
        minGainPct: params.sweep.min_gain_pct,
        patience: params.sweep.patience,
        ...(deadlineMs !== undefined ? { outOfBudget: () => clock() >= deadlineMs } : {}),
      });
      results = outcome.results;
      sweep = outcome.sweep;
    } else {
      results = [await measureBatch(params.batch)];
    }
    const primary = sweep ? results.findIndex((r) => r.batch === sweep.knee_batch) : 0;
    const report = assembleReport(target, first, params, results, Math.max(primary, 0), sweep, deps.host);
    const serialized = serializedConcurrencyWarning(first, params);
    if (serialized) {
      report.warnings.push(serialized);
      log.warn(serialized.message);
    }
    return report;
  } finally {
    await Promise.allSettled(runners.map((r) => r.close()));
  }
}

function assembleReport(
  target: BenchmarkTarget,
  runner: Runner,
  params: BenchmarkParams,
  results: BenchmarkResult[],
  primary: number,
  sweep: Sweep | undefined,
  host: HostFacts | undefined,
): BenchmarkReport {
  const { info } = runner;
  const runnerFacts: BenchmarkReport['runner'] = { backend: info.backend, version: info.version, execution_providers: [...info.executionProviders] };
  const threads: NonNullable<BenchmarkReport['runner']['threads']> = {};
  if (info.threads?.intraOp !== undefined) threads.intra_op = info.threads.intraOp;
  if (info.threads?.interOp !== undefined) threads.inter_op = info.threads.interOp;
  if (Object.keys(threads).length > 0) runnerFacts.threads = threads;
  if (info.details) runnerFacts.details = { ...info.details };
  const model: BenchmarkReport['model'] = { name: target.name };
  if (target.digest) model.digest = target.digest;
  const report: BenchmarkReport = {
    schema_version: 1,
    source: 'measured',
    model,
    runner: runnerFacts,
    environment: describeEnvironment(host),
    settings: { ...params },
    percentile_method: 'trtexec-nearest-rank',
    results,
    primary,
    warnings: [],
  };
  if (sweep) report.sweep = sweep;
  return report;
}

/**
 * onnxruntime-node (1.x) runs `session.run` synchronously on the main thread inside `setImmediate`, so
 * concurrent requests in one process take turns: concurrency adds queueing to latency, not throughput.
 * The figures are still true; the warning says what they mean.
 */
function serializedConcurrencyWarning(runner: Runner, params: BenchmarkParams): BenchmarkWarning | undefined {
  if (runner.info.backend !== 'onnxruntime' || params.concurrency === 1) return undefined;
  return {
    code: 'W_CONCURRENCY_SERIALIZED',
    message: `onnxruntime-node runs each session.run on the main thread, so the ${params.concurrency} concurrent requests were served one at a time: latency includes waiting for the others, and throughput is that of one request stream.`,
    hint: 'use threads.intra_op for parallelism inside a run; concurrency is meaningful with servers (Triton)',
  };
}
