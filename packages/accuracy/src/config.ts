import { z } from 'zod';
import type { OutputCheckOptions } from './compare-output.js';
import { STATISTIC_NAMES } from './statistics.js';

/** Polygraphy's defaults (`comparator/compare.py`): atol = rtol = 1e-5, elemwise check, quantile 0.99. */
export const DEFAULT_CHECK: OutputCheckOptions = { atol: 1e-5, rtol: 1e-5, check: 'elemwise', quantile: 0.99 };

/** Tolerance and check of one output (or of all, as the default); every field optional, merged over the default. */
export const toleranceSchema = z
  .object({
    atol: z.number().nonnegative().describe('Absolute tolerance on |candidate − reference|.'),
    rtol: z.number().nonnegative().describe('Relative tolerance on |candidate − reference| / |reference|.'),
    check: z
      .enum(['elemwise', 'max', 'mean', 'median', 'quantile'])
      .describe('Which statistic decides pass/fail (Polygraphy --check-error-stat).'),
    quantile: z.number().min(0).max(1).describe('The quantile of the `quantile` statistic and check, e.g. 0.99.'),
    top_k: z.number().int().positive().describe('Treat the last axis as class scores and measure top-1/top-k agreement.'),
  })
  .partial()
  .strict();

export type ToleranceParams = z.output<typeof toleranceSchema>;

const operator = z.enum(['<=', '<', '>=', '>']);

/** A bound on a comparison statistic of one output (all outputs when `output` is absent). */
export const statisticGateSchema = z
  .object({
    output: z.string().optional(),
    statistic: z.enum(STATISTIC_NAMES),
    op: operator,
    bound: z.number(),
    over: z.enum(['worst', 'mean']).default('worst').describe('Judge the worst sample (default) or the mean over samples.'),
  })
  .strict();

/** A bound on the candidate's task metric, e.g. `{ metric: top1_accuracy, op: '>=', bound: 0.9 }`. */
export const metricBoundGateSchema = z.object({ metric: z.string(), op: operator, bound: z.number() }).strict();

/** A task metric compared with the reference's: `max_drop: 0.005` allows 0.5 points less (metrics are fractions). */
export const metricDropGateSchema = z.object({ metric: z.string(), max_drop: z.number().nonnegative() }).strict();

export const gateSchema = z.union([statisticGateSchema, metricBoundGateSchema, metricDropGateSchema]);

export type GateParams = z.output<typeof gateSchema>;

/** The comparison part of the validate stage's params. */
export const comparisonParamsSchema = z.object({
  tolerance: toleranceSchema.default({}).describe('Default tolerance and check for every output.'),
  outputs: z.record(z.string(), toleranceSchema).default({}).describe('Per-output overrides of `tolerance`, by output name.'),
  gates: z.array(gateSchema).default([]).describe('Extra gates on statistics or task metrics.'),
});

export type ComparisonParams = z.output<typeof comparisonParamsSchema>;

/** Translates snake_case params into the library's check options (undefined fields left out). */
export function checkOptionsFromParams(params: ToleranceParams): Partial<OutputCheckOptions> {
  const out: Partial<OutputCheckOptions> = {};
  if (params.atol !== undefined) out.atol = params.atol;
  if (params.rtol !== undefined) out.rtol = params.rtol;
  if (params.check !== undefined) out.check = params.check;
  if (params.quantile !== undefined) out.quantile = params.quantile;
  if (params.top_k !== undefined) out.topK = params.top_k;
  return out;
}
