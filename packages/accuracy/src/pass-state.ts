// The state one comparison pass writes: shared by the pass (elementwise.ts) and its float32 and
// WebAssembly kernels, which elementwise.ts imports, so it sits apart from all three.

/** The |a−b| (and relative-error) buffers of one part of a pass, with that part's histograms. */
export interface PartScratch {
  abs: Float32Array;
  /** The same memory as `abs`, as bits: non-negative float32s order like their bit patterns. */
  absBits: Uint32Array;
  /** Only when relative medians/quantiles are needed (a `median`/`quantile` check). */
  rel: Float32Array | undefined;
  relBits: Uint32Array | undefined;
  /** This part's |a−b| counts per error-histogram bin (and of the relative error, when kept). */
  absCounts: Int32Array;
  relCounts: Int32Array;
}

/** Running sums of the pass; a class so every instance has one shape and the hot loop stays monomorphic. */
export class ElementPassResult {
  elements = 0;
  /** Pairs where both values are finite; the error statistics are over these. */
  finite = 0;
  sumAbs = 0;
  maxAbs = Number.NaN;
  /** Flat index of the largest |a−b| (−1 when no finite pair). */
  argMaxAbs = -1;
  sumRel = 0;
  maxRel = Number.NaN;
  dot = 0;
  refSquares = 0;
  candSquares = 0;
  errorSquares = 0;
  /** max |ref| over finite pairs: the peak that PSNR is relative to. */
  refPeak = 0;
  /** Elements failing Polygraphy's elementwise rule, NaN/Inf pairs included. */
  failed = 0;
  refNaN = 0;
  refInf = 0;
  candNaN = 0;
  candInf = 0;
}
