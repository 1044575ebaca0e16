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
