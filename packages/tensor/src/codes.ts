/**
 * The stable codes of @pipeline/tensor's file readers. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const TensorCode = {
  /** An image that cannot be decoded. */
  ImageDecode: 'E_IMAGE_DECODE',
  /** Image options that do not fit the image (mean/std per channel). */
  ImageOptions: 'E_IMAGE_OPTIONS',
  /** A KServe JSON tensor that does not fit the v2 protocol's shape. */
  KserveJson: 'E_KSERVE_JSON',
  /** Not a .npy file, or a corrupt one. */
  NpyCorrupt: 'E_NPY_CORRUPT',
  /** A .npy version or dtype that is not supported. */
  NpyUnsupported: 'E_NPY_UNSUPPORTED',
  /** Not a readable .npz (zip) file. */
  NpzCorrupt: 'E_NPZ_CORRUPT',
  /** A raw file whose size does not match its dtype and shape. */
  RawSize: 'E_RAW_SIZE',
  /** A tensor with no raw binary form (strings). */
  RawUnsupported: 'E_RAW_UNSUPPORTED',
} as const;

export type TensorCode = (typeof TensorCode)[keyof typeof TensorCode];
