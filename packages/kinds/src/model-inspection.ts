import { defineArtifactKind, jsonKind } from '@pipeline/sdk';
import { z } from 'zod';
import { batchDimSchema, valueSpecSchema } from './onnx-model.js';

// Each schema is a `z.lazy`, built on first use, as benchmark/src/report-schema.ts explains: a
// command that never reads an inspection should not build its schema at import.

/** A TensorRT-compatibility finding: data a tool can match on (`code`) and a person can act on (`hint`). */
export const lintFindingSchema = z.lazy(() =>
  z.object({
    /** Stable, e.g. `TRT_UNSUPPORTED_OP`, `TRT_CUSTOM_DOMAIN`, `TRT_DYNAMIC_SHAPE`. */
    code: z.string(),
    severity: z.enum(['error', 'warning', 'info']),
    message: z.string(),
    /** Names of the nodes (or tensors, for IO and type findings) involved; capped, see `nodeCount`. */
    nodes: z.array(z.string()),
    /** How many nodes are involved in all, when `nodes` was capped. */
    nodeCount: z.number().int().nonnegative(),
    hint: z.string(),
  }),
);
export type LintFinding = z.infer<typeof lintFindingSchema>;

/** A min/opt/max shape per dynamic input: what `trtexec --minShapes/--optShapes/--maxShapes` needs. */
export const shapeProfileSchema = z.lazy(() =>
  z.object({
    input: z.string(),
    min: z.array(z.number().int()),
    opt: z.array(z.number().int()),
    max: z.array(z.number().int()),
    /** Per dim, where the suggestion came from: `static`, `from value_info`, `shared with input y (N)`, `batch dim (default)`, `default`, … */
    sources: z.array(z.string()).describe('Per dim, where min/opt/max came from; "(default)" marks a guess the model does not support.'),
  }),
);

export const ioSpecSchema = z.lazy(() =>
  valueSpecSchema.extend({
    /** Indices of the dims that are symbolic or unknown. */
    dynamicAxes: z.array(z.number().int()),
  }),
);

/** The content of a `model-inspection` artifact (`inspection.json`). */
export const modelInspectionSchema = z.lazy(() =>
  z.object({
    schemaVersion: z.literal(1),
    model: z.object({
      file: z.string(),
      fileSize: z.number().int().nonnegative(),
      irVersion: z.number().int(),
      producer: z.object({ name: z.string(), version: z.string() }),
      domain: z.string(),
      modelVersion: z.number().int(),
      docString: z.string(),
      opsets: z.record(z.string(), z.number().int()),
      metadata: z.record(z.string(), z.string()),
    }),
    io: z.object({
      inputs: z.array(ioSpecSchema),
      outputs: z.array(ioSpecSchema),
      /** Symbolic dim names and the inputs/outputs they appear in. */
      symbols: z.record(z.string(), z.array(z.string())),
      batchDim: batchDimSchema,
    }),
    graph: z.object({
      /** All nodes: main graph, subgraphs (If/Loop/Scan bodies) and model-local function bodies. */
      nodeCount: z.number().int().nonnegative(),
      mainGraphNodeCount: z.number().int().nonnegative(),
      subgraphCount: z.number().int().nonnegative(),
      maxSubgraphDepth: z.number().int().nonnegative(),
      functionCount: z.number().int().nonnegative(),
      domains: z.array(z.string()),
      /** Op histogram, most frequent first. */
      ops: z.array(z.object({ domain: z.string(), opType: z.string(), count: z.number().int().positive() })),
    }),
    parameters: z.object({
      /** Elements of every parameter: initializers and Constant-node payloads (how Paddle exports weights). */
      count: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
      initializers: z
        .object({ tensors: z.number().int(), count: z.number().int(), bytes: z.number().int() })
        .describe('Graph initializers (dense, and both parts of sparse ones), subgraphs included.'),
      constants: z
        .object({ tensors: z.number().int().describe('Constant nodes holding a parameter.'), count: z.number().int(), bytes: z.number().int() })
        .describe(
          'Payloads of Constant nodes: value, sparse_value, value_float(s) (float32) and value_int(s) (int64). value_string(s) are not parameters and are not counted; nor are tensor attributes of other ops (ConstantOfShape\'s value).',
        ),
      byDtype: z.record(z.string(), z.object({ count: z.number().int(), bytes: z.number().int() })),
    }),
    externalData: z.object({
      files: z.array(z.object({ path: z.string(), bytes: z.number().int() })),
      tensors: z.number().int().nonnegative(),
    }),
    lint: z.object({
      tensorrt: z.string(),
      /** Where the operator support table for that version comes from (URL and commit). */
      operatorTable: z.object({ source: z.string(), commit: z.string() }),
      findings: z.array(lintFindingSchema),
      counts: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
      suggestedProfiles: z.array(shapeProfileSchema),
    }),
  }),
);
export type ModelInspection = z.infer<typeof modelInspectionSchema>;
export type IoSpec = z.infer<typeof ioSpecSchema>;
export type ShapeProfile = z.infer<typeof shapeProfileSchema>;

/** The JSON Schema committed as `schemas/model-inspection.schema.json` (a test fails when it drifts). */
export function modelInspectionJsonSchema(): Record<string, unknown> {
  return { title: 'model-inspection', ...(z.toJSONSchema(modelInspectionSchema) as Record<string, unknown>) };
}

/** What `inspect` finds in a model: IO, op histogram, parameters and the TensorRT-compatibility lint. */
export const modelInspectionKind = defineArtifactKind('model-inspection', modelInspectionSchema, {
  parent: jsonKind,
  description: 'Facts about an ONNX model and its TensorRT-compatibility findings (inspection.json).',
});
