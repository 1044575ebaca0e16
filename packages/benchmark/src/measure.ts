import { InterruptedError } from '@pipeline/errors';
import type { Stability } from './report-schema.js';
import type { Runner, RunOptions } from '@pipeline/runner';
import type { Tensor } from '@pipeline/tensor';
import { type Clock, monotonicClock } from './clock.js';
import { concatSamples } from './sample-buffer.js';
import { STABILITY_WINDOW_COUNT, windowSpreadPct } from './stability.js';
import { type PhaseLength, type RecordedWindow, WindowRecorder } from './window-recorder.js';

/** One request's inputs, built before timing starts. */
export type Feeds = Readonly<Record<string, Tensor>>;

export interface MeasureOptions {
  /** One runner per session; concurrent requests are spread over them round-robin. */
  runners: readonly Pick<Runner, 'run'>[];
  /** Pre-built feeds, cycled through; nothing is built inside the timed loop. */
  feeds: readonly Feeds[];
  /** Requests in flight at once (each is a loop awaiting its own run). Default 1. */
  concurrency?: number;
  /** Warm-up lasts at least this many runs and this long. Default 200 ms, as trtexec `--warmUp`. */
  warmup?: Partial<PhaseLength>;
  /** A measurement window lasts at least this many runs and this long. */
  window: Partial<PhaseLength>;
  /** perf_analyzer's stability loop; `false` measures one window only. */
  stability?: { tolerancePct: number; maxWindows: number } | false;
  /** Clock time (ms, of `clock`) after which no new stability window starts: the time budget (see WindowRecorder). */
  deadlineMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
  /** Only these outputs are fetched (all when absent). */
  outputs?: readonly string[];
}

export interface Measurement {
  windows: RecordedWindow[];
  /** Latencies (ms) of the windows the figures are computed from: the last 3, or the only one. */
  latencies: Float64Array;
  /** Wall time of those windows, summed. */
  walltimeMs: number;
  stability: Stability;
  /** Harness time per run outside `run`, from sequential runs only (undefined with concurrency > 1). */
  hostOverheadMs: number | undefined;
  warmupRuns: number;
  warmupMs: number;
}

/**
 * Times runs of a runner until the windows are stable (or there are `maxWindows` of them). Each request
 * is timed from just before `run` to just after its promise settles; the loop reads the clock twice and
 * records a double per run, nothing else. With concurrency N, N such loops share the runners, and
 * throughput counts completions per second of wall time.
 */
export async function measure(options: MeasureOptions): Promise<Measurement> {
  const clock = options.clock ?? monotonicClock;
  const concurrency = options.concurrency ?? 1;
  if (options.runners.length === 0 || options.feeds.length === 0) throw new RangeError('measure: needs at least one runner and one feed');
  const stabilityOption = options.stability ?? { tolerancePct: 10, maxWindows: 10 };
  const compared = stabilityOption === false ? 1 : STABILITY_WINDOW_COUNT;
  const recorder = new WindowRecorder(
    {
      warmup: { runs: options.warmup?.runs ?? 0, ms: options.warmup?.ms ?? 200 },
      window: { runs: options.window.runs ?? 0, ms: options.window.ms ?? 0 },
      stability: stabilityOption === false ? false : { ...stabilityOption, compared },
      ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
    },
    clock(),
  );
  const runOptions: RunOptions = {};
  if (options.signal) runOptions.signal = options.signal;
  if (options.outputs) runOptions.outputs = options.outputs;
  const { feeds, runners, signal } = options;

  const worker = async (index: number): Promise<void> => {
    const runner = runners[index % runners.length] as Pick<Runner, 'run'>;
    let next = index;
    while (!recorder.done) {
      if (signal?.aborted) throw new InterruptedError();
      const feed = feeds[next % feeds.length] as Feeds;
      next++;
      const start = clock();
      await runner.run(feed, runOptions);
      const end = clock();
      recorder.record(start, end);
    }
  };
  const workers = Array.from({ length: concurrency }, (_, i) =>
    worker(i).catch((error: unknown) => {
      // One failed request ends the measurement; the other loops stop after their current run.
      recorder.done = true;
      throw error;
    }),
  );
  // Wait for every loop (not just the first failure) so no run is still in flight when the caller closes the runners.
  const settled = await Promise.allSettled(workers);
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) throw failure.reason;

  const merged = recorder.windows.slice(-compared);
  const walltimeMs = sum(merged.map((w) => w.summary.duration_ms));
  const runs = sum(merged.map((w) => w.summary.runs));
  const busyMs = sum(merged.map((w) => w.busyMs));
  return {
    windows: recorder.windows,
    latencies: concatSamples(merged.map((w) => w.latencies)),
    walltimeMs,
    stability: {
      // One window cannot show stability: it is reported as not established, never as stable.
      stable: recorder.stable,
      outcome: stabilityOption === false ? 'single-window' : recorder.stable ? 'stable' : recorder.outOfBudget ? 'budget' : 'max-windows',
      tolerance_pct: stabilityOption === false ? 0 : stabilityOption.tolerancePct,
      compared,
      windows: recorder.windows.map((w) => w.summary),
      // One window has no spread to speak of: the field is left out rather than read as 0%.
      ...(stabilityOption === false ? {} : { spread_pct: windowSpreadPct(recorder.windows.map((w) => w.summary), compared) }),
    },
    hostOverheadMs: concurrency === 1 && runs > 0 ? Math.max(walltimeMs - busyMs, 0) / runs : undefined,
    warmupRuns: recorder.warmupRuns,
    warmupMs: recorder.warmupMs,
  };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
