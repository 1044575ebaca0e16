/**
 * The stable codes of @pipeline/triton's guard. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const TritonCode = {
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
