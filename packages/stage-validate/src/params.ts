import { comparisonParamsSchema } from '@pipeline/accuracy';
import { z } from 'zod';

/** The runners the stage can drive; TensorRT and Triton add their names with their issues. */
export const VALIDATE_RUNNERS = ['onnxruntime'] as const;

const positiveInt = z.number().int().positive();

/** Seeded random inputs (Polygraphy's data loader ranges by default). */
const randomData = z
  .object({
    source: z.literal('random'),
    count: positiveInt.default(16).describe('How many samples.'),
    seed: z.number().int().default(1).describe('Seed; the same seed gives the same samples everywhere.'),
    preset: z.enum(['polygraphy', 'trtexec']).default('polygraphy').describe('Value ranges: polygraphy [0,1] for all, trtexec [-1,1] floats.'),
    dims: z.record(z.string(), positiveInt).default({}).describe('Sizes of named dynamic dims, e.g. { batch: 1, height: 48 }.'),
    batch: positiveInt.default(1).describe('Size of a dynamic first axis that `dims` does not name.'),
  })
  .strict();

/** A folder of images (the `dataset` input), decoded and normalised for the model's single image input. */
const imageData = z
  .object({
    source: z.literal('images'),
    width: positiveInt,
    height: positiveInt,
    fit: z.enum(['fill', 'pad', 'contain', 'cover']).default('fill').describe("'pad': keep the ratio at full height, zero-pad the width (PaddleOCR's text lines)."),
    channel_order: z.enum(['RGB', 'BGR']).default('RGB'),
    layout: z.enum(['NCHW', 'NHWC']).default('NCHW'),
    scale: z.number().default(1 / 255).describe('Pixels are multiplied by this first.'),
    mean: z.array(z.number()).length(3).default([0, 0, 0]),
    std: z.array(z.number()).length(3).default([1, 1, 1]),
    limit: positiveInt.optional().describe('Use only the first N images (sorted by name).'),
  })
  .strict();

/** ONNX test-data sets (`test_data_set_N/input_K.pb`) in the `dataset` input. */
const onnxTestData = z.object({ source: z.literal('onnx-test-data') }).strict();

export const dataParamsSchema = z.discriminatedUnion('source', [randomData, imageData, onnxTestData]);
export type DataParams = z.output<typeof dataParamsSchema>;

/** Params of the `validate` stage. */
export const validateParamsSchema = z.object({
  runner: z.enum(VALIDATE_RUNNERS).default('onnxruntime').describe('Which runner executes both models.'),
  data: dataParamsSchema.default({ source: 'random', count: 16, seed: 1, preset: 'polygraphy', dims: {}, batch: 1 }).describe('Where the samples come from.'),
  ...comparisonParamsSchema.shape,
  task: z
    .object({
      output: z.string().optional().describe('The output holding class scores (default: the only output).'),
      top_k: z.array(positiveInt).default([1]).describe('Which top-k accuracies to report against the labels.'),
    })
    .prefault({})
    .describe('Task metrics against the `labels` input (one `<sample id> <class>` per line).'),
  threads: z.object({ intra_op: positiveInt.optional() }).prefault({}).describe('ONNX Runtime threads per model.'),
});

export type ValidateParams = z.output<typeof validateParamsSchema>;
