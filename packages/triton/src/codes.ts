/**
 * The stable codes of @pipeline/triton's guard. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const TritonCode = {
  /** Batching asked for, but the first dimension of a tensor is not -1 (auto-complete). */
  TritonBatchDim: 'E_TRITON_BATCH_DIM',
  /** max_batch_size above 0 for a model whose first dimension is not dynamic everywhere. */
  TritonCannotBatch: 'E_TRITON_CANNOT_BATCH',
  /** A config that batches an engine whose first dimension is not dynamic on every tensor. */
  TritonEngineBatch: 'E_TRITON_ENGINE_BATCH',
  /** A config input or output the engine does not have. */
  TritonEngineBinding: 'E_TRITON_ENGINE_BINDING',
  /** A config tensor of another data type than in the engine. */
  TritonEngineDtype: 'E_TRITON_ENGINE_DTYPE',
  /** max_batch_size above what the optimisation profile of the engine allows. */
  TritonEngineMaxBatch: 'E_TRITON_ENGINE_MAX_BATCH',
  /** A config naming an optimisation profile the engine does not have. */
  TritonEngineProfile: 'E_TRITON_ENGINE_PROFILE',
  /** A config tensor of another shape than in the engine. */
  TritonEngineShape: 'E_TRITON_ENGINE_SHAPE',
  /** Ensemble steps whose outputs and inputs do not pair up. */
  TritonEnsembleChain: 'E_TRITON_ENSEMBLE_CHAIN',
  /** An ensemble of fewer than two models. */
  TritonEnsembleSteps: 'E_TRITON_ENSEMBLE_STEPS',
  /** A file that is not a repository manifest. */
  TritonManifest: 'E_TRITON_MANIFEST',
  /** max_batch_size asked for above what the profiles of the engine allow. */
  TritonMaxBatchAboveProfile: 'E_TRITON_MAX_BATCH_ABOVE_PROFILE',
  /** A version folder holds a model file of another kind than the platform loads. */
  TritonModelFileKind: 'E_TRITON_MODEL_FILE_KIND',
  /** The model file the platform loads is there but cannot be read as that kind of model (an empty or corrupt .onnx). */
  TritonModelFileInvalid: 'E_TRITON_MODEL_FILE_INVALID',
  /** A version folder without the model file the platform loads. */
  TritonModelFileMissing: 'E_TRITON_MODEL_FILE_MISSING',
  /** A config tensor of another data type than in the ONNX model. */
  TritonOnnxDtype: 'E_TRITON_ONNX_DTYPE',
  /** A config tensor of another rank or shape than in the ONNX model. */
  TritonOnnxShape: 'E_TRITON_ONNX_SHAPE',
  /** A config tensor the ONNX model does not have. */
  TritonOnnxTensor: 'E_TRITON_ONNX_TENSOR',
  /** A tensor of unknown rank: Triton needs dims. */
  TritonRankUnknown: 'E_TRITON_RANK_UNKNOWN',
  /** A tensor dtype the ONNX Runtime backend of Triton has no TYPE_* for. */
  TritonTypeUnsupported: 'E_TRITON_TYPE_UNSUPPORTED',
  /** A TensorRT version not of the form a.b.c[.d]. */
  TensorrtVersionFormat: 'E_TENSORRT_VERSION_FORMAT',
  /** A Triton release not of the form YY.MM. */
  TritonReleaseFormat: 'E_TRITON_RELEASE_FORMAT',
  /** The engine's TensorRT is not the one the (verified) Triton release ships: it will not load. */
  TritonTensorrtMismatch: 'E_TRITON_TENSORRT_MISMATCH',
  /** The same mismatch against a table row not verified from the release notes. */
  TritonTensorrtMismatchUnverified: 'W_TRITON_TENSORRT_MISMATCH',
  /** A Triton release the table does not know. */
  TritonReleaseUnknown: 'W_TRITON_RELEASE_UNKNOWN',
  /** Same TensorRT major.minor.patch, another build number. */
  TritonTensorrtBuildDiffers: 'W_TRITON_TENSORRT_BUILD_DIFFERS',
} as const;

export type TritonCode = (typeof TritonCode)[keyof typeof TritonCode];
