import { z } from 'zod';

/**
 * Ops kept in float32 by default (Casts around them): their float inputs are not data that tolerates
 * half precision (Resize/Upsample scales, Range bounds) or they index/compare (TopK, NonMaxSuppression,
 * CumSum, Min/Max), or they are ONNX-ML ops that have no float16 form — the default block list of
 * onnxconverter-common's float16 converter.
 */
export const DEFAULT_FP16_BLOCK_LIST: readonly string[] = [
  'ArrayFeatureExtractor', 'Binarizer', 'CastMap', 'CategoryMapper', 'DictVectorizer', 'FeatureVectorizer', 'Imputer',
  'LabelEncoder', 'LinearClassifier', 'LinearRegressor', 'Normalizer', 'OneHotEncoder', 'RandomUniformLike', 'SVMClassifier',
  'SVMRegressor', 'Scaler', 'TreeEnsembleClassifier', 'TreeEnsembleRegressor', 'ZipMap', 'NonMaxSuppression', 'TopK',
  'RoiAlign', 'Resize', 'Range', 'CumSum', 'Min', 'Max', 'Upsample',
];

/**
 * Params of `convert/onnxruntime`. `optimization` is ONNX Runtime's graph optimisation level applied
 * after the FP16 conversion; `extended` and above may fuse nodes into `com.microsoft` ops that only ORT runs.
 */
export const convertOrtParamsSchema = z.object({
  precision: z.enum(['fp32', 'fp16']).default('fp16').describe('fp16 converts float32 weights and compute to float16; fp32 leaves them.'),
  keep_io_types: z.boolean().default(true).describe('Keep float32 graph inputs and outputs, with Cast nodes at the boundary.'),
  op_block_list: z.array(z.string()).default([...DEFAULT_FP16_BLOCK_LIST]).describe('Op types kept in float32 with Casts around them.'),
  inject_fault: z
    .object({ scale_tensor: z.string(), factor: z.number() })
    .optional()
    .describe('Testing only: multiply one named float32 weight by `factor` before converting, to prove the accuracy gates catch a broken model.'),
  optimization: z.enum(['disabled', 'basic', 'extended', 'layout', 'all']).default('disabled').describe('ONNX Runtime graph optimisation level of the saved model.'),
});

export type ConvertOrtParams = z.output<typeof convertOrtParamsSchema>;

/** Levels whose saved model may contain `com.microsoft` contrib ops (so only ONNX Runtime can run it). */
export function mayAddOrtOnlyOps(level: unknown): boolean {
  return level === 'extended' || level === 'layout' || level === 'all';
}
