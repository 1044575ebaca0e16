// What Triton needs to know about a TensorRT engine to complete or check a config: its IO tensors
// (name, type, shape with -1 for dynamic dims) and its optimisation profiles. A `tensorrt-engine`
// artifact may carry this in its metadata (`tensors`, `profiles`); a builder stage fills it in.
import { z } from 'zod';

export const engineTensorSchema = z.object({
  name: z.string(),
  mode: z.enum(['input', 'output']),
  /** nvinfer1::DataType (`kFLOAT`, `HALF`) or a dtype name (`float16`). */
  dtype: z.string(),
  /** The engine's shape; -1 for a dimension that a profile sets. */
  shape: z.array(z.number().int()),
  isShapeTensor: z.boolean().optional(),
});
export type EngineTensor = z.infer<typeof engineTensorSchema>;

const rangeSchema = z.object({ min: z.array(z.number().int()), opt: z.array(z.number().int()), max: z.array(z.number().int()) });

export const engineProfileSchema = z.object({ shapes: z.record(z.string(), rangeSchema) });
export type EngineProfile = z.infer<typeof engineProfileSchema>;

export const engineDescriptionSchema = z.object({
  tensorrtVersion: z.string().optional(),
  tensors: z.array(engineTensorSchema),
  profiles: z.array(engineProfileSchema).default([]),
});
export type EngineDescription = z.infer<typeof engineDescriptionSchema>;

/** Whether dim 0 can be Triton's batch dim: dynamic (-1) on every IO tensor. */
export function engineCanBatch(engine: EngineDescription): boolean {
  return engine.tensors.length > 0 && engine.tensors.every((t) => t.shape.length > 0 && t.shape[0] === -1);
}

/** The largest batch one profile allows: the smallest `max[0]` over its inputs' ranges. */
export function profileMaxBatch(profile: EngineProfile): number | undefined {
  const maxima = Object.values(profile.shapes)
    .map((r) => r.max[0])
    .filter((n): n is number => n !== undefined);
  return maxima.length === 0 ? undefined : Math.min(...maxima);
}

/** The engine's max batch over all profiles (Triton's TensorRT backend uses the largest). */
export function engineMaxBatch(engine: EngineDescription): number | undefined {
  const perProfile = engine.profiles.map(profileMaxBatch).filter((n): n is number => n !== undefined);
  return perProfile.length === 0 ? undefined : Math.max(...perProfile);
}
