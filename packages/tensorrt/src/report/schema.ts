import { z } from 'zod';

// Built on first use (z.lazy), as benchmark/src/report-schema.ts explains.
/** The `trtexec-report` artifact: one trtexec run (log + export files) in this project's terms. */
export const trtexecReportSchema = z.lazy(() => {
  // Non-finite numbers (trtexec prints `inf`/`nan` for empty timings) become null in JSON.
  const num = z.number().nullable();

  const metricStats = z.object({
    min: num,
    max: num,
    mean: num,
    median: num,
    percentiles: z.record(z.string(), num).describe('Keyed by the printed label without %: "90", "99.9".'),
  });

  const latencyStats = z.object({
    count: z.number().int().optional(),
    min_ms: num,
    max_ms: num,
    mean_ms: num,
    median_ms: num,
    percentiles_ms: z.record(z.string(), num),
    cov_pct: z.number().optional(),
  });

  const layerRow = z.object({
    name: z.string(),
    timeMs: num.describe('Total over all profiled iterations.'),
    averageMs: num,
    medianMs: num.optional(),
    percentage: num,
    type: z.string().optional().describe('LayerType from --exportLayerInfo, when given.'),
    tactic: z.string().optional(),
  });

  return z.object({
    schemaVersion: z.literal(1),
    kind: z.literal('trtexec-report'),
    sources: z.object({ log: z.string(), times: z.string().optional(), profile: z.string().optional(), layers: z.string().optional() }),
    tensorrtVersion: z.string().optional().describe('a.b.c from the log ("TensorRT version:" line or the [TensorRT vNNNN] tag).'),
    command: z.string().optional(),
    argv: z.array(z.string()),
    outcome: z.enum(['passed', 'failed', 'incomplete']),
    passed: z.boolean(),
    failure: z
      .object({
        class: z.string(),
        summary: z.string(),
        hint: z.string(),
        node: z.object({ index: z.number().optional(), op: z.string().optional(), output: z.string().optional(), name: z.string().optional() }).optional(),
        errorCode: z.number().optional(),
        evidence: z.array(z.string()),
      })
      .optional(),
    device: z
      .object({ name: z.string().optional(), computeCapability: z.string().optional(), globalMemoryMiB: z.number().optional(), sms: z.number().optional() })
      .optional(),
    build: z.object({
      precision: z.string().optional(),
      parseSeconds: num.optional(),
      buildSeconds: num.optional(),
      engineSizeMiB: num.optional(),
      loadSeconds: num.optional(),
      inferenceSkipped: z.boolean(),
      shapes: z.array(z.object({ name: z.string(), profile: z.number().optional(), shape: z.string() })),
    }),
    bindings: z.array(z.object({ direction: z.enum(['input', 'output']), name: z.string(), shape: z.string(), dtype: z.string().optional() })),
    performance: z
      .object({
        throughputQps: num.optional(),
        timedQueries: z.number().optional(),
        latency: metricStats.optional(),
        enqueueTime: metricStats.optional(),
        h2dLatency: metricStats.optional(),
        gpuComputeTime: metricStats.optional(),
        d2hLatency: metricStats.optional(),
        otherMetrics: z.record(z.string(), metricStats),
        totalHostWalltimeSeconds: num.optional(),
        totalGpuComputeTimeSeconds: num.optional(),
        coefficientOfVariancePercent: num.optional(),
        notes: z.array(z.object({ kind: z.string(), message: z.string(), advice: z.string().optional() })),
      })
      .optional(),
    timesStats: z
      .object({ records: z.number().int(), endToEnd: latencyStats.optional(), gpuCompute: latencyStats.optional() })
      .optional()
      .describe('Recomputed from the --exportTimes file with trtexec\'s own percentile rule.'),
    layerProfile: z
      .object({ source: z.enum(['exportProfile', 'dumpProfile']), iterations: z.number().optional(), layers: z.array(layerRow) })
      .optional(),
    layerInfo: z.object({ verbosity: z.enum(['layer_names_only', 'detailed']), layerCount: z.number().int(), bindings: z.array(z.string()) }).optional(),
    exportWarnings: z
      .array(z.object({ code: z.string(), file: z.enum(['times', 'profile', 'layers']), message: z.string(), hint: z.string() }))
      .optional()
      .describe('Signs that an export file comes from another run than the log (layer names, bindings, shapes, counts); absent when no export file was given.'),
    warnings: z.array(z.string()),
    errors: z.array(z.string()),
  });
});

export type TrtexecReport = z.infer<typeof trtexecReportSchema>;

/** The JSON Schema committed as `schemas/trtexec-report.schema.json` (a test fails when it drifts). */
export function trtexecReportJsonSchema(): Record<string, unknown> {
  return {
    title: 'trtexec-report',
    ...(z.toJSONSchema(trtexecReportSchema) as Record<string, unknown>),
  };
}
