import { builtinRunners, serverParamsSchema } from '@pipeline/builtin-runners';
import { dataSourceParamsSchema } from '@pipeline/data/params';
import { z } from 'zod';

/**
 * The fewest runs a count-based stability window may hold (when `window_ms` is 0): windows of one run
 * "agree" by chance. A deliberate count is the user's to choose above that (perf_analyzer's default is 50).
 */
const MIN_WINDOW_RUNS = 3;

const count = z.number().int().nonnegative();
const positiveInt = z.number().int().positive();

/**
 * Params of the `benchmark` stage. Defaults follow trtexec (200 ms warm-up, percentiles 90/95/99,
 * CoV warning above 2.5 %) and perf_analyzer (windows, 10 % stability over the last 3, 10 windows max).
 */
export const benchmarkParamsSchema = z.object({
  // The runners come from the one registry: a new backend there is a new value here.
  runner: z.enum(builtinRunners.names).default('onnxruntime').describe('Which runner executes the model.'),
  server: serverParamsSchema.optional().describe('For `runner: triton`: the KServe v2 server that runs the model.'),
  warmup: z
    .object({
      runs: count.default(10).describe('Untimed runs before measuring (at least).'),
      ms: z.number().nonnegative().default(200).describe('Untimed milliseconds before measuring (at least).'),
    })
    .prefault({})
    .describe('Warm-up lasts until both minima are met.'),
  iterations: positiveInt.default(100).describe('Timed runs, when stability checking is off (at least).'),
  duration_ms: z.number().nonnegative().default(0).describe('Timed milliseconds, when stability checking is off (at least).'),
  batch: positiveInt.default(1).describe('Samples per request (the size of the first axis); ignored by a sweep.'),
  concurrency: positiveInt.default(1).describe('Requests in flight at once.'),
  sessions: positiveInt.default(1).describe('Runner instances (ONNX Runtime sessions) the requests are spread over.'),
  threads: z
    .object({
      intra_op: positiveInt.optional().describe('Threads inside one operator (ONNX Runtime intra-op).'),
      inter_op: positiveInt.optional().describe('Threads across operators (ONNX Runtime inter-op).'),
    })
    .prefault({}),
  data: dataSourceParamsSchema
    .prefault({ random: {} })
    .describe(
      'The inputs, in the shared `data:` form. { random: { seed, count, dims, ranges, preset } } (the default, seed 1): `count` distinct batches at the measured batch size, dynamic dims by name from `dims` (the batch axis takes `batch`); { files: {…} } / { onnx_test_data: {} }: samples read from `dataset` (at most `files.limit`) and stacked into batches. All batches are built before timing and cycled through.',
    ),
  stability: z
    .object({
      enabled: z.boolean().default(true).describe('Repeat windows until the last 3 agree; off: one window of `iterations`/`duration_ms`.'),
      window_ms: z.number().nonnegative().default(1000).describe('A window lasts at least this long.'),
      window_runs: count.default(0).describe('A window holds at least this many runs.'),
      tolerance_pct: z.number().positive().default(10).describe('Largest spread of throughput and mean latency over the last 3 windows.'),
      max_windows: z.number().int().min(3).default(10).describe('Give up (report unstable) after this many windows.'),
    })
    .refine((s) => !s.enabled || s.window_ms > 0 || s.window_runs >= MIN_WINDOW_RUNS, {
      message: `a stability window needs window_ms > 0 or window_runs >= ${MIN_WINDOW_RUNS}`,
      path: ['window_ms'],
    })
    .prefault({}),
  budget_ms: z
    .number()
    .positive()
    .optional()
    .describe(
      'Time budget of the whole measurement (ms; warm-up and windows, every sweep step). When it runs out, no new stability window starts: the configuration being measured keeps the windows it has (stability outcome `budget`, with `spread_pct` saying how far apart its last 3 windows are) and the sweep stops after it. Checked as each window closes, so the stage may overrun it by one window. Absent: no budget (max_windows bounds each configuration).',
    ),
  sweep: z
    .object({
      max_batch: positiveInt.describe('Largest batch tried (powers of two up to it).'),
      min_gain_pct: z.number().nonnegative().default(5).describe('A step gaining less samples/s than this counts as a plateau.'),
      patience: positiveInt.default(2).describe('Stop after this many plateau steps in a row.'),
    })
    .optional()
    .describe('Batch sweep; the knee becomes the primary configuration that gates judge.'),
  gates: z
    .object({
      max_p99_ms: z.number().positive().optional().describe('Fail when the primary configuration’s p99 latency is above this (ms).'),
      min_throughput: z.number().positive().optional().describe('Fail when the primary configuration’s samples/s is below this.'),
      require_stable: z
        .boolean()
        .default(true)
        .describe(
          'A figure whose windows never agreed within max_windows cannot pass a gate: a gate it misses by more than the spread of its windows fails (exit 1); otherwise the stage errors with E_BENCHMARK_UNSTABLE (exit 3: the run could not decide), naming the figures — lengthen stability.window_ms, use fewer threads or a quieter machine. false: judge unstable figures anyway.',
        ),
    })
    .prefault({}),
  layer_profile: z
    .boolean()
    .default(false)
    .describe('For an engine: also profile per layer (--dumpProfile --separateProfileRun, so the summary is still printed) and keep --exportProfile.'),
  cov_warn_pct: z.number().positive().default(2.5).describe('Warn when the latency coefficient of variance is above this (trtexec: 2.5 %).'),
});

export type BenchmarkParams = z.output<typeof benchmarkParamsSchema>;
