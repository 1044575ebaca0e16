/** One row of a compacted histogram: the lower edge of its first bin and the count of all its bins. */
export interface HistogramRow {
  from: number;
  count: number;
}

/**
 * A histogram's bins (`[lower edge, count]`, ascending) merged into at most `maxRows` rows of
 * adjacent bins, so that a 480-bin error histogram fits a terminal. Empty bins before the first and
 * after the last non-empty bin are dropped; when there are still too many, each row takes an equal
 * share of the *non-empty* bins (with the empty bins that follow them), so that sparse tails do not
 * squeeze the populated range into one row. Counts are summed exactly; a row reaches up to the next
 * row's `from`.
 */
export function compactHistogram(points: readonly (readonly [number, number])[], maxRows: number): HistogramRow[] {
  const first = points.findIndex(([, count]) => count > 0);
  if (first < 0) return [];
  let last = points.length - 1;
  while ((points[last]?.[1] ?? 0) <= 0) last--;
  const bins = points.slice(first, last + 1);
  if (bins.length <= maxRows) return bins.map(([from, count]) => ({ from, count }));
  const filled = bins.flatMap(([, count], i) => (count > 0 ? [i] : []));
  const perRow = Math.ceil(filled.length / Math.max(1, maxRows));
  const rows: HistogramRow[] = [];
  for (let g = 0; g < filled.length; g += perRow) {
    const start = filled[g]!;
    const end = g + perRow < filled.length ? filled[g + perRow]! : bins.length;
    let count = 0;
    for (let i = start; i < end; i++) count += bins[i]![1];
    rows.push({ from: bins[start]![0], count });
  }
  return rows;
}
