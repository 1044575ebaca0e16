/**
 * The per-sample statistics of one output, by the name they carry in reports and gates.
 *
 * Definitions (a = candidate, r = reference, over the elements where both are finite):
 * - `*_abs_error`: max / mean / median / quantile (numpy "linear", default q = 0.99) of |a−r|, exact.
 * - `*_rel_error`: of |a−r| / |r|, with r = 0 replaced by 2.22e-16 as Polygraphy does.
 * - `cosine_similarity`: Σar / (√Σa²·√Σr²); 1 when both are all zeros, 0 when only one is.
 * - `snr_db`: 10·log10(Σr² / Σ(a−r)²), signal-to-noise ratio of the reference to the error; +∞ when identical.
 * - `psnr_db`: 10·log10(max|r|² / mean((a−r)²)): peak SNR with the reference's own peak magnitude as the
 *   peak (model outputs have no fixed range such as 255); +∞ when identical.
 * - `within_tolerance`: fraction of elements passing Polygraphy's elementwise rule (NaN/Inf pairs fail).
 * - `top1_agreement` / `topk_agreement` (classification outputs): fraction of rows (last axis = classes)
 *   whose reference top class is the candidate's top class / among the candidate's k highest scores,
 *   ties counted in the candidate's favour. This is agreement between models, not accuracy.
 */
export const STATISTICS = {
  max_abs_error: 'lower',
  mean_abs_error: 'lower',
  median_abs_error: 'lower',
  quantile_abs_error: 'lower',
  max_rel_error: 'lower',
  mean_rel_error: 'lower',
  median_rel_error: 'lower',
  quantile_rel_error: 'lower',
  cosine_similarity: 'higher',
  snr_db: 'higher',
  psnr_db: 'higher',
  within_tolerance: 'higher',
  failed_elements: 'lower',
  nan_count: 'lower',
  inf_count: 'lower',
  top1_agreement: 'higher',
  topk_agreement: 'higher',
} as const satisfies Record<string, 'lower' | 'higher'>;

export type StatisticName = keyof typeof STATISTICS;

export const STATISTIC_NAMES = Object.keys(STATISTICS) as StatisticName[];

/** Values of one output for one sample. Statistics that do not apply (no classification, no relative quantiles) are absent. */
export type SampleStatistics = Partial<Record<StatisticName, number>>;

/** Whether `a` is a worse value than `b` for this statistic (NaN is worst of all). */
export function isWorse(statistic: StatisticName, a: number, b: number): boolean {
  if (Number.isNaN(a)) return !Number.isNaN(b);
  if (Number.isNaN(b)) return false;
  return STATISTICS[statistic] === 'lower' ? a > b : a < b;
}
