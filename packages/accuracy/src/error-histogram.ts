/**
 * A histogram of |a−b| over every element of every sample, binned by the float32 bit pattern: the
 * exponent and the top two fraction bits give four bins per power of two (each bin spans a factor of
 * 2^(1/4) ≈ 1.19), 1,024 bins covering every float32. Binning costs a shift, not a logarithm, so it fits
 * in the one pass. Memory is fixed (8 KB per output), whatever the number of samples.
 */
import type { ChartData } from '@pipeline/sdk';

export const ERROR_HISTOGRAM_BINS = 1024;

/** The bin of a non-negative float32 given its bits (sign bit clear). */
export function errorHistogramBin(bits: number): number {
  return bits >>> 21;
}

/** Lower edge of a bin. Bin 0 holds exact zeros together with the tiniest subnormals. */
export function errorHistogramBinLowerEdge(bin: number): number {
  const exponent = bin >>> 2;
  const quarter = bin & 3;
  if (exponent === 0) return quarter * 2 ** -128; // subnormals: 0.f × 2^-126, f's top two bits
  return (1 + quarter / 4) * 2 ** (exponent - 127);
}

/** The histogram's non-empty span as chart data (x = lower edge of |a−b| bins, y = element count). */
export function errorHistogramChart(histogram: Float64Array, id: string, title: string): ChartData {
  let first = -1;
  let last = -1;
  for (let b = 0; b < histogram.length; b++) {
    if (histogram[b]! > 0) {
      if (first < 0) first = b;
      last = b;
    }
  }
  const points: [number, number][] = [];
  if (first >= 0) for (let b = first; b <= last; b++) points.push([errorHistogramBinLowerEdge(b), histogram[b]!]);
  return {
    id,
    title,
    type: 'histogram',
    x: { label: '|candidate − reference| (bin lower edge, 4 bins per power of 2)' },
    y: { label: 'elements' },
    series: [{ name: '|a−b|', points }],
  };
}
