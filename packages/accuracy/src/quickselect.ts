import { gatherWantedWasm, wasmKernel } from './elementwise-wasm.js';
import { errorHistogramBin } from './error-histogram.js';

/**
 * Exact order statistics on a scratch buffer, without sorting: Hoare's selection with a
 * median-of-three pivot, expected O(n). The buffer is reordered in place, which is why callers pass
 * a scratch copy (the comparison keeps |a−b| in a preallocated buffer for exactly this).
 */

/** Moves the k-th smallest of `a[lo..hi]` (inclusive) to index k; smaller ones end left of it, larger right. */
export function selectKth(a: Float32Array | Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Order a[lo], a[mid], a[hi] so the pivot is their median and the scans below need no bounds checks.
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // Now a[lo..j] <= pivot <= a[i..hi], and anything strictly between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

function swap(a: Float32Array | Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * Quantiles of the first `n` values of `a` with numpy's default ("linear") rule: position h = q·(n−1),
 * value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) over the sorted values. `qs` may come in any order;
 * they are selected in ascending order so each selection only scans the part right of the previous one.
 * Returns NaN for every q when n is 0. Reorders `a[0..n)`.
 */
export function quantilesInPlace(a: Float32Array | Float64Array, n: number, qs: readonly number[]): number[] {
  const result = new Array<number>(qs.length).fill(Number.NaN);
  if (n === 0) return result;
  const order = qs.map((q, index) => ({ q, index })).sort((x, y) => x.q - y.q);
  let from = 0;
  for (const { q, index } of order) {
    const h = Math.min(Math.max(q, 0), 1) * (n - 1);
    const k = Math.floor(h);
    const low = selectKth(a, k, from, n - 1);
    from = k;
    const frac = h - k;
    if (frac === 0 || k + 1 >= n) {
      result[index] = low;
      continue;
    }
    // After selection every value right of k is >= a[k]; the next order statistic is their minimum.
    let next = a[k + 1]!;
    for (let i = k + 2; i < n; i++) if (a[i]! < next) next = a[i]!;
    result[index] = low + frac * (next - low);
  }
  return result;
}

/**
 * Exact quantiles (numpy "linear", as `quantilesInPlace`) of `n` non-negative float32 values, using a
 * histogram of their bit patterns (`counts[errorHistogramBin(bits)]`, filled during the comparison pass) as the
 * first digit of a radix selection: each wanted rank is located in one bin, only the values of those
 * bins are gathered (one pass that copies a few percent of the data), and quickselect runs on them.
 * Non-negative floats order exactly as their bits do, so the answer is the same as sorting.
 */
export function radixQuantiles(
  values: Float32Array,
  bits: Uint32Array,
  n: number,
  counts: Int32Array,
  qs: readonly number[],
  gather: Float32Array,
): number[] {
  if (n === 0) return qs.map(() => Number.NaN);
  const plan = planQuantiles(counts, n, qs, new Int16Array(counts.length));
  gatherRange(values, bits, 0, n, plan.slotOfBin, Int32Array.from(plan.slotStart), gather);
  return selectPlanned(plan, counts, gather);
}

/** Where the ranks of some quantiles lie in the bins, and where each wanted bin's values go in `gather`. */
export interface QuantilePlan {
  /** q·(n−1) per quantile. */
  positions: number[];
  /** Every rank needed: ⌊h⌋ and, when interpolating, ⌊h⌋ + 1. */
  ranks: number[];
  binOfRank: number[];
  /** Ranks before each bin (prefix sums of the counts). */
  binStart: Int32Array;
  /** The slot of each bin in `gather`, −1 for the bins not wanted. */
  slotOfBin: Int16Array;
  /** Where each slot starts in `gather`; slots lie one after another. */
  slotStart: Int32Array;
  /** The bin of each slot. */
  slotBin: number[];
}

/** Plans a radix selection from the histogram of all `n` values (n > 0); fills `slotOfBin` (4,096 entries). */
export function planQuantiles(counts: Int32Array, n: number, qs: readonly number[], slotOfBin: Int16Array): QuantilePlan {
  const positions = qs.map((q) => Math.min(Math.max(q, 0), 1) * (n - 1));
  const ranks = [...new Set(positions.flatMap((h) => (h > Math.floor(h) ? [Math.floor(h), Math.floor(h) + 1] : [h])))];
  const binStart = new Int32Array(counts.length + 1);
  for (let b = 0; b < counts.length; b++) binStart[b + 1] = binStart[b]! + counts[b]!;
  const binOfRank = ranks.map((rank) => {
    let b = 0;
    while (binStart[b + 1]! <= rank) b++;
    return b;
  });
  const slotBin = [...new Set(binOfRank)];
  slotOfBin.fill(-1);
  const slotStart = new Int32Array(slotBin.length);
  let offset = 0;
  slotBin.forEach((bin, slot) => {
    slotOfBin[bin] = slot;
    slotStart[slot] = offset;
    offset += counts[bin]!;
  });
  return { positions, ranks, binOfRank, binStart, slotOfBin, slotStart, slotBin };
}

/** Copies the values of `[from, to)` whose bin has a slot to that slot's cursor, chunk by chunk (see GATHER_CHUNK). */
export function gatherRange(
  values: Float32Array,
  bits: Uint32Array,
  from: number,
  to: number,
  slotOfBin: Int16Array,
  cursor: Int32Array,
  gather: Float32Array,
): void {
  const wasm = wasmKernel();
  if (wasm && gatherWantedWasm(wasm, values, bits, from, to, slotOfBin, cursor, gather, false)) return;
  for (let start = from; start < to; start += GATHER_CHUNK) gatherWantedBins(values, bits, start, Math.min(to, start + GATHER_CHUNK), slotOfBin, cursor, gather);
}

/** As `gatherRange`, filling each slot downwards from its cursor (a second thread fills the slots from their ends). */
export function gatherRangeDown(
  values: Float32Array,
  bits: Uint32Array,
  from: number,
  to: number,
  slotOfBin: Int16Array,
  cursor: Int32Array,
  gather: Float32Array,
): void {
  const wasm = wasmKernel();
  if (wasm && gatherWantedWasm(wasm, values, bits, from, to, slotOfBin, cursor, gather, true)) return;
  for (let start = from; start < to; start += GATHER_CHUNK) gatherWantedBinsDown(values, bits, start, Math.min(to, start + GATHER_CHUNK), slotOfBin, cursor, gather);
}

/** The quantiles, once every wanted bin's values are in their slots of `gather`. Reorders the slots. */
export function selectPlanned(plan: QuantilePlan, counts: Int32Array, gather: Float32Array): number[] {
  const { positions, ranks, binOfRank, binStart, slotOfBin, slotStart } = plan;
  const valueOfRank = new Map<number, number>();
  ranks.forEach((rank, r) => {
    const bin = binOfRank[r]!;
    const slot = slotOfBin[bin]!;
    const from = slotStart[slot]!;
    const to = from + counts[bin]! - 1;
    const k = from + (rank - binStart[bin]!);
    if (valueOfRank.has(rank - 1) && binOfRank[ranks.indexOf(rank - 1)] === bin) {
      // The rank just after one already selected in this bin: everything right of it is >= it, so the
      // next order statistic is their minimum — a scan instead of a second selection.
      let next = gather[k]!;
      for (let i = k + 1; i <= to; i++) if (gather[i]! < next) next = gather[i]!;
      valueOfRank.set(rank, next);
    } else valueOfRank.set(rank, selectKth(gather, k, from, to));
  });
  return positions.map((h) => {
    const k = Math.floor(h);
    const low = valueOfRank.get(k)!;
    return h > k ? low + (h - k) * (valueOfRank.get(k + 1)! - low) : low;
  });
}

/**
 * Elements per call of the gather loop: as with the comparison's hot loop, many calls of a small
 * function get it optimised whole, where one long loop ran on-stack-replaced code at half the speed.
 */
const GATHER_CHUNK = 1 << 14;

/** Copies the values of `[from, to)` whose bin has a slot (≥ 0) to that slot's cursor in `gather`. */
function gatherWantedBins(
  values: Float32Array,
  bits: Uint32Array,
  from: number,
  to: number,
  slotOfBin: Int16Array,
  cursor: Int32Array,
  gather: Float32Array,
): void {
  for (let i = from; i < to; i++) {
    // The mask lets V8 drop the bounds check's slow path; a non-negative float's bin is below 4096 anyway.
    const slot = slotOfBin[errorHistogramBin(bits[i]!) & 4095]!;
    if (slot >= 0) gather[cursor[slot]!++] = values[i]!;
  }
}

function gatherWantedBinsDown(
  values: Float32Array,
  bits: Uint32Array,
  from: number,
  to: number,
  slotOfBin: Int16Array,
  cursor: Int32Array,
  gather: Float32Array,
): void {
  for (let i = from; i < to; i++) {
    const slot = slotOfBin[errorHistogramBin(bits[i]!) & 4095]!;
    if (slot >= 0) gather[--cursor[slot]!] = values[i]!;
  }
}
