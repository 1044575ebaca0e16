import type { Tensor } from '@pipeline/tensor';

/** One model input set, with what the model should answer when the data set knows it. */
export interface Sample {
  /** Stable and readable: the file path or `random/17`, so a report can name the worst sample. */
  id: string;
  feeds: Record<string, Tensor>;
  /** Expected outputs (ONNX test data's `output_K.pb`), by output name. */
  expected?: Record<string, Tensor>;
  /** Ground truth for task metrics (a class index or name). */
  label?: number | string;
}

/**
 * Where a stage's inputs come from. Samples are produced lazily, one at a time, so a source of 10,000
 * samples never holds them all; iterating twice yields the same samples again.
 */
export interface DataSource {
  /** One line for logs and reports, e.g. `random (seed 1, 8 samples)`. */
  describe(): string;
  /** The number of samples when known up front. */
  count?: number;
  samples(signal?: AbortSignal): AsyncIterable<Sample>;
}
