import { TRTEXEC_PRECISIONS, type TrtexecPrecision } from '@pipeline/tensorrt/options';
import { z } from 'zod';

const dims = z.array(z.number().int().nonnegative());
/** Bounds of one input in one profile; any part left out comes from the inspect artifact's suggestion. */
const boundsSchema = z.object({ min: dims.optional(), opt: dims.optional(), max: dims.optional() }).strict();

export const convertTensorrtParamsSchema = z.object({
  runner: z.enum(['auto', 'local', 'docker']).default('auto').describe('local: trtexec on this host (trtexec_path, TRTEXEC, PATH); docker: the trtexec inside an NGC image; auto: local, then docker.'),
  trtexec_path: z.string().optional().describe('A trtexec binary to use (runner: local or auto).'),
  image: z
    .string()
    .optional()
    .describe('Container image for runner: docker (nvcr.io/nvidia/tensorrt:YY.MM-py3 or nvcr.io/nvidia/tritonserver:YY.MM-py3); default nvcr.io/nvidia/tritonserver:<triton_release>-py3, else the TRTEXEC_IMAGE environment variable.'),
  gpus: z.string().default('all').describe('docker --gpus value.'),
  precision: z
    .enum(TRTEXEC_PRECISIONS as unknown as [TrtexecPrecision, ...TrtexecPrecision[]])
    .default('fp16')
    .describe('fp32 | fp16 | bf16 (10.x) | int8 | fp8 (10.x) | best | strongly-typed (10.x). TensorRT 11 takes the precision from the model: only fp32 and strongly-typed.'),
  profiles: z
    .array(z.record(z.string(), boundsSchema))
    .optional()
    .describe('Optimization profiles: one map of input → {min, opt, max} dims per profile; unset parts come from the inspect artifact’s suggested profiles.'),
  workspace_mib: z.number().int().positive().optional().describe('Workspace memory pool in MiB (--memPoolSize=workspace:<MiB>).'),
  builder_optimization_level: z.number().int().min(0).max(5).optional(),
  timing_cache: z.boolean().default(true).describe('Keep TensorRT’s timing cache in the workspace across runs (locked while a build uses it; not part of the cache key).'),
  plugins: z.array(z.string()).default([]).describe('Plugin libraries (.so) to load (--staticPlugins); their paths, not contents, enter the cache key.'),
  version_compatible: z.boolean().default(false),
  hardware_compatibility_level: z.enum(['none', 'ampere+', 'sameComputeCapability']).default('none'),
  layer_precisions: z.record(z.string(), z.enum(['fp32', 'fp16', 'bf16', 'int8', 'int32'])).optional(),
  extra_args: z.array(z.string()).default([]).describe('More trtexec flags, each --key=value or a bare --flag of the detected version.'),
  triton_release: z
    .string()
    .regex(/^\d\d\.\d\d$/, 'a Triton container release is YY.MM, e.g. 24.05')
    .optional()
    .describe('The Triton release that will serve the engine: the detected TensorRT must match it.'),
  device: z.number().int().nonnegative().default(0).describe('GPU index (--device).'),
});

export type ConvertTensorrtParams = z.output<typeof convertTensorrtParamsSchema>;
