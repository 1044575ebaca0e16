/**
 * The stable codes of the ONNX Runtime runner's errors. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const OnnxRuntimeCode = {
  /** A feed of a dtype ONNX Runtime for Node cannot take (bfloat16). */
  DtypeUnsupported: 'E_DTYPE_UNSUPPORTED',
  /** Feeds that do not match the model inputs (names, dtypes, ranks, fixed dims). */
  FeedMismatch: 'E_FEED_MISMATCH',
  /** ONNX Runtime could not load the model: a missing or corrupt file (exit 2). */
  ModelLoad: 'E_MODEL_LOAD',
  /** ONNX Runtime failed on this host, not on the model: a locale the environment names is missing, memory ran out (exit 3). */
  OrtEnvironment: 'E_ORT_ENVIRONMENT',
  /** An input or output is not a plain tensor of a supported dtype (a sequence or a map). */
  ModelUnsupportedIo: 'E_MODEL_UNSUPPORTED_IO',
  /** `run()` after `close()`: a bug in the caller. */
  RunnerClosed: 'E_RUNNER_CLOSED',
  /** ONNX Runtime failed while running the model. */
  RunnerRun: 'E_RUNNER_RUN',
  /** `outputs:` names an output the model does not have. */
  UnknownOutput: 'E_UNKNOWN_OUTPUT',
} as const;

export type OnnxRuntimeCode = (typeof OnnxRuntimeCode)[keyof typeof OnnxRuntimeCode];
