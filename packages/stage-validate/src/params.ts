import { comparisonParamsSchema, toleranceSchema } from '@pipeline/accuracy/params';
import { builtinRunners, serverParamsSchema } from '@pipeline/builtin-runners';
import { dataSourceParamsSchema } from '@pipeline/data/params';
import { z } from 'zod';

const positiveInt = z.number().int().positive();

/** Params of the `validate` stage. */
export const validateParamsSchema = z.object({
  // The runners come from the one registry: a new backend there is a new value here.
  runner: z.enum(builtinRunners.names).default('onnxruntime').describe('Which runner executes both models.'),
  server: serverParamsSchema.optional().describe('For `runner: triton`: the KServe v2 server that runs both models.'),
  // The shared `data:` form of every stage. Paths are relative to the `dataset` input rather than the
  // pipeline file: the input's content is hashed, so a changed image re-runs the stage.
  data: dataSourceParamsSchema
    .prefault({ random: {} })
    .describe('Where the samples come from: { random: {…} }, { files: { glob, image?, … } } or { onnx_test_data: { dir? } }; paths are relative to `dataset`.'),
  ...comparisonParamsSchema.shape,
  expected_tolerance: toleranceSchema
    .optional()
    .describe("Tolerance of the reference model against the data set's expected outputs (default: `tolerance` and `outputs`)."),
  task: z
    .object({
      output: z.string().optional().describe('The output holding class scores (default: the only output).'),
      top_k: z.array(positiveInt).default([1]).describe('Which top-k accuracies to report against the labels.'),
    })
    .prefault({})
    .describe('Task metrics against the `labels` input (one `<sample id> <class>` per line).'),
  engine_samples: positiveInt
    .default(32)
    .describe('At most this many samples when the candidate is a TensorRT engine: trtexec takes one input set per process, so samples are stacked into as few runs as the engine’s first profile allows; the rest are left out with a note.'),
  threads: z.object({ intra_op: positiveInt.optional() }).prefault({}).describe('ONNX Runtime threads per model.'),
});

export type ValidateParams = z.output<typeof validateParamsSchema>;
