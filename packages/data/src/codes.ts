/**
 * The stable codes of @pipeline/data's errors. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const DataCode = {
  /** The ONNX test data folder cannot be read. */
  DataDir: 'E_DATA_DIR',
  /** Two tensors of a test data set carry the same input or output name. */
  DataDuplicate: 'E_DATA_DUPLICATE',
  /** `files:` matches no file. */
  DataEmpty: 'E_DATA_EMPTY',
  /** A data file of a type no reader knows. */
  DataFormat: 'E_DATA_FORMAT',
  /** An image for an input whose size the model does not fix, without `image: { width, height }`. */
  DataImageSize: 'E_DATA_IMAGE_SIZE',
  /** `files.input` names no model input. */
  DataInput: 'E_DATA_INPUT',
  /** A raw file (no header) for an input whose shape is not static. */
  DataRawLayout: 'E_DATA_RAW_LAYOUT',
  /** A data file cannot be read. */
  DataRead: 'E_DATA_READ',
  /** A tensor in a data file names neither a model input nor an output. */
  DataUnknownTensor: 'E_DATA_UNKNOWN_TENSOR',
  /** A test data tensor has no name and no position that gives it one. */
  DataUnnamed: 'E_DATA_UNNAMED',
  /** Random data for an input of unknown rank. */
  DynamicShape: 'E_DYNAMIC_SHAPE',
  /** Random data params that cannot be used (a fractional seed, ranges for unknown inputs). */
  RandomParams: 'E_RANDOM_PARAMS',
} as const;

export type DataCode = (typeof DataCode)[keyof typeof DataCode];
