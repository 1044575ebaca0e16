import { chartDataSchema } from '@pipeline/sdk';
import { z } from 'zod';

// Each schema is a `z.lazy`, built on first use, as benchmark/src/report-schema.ts explains: a
// command that never reads a validation report should not build its schema at import.

/**
 * A number that may be infinite or NaN (an SNR of identical outputs is +∞; a statistic over no finite
 * element is NaN). JSON has no such numbers, so they are written as these three strings.
 */
// Literals rather than z.enum: an enum keyed '-Infinity' does not survive declaration emit.
export const reportNumberSchema = z.lazy(() =>
  z.union([z.number(), z.literal('Infinity'), z.literal('-Infinity'), z.literal('NaN')]),
);
export type ReportNumber = z.infer<typeof reportNumberSchema>;

/** How one statistic spread over the samples; p50/p90/p99 come from a fixed-size log histogram (≤ 5.9 % off). */
export const statisticDistributionSchema = z.lazy(() =>
  z.object({
    count: z.number().int().nonnegative(),
    nan: z.number().int().nonnegative(),
    min: reportNumberSchema,
    max: reportNumberSchema,
    mean: reportNumberSchema,
    p50: reportNumberSchema,
    p90: reportNumberSchema,
    p99: reportNumberSchema,
    /** The sample with the worst value (highest error, lowest similarity). */
    worst: z.object({ sample: z.string(), value: reportNumberSchema }).nullable(),
  }),
);

/** The comparison of one output over all samples. */
export const outputValidationSchema = z.lazy(() =>
  z.object({
    name: z.string(),
    shape: z.array(z.number().int()),
    reference_dtype: z.string(),
    candidate_dtype: z.string(),
    check: z.object({
      check: z.enum(['elemwise', 'max', 'mean', 'median', 'quantile']),
      atol: z.number(),
      rtol: z.number(),
      quantile: z.number(),
      top_k: z.number().int().optional(),
    }),
    passed: z.boolean(),
    samples: z.number().int().nonnegative(),
    failed_samples: z.number().int().nonnegative(),
    /** The first failing sample ids (at most 10). */
    failed_sample_ids: z.array(z.string()),
    elements: z.number().int().nonnegative(),
    failed_elements: z.number().int().nonnegative(),
    reference_non_finite: z.object({ nan: z.number().int(), inf: z.number().int() }),
    /** The sample whose check statistic on |a−b| was largest, with its abs and rel values. */
    worst_check: z.object({ sample: z.string(), abs: reportNumberSchema, rel: reportNumberSchema }).nullable(),
    /** Statistic name (`max_abs_error`, `cosine_similarity`, …) → its distribution over samples. */
    statistics: z.record(z.string(), statisticDistributionSchema),
    /** |candidate − reference| over every element of every sample, log-binned. */
    error_histogram: chartDataSchema,
  }),
);

const gateRecordSchema = z.lazy(() =>
  z.object({
    name: z.string(),
    metric: z.string(),
    value: reportNumberSchema,
    op: z.enum(['<=', '<', '>=', '>', '==']),
    bound: z.number(),
    passed: z.boolean(),
    message: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
);

/** The `validate` stage's report: what was compared, on what, every figure, and the gates' verdicts. */
export const validationReportSchema = z.lazy(() =>
  z.object({
    schema_version: z.literal(1),
    passed: z.boolean(),
    reference: z.object({ name: z.string(), digest: z.string() }),
    candidate: z.object({ name: z.string(), digest: z.string(), kind: z.string() }),
    runner: z.object({ backend: z.string(), version: z.string(), execution_providers: z.array(z.string()) }),
    data: z.object({ description: z.string(), samples: z.number().int().nonnegative() }),
    outputs: z.array(outputValidationSchema),
    /** Task metrics against true labels, for both models (fractions in [0, 1]); null without labels. */
    task_metrics: z
      .object({
        labels: z.object({ name: z.string(), digest: z.string() }),
        output: z.string(),
        reference: z.record(z.string(), reportNumberSchema),
        candidate: z.record(z.string(), reportNumberSchema),
      })
      .nullable(),
    /**
     * The reference model against the data set's expected outputs (ONNX test data's output_K.pb), over the
     * samples that carry them; in each output, `reference_*` is the expected side and `candidate_*` the
     * reference model. Absent or null when no sample has expected outputs.
     */
    reference_vs_expected: z
      .object({ samples: z.number().int().nonnegative(), passed: z.boolean(), outputs: z.array(outputValidationSchema) })
      .nullable()
      .optional(),
    gates: z.array(gateRecordSchema),
    /** What a reader must know to read the figures right (e.g. that no speed was measured). */
    notes: z.array(z.string()),
  }),
);
export type ValidationReport = z.infer<typeof validationReportSchema>;
export type OutputValidation = z.infer<typeof outputValidationSchema>;

/** The JSON Schema committed as `schemas/validation-report.schema.json` (a test fails when it drifts). */
export function validationReportJsonSchema(): Record<string, unknown> {
  return { title: 'validation-report', ...(z.toJSONSchema(validationReportSchema) as Record<string, unknown>) };
}
