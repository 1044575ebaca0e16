import type { TrtexecRunFailure } from '@pipeline/tensorrt';

/**
 * The stable codes of `convert/tensorrt`. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws a code not listed here.
 */
export const ConvertTensorrtCode = {
  /** No trtexec: not local (trtexec_path, TRTEXEC, PATH), no docker with an image. */
  TrtexecNotFound: 'E_TRTEXEC_NOT_FOUND',
  /** An option the detected trtexec cannot honour, or one trtexec itself rejected (the user's mistake). */
  TrtexecOption: 'E_TRTEXEC_OPTION',
  /** `trtexec --help` printed no `[TensorRT vNNNN]` banner: not NVIDIA's trtexec. */
  TrtexecNoBanner: 'E_TRTEXEC_NO_BANNER',
  /** trtexec passed but left no TensorRT plan. */
  TrtexecNoEngine: 'E_TRTEXEC_NO_ENGINE',
  /** The plan's header names another TensorRT than the one that ran. */
  TrtexecPlanVersion: 'E_TRTEXEC_PLAN_VERSION',
  /** The ONNX parser rejected the model. */
  TrtexecOnnxParseError: 'E_TRTEXEC_ONNX_PARSE_ERROR',
  /** An operator without importer or plugin. */
  TrtexecUnsupportedOperator: 'E_TRTEXEC_UNSUPPORTED_OPERATOR',
  /** The build ran out of GPU or host memory. */
  TrtexecOutOfMemory: 'E_TRTEXEC_OUT_OF_MEMORY',
  /** The builder could not create the engine. */
  TrtexecBuilderFailure: 'E_TRTEXEC_BUILDER_FAILURE',
  /** A plan of another TensorRT or GPU (engine runs). */
  TrtexecIncompatiblePlan: 'E_TRTEXEC_INCOMPATIBLE_PLAN',
  /** Shapes outside the engine's profile (engine runs). */
  TrtexecShapeMismatch: 'E_TRTEXEC_SHAPE_MISMATCH',
  /** An error while running inference. */
  TrtexecInferenceError: 'E_TRTEXEC_INFERENCE_ERROR',
  /** The log stopped without its end line. */
  TrtexecCrash: 'E_TRTEXEC_CRASH',
  /** The log is cut short. */
  TrtexecIncompleteLog: 'E_TRTEXEC_INCOMPLETE_LOG',
  /** A signal ended trtexec (a segfault, the out-of-memory killer). */
  TrtexecKilled: 'E_TRTEXEC_KILLED',
  /** trtexec did not finish within its time. */
  TrtexecTimedOut: 'E_TRTEXEC_TIMED_OUT',
  /** A failure the taxonomy has no class for. */
  TrtexecUnknown: 'E_TRTEXEC_UNKNOWN',
} as const;

export type ConvertTensorrtCode = (typeof ConvertTensorrtCode)[keyof typeof ConvertTensorrtCode];

/** The code of a failed trtexec run, by its class (option classes are the user's: E_TRTEXEC_OPTION). */
export const TRTEXEC_FAILURE_CODE: Readonly<Record<TrtexecRunFailure['class'], ConvertTensorrtCode>> = {
  'unknown-option': ConvertTensorrtCode.TrtexecOption,
  'invalid-option-value': ConvertTensorrtCode.TrtexecOption,
  'onnx-parse-error': ConvertTensorrtCode.TrtexecOnnxParseError,
  'unsupported-operator': ConvertTensorrtCode.TrtexecUnsupportedOperator,
  'out-of-memory': ConvertTensorrtCode.TrtexecOutOfMemory,
  'builder-failure': ConvertTensorrtCode.TrtexecBuilderFailure,
  'incompatible-plan': ConvertTensorrtCode.TrtexecIncompatiblePlan,
  'shape-mismatch': ConvertTensorrtCode.TrtexecShapeMismatch,
  'inference-error': ConvertTensorrtCode.TrtexecInferenceError,
  crash: ConvertTensorrtCode.TrtexecCrash,
  'incomplete-log': ConvertTensorrtCode.TrtexecIncompleteLog,
  unknown: ConvertTensorrtCode.TrtexecUnknown,
  'timed-out': ConvertTensorrtCode.TrtexecTimedOut,
  killed: ConvertTensorrtCode.TrtexecKilled,
};
