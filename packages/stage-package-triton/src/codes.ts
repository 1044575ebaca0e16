/**
 * The stable codes of the `package/triton` stage. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const PackageTritonCode = {
  /** `ensemble:` without a `preprocess` or `postprocess` model to chain. */
  PackageTritonEnsemble: 'E_PACKAGE_TRITON_ENSEMBLE',
  /** Not exactly one of `model` (ONNX) or `engine` (TensorRT). */
  PackageTritonInput: 'E_PACKAGE_TRITON_INPUT',
  /** A tensorrt-engine artifact without IO facts (meta.tensors), so no config can be written. */
  TritonEngineFacts: 'E_TRITON_ENGINE_FACTS',
  /** The packaged repository would not load in Triton. */
  TritonRepository: 'E_TRITON_REPOSITORY',
} as const;

export type PackageTritonCode = (typeof PackageTritonCode)[keyof typeof PackageTritonCode];
