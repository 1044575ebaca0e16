import type { FloatData } from './elementwise.js';

/**
 * Rank of `cls` within one row of class scores: how many scores are strictly greater than its own.
 * Rank < k means "in the top k", with ties counted in the class's favour. NaN scores never rank above.
 */
export function rankInRow(scores: FloatData, rowStart: number, classes: number, cls: number): number {
  const own = scores[rowStart + cls]!;
  if (Number.isNaN(own)) return classes; // a NaN score is never in any top k
  let greater = 0;
  for (let j = 0; j < classes; j++) if (scores[rowStart + j]! > own) greater++;
  return greater;
}

/** Index of the largest score in a row (the first one on ties; NaN never wins). */
export function argMaxInRow(scores: FloatData, rowStart: number, classes: number): number {
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < classes; j++) {
    const v = scores[rowStart + j]!;
    if (v > bestValue || (best < 0 && v === bestValue)) {
      best = j;
      bestValue = v;
    }
  }
  return best;
}

/** Fractions of rows whose reference top class is the candidate's top 1 / within its top k. */
export function topKAgreement(ref: FloatData, cand: FloatData, classes: number, k: number): { top1: number; topk: number } {
  const rows = classes > 0 ? Math.floor(ref.length / classes) : 0;
  if (rows === 0) return { top1: Number.NaN, topk: Number.NaN };
  let top1 = 0;
  let topk = 0;
  for (let row = 0; row < rows; row++) {
    const start = row * classes;
    const refTop = argMaxInRow(ref, start, classes);
    if (refTop < 0) continue; // an all-NaN reference row agrees with nothing
    const rank = rankInRow(cand, start, classes, refTop);
    if (rank < 1) top1++;
    if (rank < k) topk++;
  }
  return { top1: top1 / rows, topk: topk / rows };
}
