// The schema alone (also `@pipeline/data/params`): a stage's params import it at `pipeline check`,
// which must not load the readers (tinyglobby, the tensor and ONNX libraries) that create-source.ts needs.
import { z } from 'zod';

const sizes = z.record(z.string(), z.number().int().nonnegative());
const range = z.strictObject({ min: z.number(), max: z.number() }).refine((r) => r.min <= r.max, { message: 'min must not exceed max' });

const randomParams = z.strictObject({
  seed: z.number().int().default(1).describe('Seed of the generator; the same seed gives the same samples.'),
  count: z.number().int().positive().default(8).describe('Number of samples.'),
  batch: z.number().int().positive().optional().describe('Size of a dynamic first axis.'),
  dims: sizes.optional().describe('Symbolic dim name → size, e.g. { height: 48 }.'),
  ranges: z.record(z.string(), range).optional().describe('Input name → { min, max } of its values.'),
  preset: z.enum(['polygraphy', 'trtexec']).default('polygraphy').describe("Default value ranges: Polygraphy's [0, 1] or trtexec's."),
});

const imageParams = z.strictObject({
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  layout: z.enum(['NCHW', 'NHWC']).optional(),
  channels: z.union([z.literal(1), z.literal(3)]).optional(),
  channel_order: z.enum(['RGB', 'BGR']).optional(),
  fit: z.enum(['fill', 'pad', 'contain', 'cover']).optional(),
  scale: z.number().optional(),
  mean: z.array(z.number()).optional(),
  std: z.array(z.number()).optional(),
});

const filesParams = z.strictObject({
  glob: z.union([z.string(), z.array(z.string()).min(1)]).describe('Glob(s) relative to the data root (a stage’s `dataset` input); one sample per file, sorted.'),
  input: z.string().optional().describe('The model input single-tensor files feed (when it has several).'),
  image: imageParams.optional(),
  raw: z.strictObject({ dtype: z.enum(['float32', 'float16', 'bfloat16', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool']), shape: z.array(z.number().int().nonnegative()) }).optional(),
  labels: z.literal('directory').optional().describe("A sample's label is its file's folder name."),
  limit: z.number().int().positive().optional().describe('Use only the first N matched files (sorted by path).'),
});

const onnxTestDataParams = z.strictObject({
  dir: z.string().default('.').describe('Folder of test_data_set_N/input_K.pb (+ output_K.pb), relative to the data root (a stage’s `dataset` input).'),
});

/**
 * The YAML form every stage that takes data shares — exactly one of:
 * `{ random: { seed, count, batch?, dims?, ranges?, preset? } }`, `{ files: { glob, input?, image?, raw?, labels?, limit? } }`,
 * `{ onnx_test_data: { dir? } }`.
 */
export const dataSourceParamsSchema = z.union([
  z.strictObject({ random: randomParams }),
  z.strictObject({ files: filesParams }),
  z.strictObject({ onnx_test_data: onnxTestDataParams }),
]);

export type DataSourceParams = z.infer<typeof dataSourceParamsSchema>;
