/**
 * The stable codes of @pipeline/onnx's errors. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const OnnxCode = {
  /** A tensor of an ONNX data type @pipeline/tensor does not model. */
  DtypeUnsupported: 'E_ONNX_DTYPE_UNSUPPORTED',
  /** The model file is empty. */
  Empty: 'E_ONNX_EMPTY',
  /** An external-data file ends before a tensor's bytes do. */
  ExternalData: 'E_ONNX_EXTERNAL_DATA',
  /** An external-data layout that would overwrite the model or leave its folder. */
  ExternalDataLocation: 'E_ONNX_EXTERNAL_DATA_LOCATION',
  /** A tensor keeps its data in a file that does not exist. */
  ExternalDataMissing: 'E_ONNX_EXTERNAL_DATA_MISSING',
  /** Not valid protobuf (a varint too long). */
  Malformed: 'E_ONNX_MALFORMED',
  /** The path is a folder. */
  NotAFile: 'E_ONNX_NOT_A_FILE',
  /** Valid protobuf, but not an ONNX ModelProto. */
  NotAModel: 'E_ONNX_NOT_A_MODEL',
  /** The model file cannot be read. */
  NotFound: 'E_ONNX_NOT_FOUND',
  /** A lone TensorProto (`.pb`) refers to external data. */
  TensorExternal: 'E_ONNX_TENSOR_EXTERNAL',
  /** A `.pb` file is not a valid TensorProto. */
  TensorMalformed: 'E_ONNX_TENSOR_MALFORMED',
  /** The model would pass protobuf's 2 GiB limit with its weights inline. */
  TooLarge: 'E_ONNX_TOO_LARGE',
  /** A field runs past the end of the file: truncated or corrupt. */
  Truncated: 'E_ONNX_TRUNCATED',
} as const;

export type OnnxCode = (typeof OnnxCode)[keyof typeof OnnxCode];
