/**
 * A histogram of |a−b| binned by the float32 bit pattern: the exponent and the top four fraction bits
 * give 16 bins per power of two (4,096 bins covering every float32). Binning costs a shift, not a
 * logarithm, so it fits in the comparison pass; the same counts are the first digit of the exact radix
 * selection of medians and quantiles. Charts show 4 bins per power of two (each spans a factor ≈ 1.19).
 * Memory is fixed (32 KB per output), whatever the number of samples.
 */
import type { ChartData } from '@pipeline/sdk';

export const ERROR_HISTOGRAM_BINS = 4096;
const BIN_SHIFT = 19; // 32 bits − sign − 8 exponent − 4 fraction bits
const CHART_GROUP = 4; // fine bins per chart bin

/** The bin of a non-negative float32 given its bits (sign bit clear). */
export function errorHistogramBin(bits: number): number {
  return bits >>> BIN_SHIFT;
}

/** Lower edge of a fine bin. Bin 0 holds exact zeros together with the tiniest subnormals. */
export function errorHistogramBinLowerEdge(bin: number): number {
  const exponent = bin >>> 4;
  const sixteenths = bin & 15;
  if (exponent === 0) return sixteenths * 2 ** -130; // subnormals: 0.f × 2^-126, f's top four bits
  return (1 + sixteenths / 16) * 2 ** (exponent - 127);
}

/** The histogram's non-empty span as chart data (x = lower edge of |a−b| bins, y = element count). */
export function errorHistogramChart(histogram: Float64Array, id: string, title: string): ChartData {
  const groups = histogram.length / CHART_GROUP;
  const grouped = new Float64Array(groups);
  for (let b = 0; b < histogram.length; b++) grouped[Math.floor(b / CHART_GROUP)]! += histogram[b]!;
  let first = -1;
  let last = -1;
  for (let g = 0; g < groups; g++) {
    if (grouped[g]! > 0) {
      if (first < 0) first = g;
      last = g;
    }
  }
  const points: [number, number][] = [];
  if (first >= 0) for (let g = first; g <= last; g++) points.push([errorHistogramBinLowerEdge(g * CHART_GROUP), grouped[g]!]);
  return {
    id,
    title,
    type: 'histogram',
    x: { label: '|candidate − reference| (bin lower edge, 4 bins per power of 2)' },
    y: { label: 'elements' },
    series: [{ name: '|a−b|', points }],
  };
}
