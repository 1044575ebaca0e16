/**
 * The stable codes of @pipeline/benchmark's report warnings. Tools and tests match on these; never
 * rename one, only add. `test/code-catalogues.test.ts` fails when the package emits a code not listed here.
 */
export const BenchmarkCode = {
  /** The windows never agreed within max_windows: the figures are kept, marked unstable. */
  UnstableMeasurement: 'W_UNSTABLE_MEASUREMENT',
  /** The time budget (`budget_ms`) ran out before the stability windows agreed; the figures are kept, with their spread. */
  UnstableWithinBudget: 'W_UNSTABLE_WITHIN_BUDGET',
  /** The latency varies more than `cov_warn_pct` (trtexec's "unstable" note maps here too). */
  HighVariance: 'W_HIGH_VARIANCE',
  /** trtexec: the run is bound by enqueue time (its note under the performance summary). */
  TrtexecEnqueueBound: 'W_TRTEXEC_ENQUEUE_BOUND',
  /** trtexec: host-to-device transfers dominate. */
  TrtexecH2dBound: 'W_TRTEXEC_H2D_BOUND',
  /** trtexec: device-to-host transfers dominate. */
  TrtexecD2hBound: 'W_TRTEXEC_D2H_BOUND',
  /** trtexec: several streams ran, so per-query figures overlap. */
  TrtexecMultiStream: 'W_TRTEXEC_MULTI_STREAM',
  /** A trtexec log alone does not say whether an input's first dim is a batch: batch and samples/s are unknown. */
  BatchUnknown: 'W_BATCH_UNKNOWN',
  /** trtexec: any other note under its performance summary. */
  TrtexecOther: 'W_TRTEXEC_OTHER',
} as const;

export type BenchmarkCode = (typeof BenchmarkCode)[keyof typeof BenchmarkCode];
