import { onnxModelKind, tensorrtEngineKind, tritonModelRepositoryKind } from '@pipeline/kinds';
import { input, output, textKind, type StageContext, type StageResult } from '@pipeline/sdk';
import { z } from 'zod';

/** A model name is one folder of the repository: no `/`, not `.` or `..`. */
const modelName = z
  .string()
  .regex(/^(?!\.\.?$)[^/\\\0]+$/, { message: 'must be a single folder name (no "/", not "." or "..")' });

export const packageTritonParams = z
  .object({
    /** The model's name: its folder in the repository and the name clients call. */
    name: modelName,
    /** The version folder the model file goes in. */
    version: z.number().int().min(1).default(1),
    /** Largest batch per request; default Triton's own (4) for ONNX, the profiles' maximum for an engine. */
    max_batch_size: z.number().int().min(0).optional(),
    /** `false` for none; default on (with Triton's defaults) whenever the model batches. */
    dynamic_batching: z
      .union([
        z.literal(false),
        z.object({ preferred_batch_size: z.array(z.number().int().min(1)).optional(), max_queue_delay_microseconds: z.number().int().min(0).optional() }).strict(),
      ])
      .optional(),
    instance_group: z
      .array(
        z
          .object({
            kind: z.enum(['KIND_GPU', 'KIND_CPU', 'KIND_AUTO']).default('KIND_GPU'),
            count: z.number().int().min(1).default(1),
            gpus: z.array(z.number().int().min(0)).optional(),
          })
          .strict(),
      )
      .optional(),
    /** With `preprocess`/`postprocess`: the ensemble's name (default `<name>_ensemble`). */
    ensemble: modelName.optional(),
    /** The Triton release (`YY.MM`) a TensorRT engine must load in. */
    triton_release: z.string().regex(/^\d\d\.\d\d$/).optional(),
  })
  .strict();

export type PackageTritonParams = z.output<typeof packageTritonParams>;

/** The ports of the stage, shared by its definition (stage.ts) and its run (run.ts, imported when it runs). */
export const packageTritonInputs = {
  model: input(onnxModelKind, { optional: true, description: 'The ONNX model to serve on the ONNX Runtime backend.' }),
  engine: input(tensorrtEngineKind, { optional: true, description: 'The TensorRT engine to serve on the TensorRT backend.' }),
  preprocess: input(onnxModelKind, { optional: true, description: 'An ONNX model run before the main model (an ensemble step).' }),
  postprocess: input(onnxModelKind, { optional: true, description: 'An ONNX model run after the main model (an ensemble step).' }),
  card: input(textKind, { optional: true, description: 'MODEL_CARD.md to put in the main model’s folder.' }),
};

export const packageTritonOutputs = { repository: output(tritonModelRepositoryKind, { description: 'The model repository folder.' }) };

/** What the stage's run receives and returns. */
export type PackageTritonContext = StageContext<typeof packageTritonInputs, typeof packageTritonParams>;
export type PackageTritonResult = StageResult<typeof packageTritonOutputs>;
