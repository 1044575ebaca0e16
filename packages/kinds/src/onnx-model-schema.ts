import { z } from 'zod';

/** A dim of a declared shape: a size, a symbolic name (`batch`), or null when unknown. */
export const dimSchema = z.union([z.number().int(), z.string(), z.null()]);

/** A model input or output as later stages take it: element type and shape with symbolic dims named. */
export const valueSpecSchema = z.object({
  name: z.string(),
  /** `tensor` for almost every model; sequences, maps and optionals exist and TensorRT rejects them. */
  kind: z.enum(['tensor', 'sparse_tensor', 'sequence', 'map', 'optional', 'unknown']),
  /** `float32`, `int64`, … (the @pipeline/tensor names), ONNX's name for others (`float8e4m3fn`), `sequence<float32>`. */
  dtype: z.string(),
  /** null when the rank is unknown or the value is not a tensor; [] for a scalar. */
  shape: z.array(dimSchema).nullable(),
});
export type ValueSpecMeta = z.infer<typeof valueSpecSchema>;

/** Whether the leading dim can be Triton's batch dim (`max_batch_size > 0`): dynamic on every input and output. */
export const batchDimSchema = z.object({
  verdict: z.enum(['dynamic', 'static', 'absent']),
  size: z.number().int().optional(),
  reason: z.string(),
});

/** One conversion step a model went through (filled in by convert stages), oldest first. */
export const lineageStepSchema = z.object({
  /** Digest (`sha256:…`) of the model this step started from. */
  from: z.string(),
  /** The stage that made it, e.g. `convert/onnxruntime`. */
  by: z.string(),
  /** What it did, e.g. `{ precision: 'fp16', keep_io_types: true }`. */
  params: z.record(z.string(), z.unknown()).optional(),
});

/** What an `onnx-model` artifact says about itself, so later stages take shapes and types from it. */
export const onnxModelMetaSchema = z.object({
  irVersion: z.number().int(),
  producer: z.object({ name: z.string(), version: z.string() }),
  /** Operator-set version per domain (`ai.onnx` for the default domain). */
  opsets: z.record(z.string(), z.number().int()),
  inputs: z.array(valueSpecSchema),
  outputs: z.array(valueSpecSchema),
  /** Domains of the operators the nodes use, subgraphs and functions included. */
  domains: z.array(z.string()),
  /** External-data files the model needs beside it, as it names them. */
  externalData: z.array(z.string()),
  batchDim: batchDimSchema,
  fileSize: z.number().int().nonnegative(),
  lineage: z.array(lineageStepSchema).optional(),
});
export type OnnxModelMeta = z.infer<typeof onnxModelMetaSchema>;
