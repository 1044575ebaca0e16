/**
 * The stable codes of @pipeline/tensorrt's readers. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const TensorrtCode = {
  /** An engine file that cannot be read. */
  PlanUnreadable: 'E_PLAN_UNREADABLE',
  /** A trtexec export file (--exportTimes/--exportProfile/--exportLayerInfo) of the wrong shape. */
  TrtexecExportShape: 'E_TRTEXEC_EXPORT_SHAPE',
  /** A trtexec export file that is not readable JSON. */
  TrtexecExportSyntax: 'E_TRTEXEC_EXPORT_SYNTAX',
  /** An export file given that the log's command did not ask for. */
  ExportNotRequested: 'W_EXPORT_NOT_REQUESTED',
  /** Layer names in the export differ from the log's. */
  ExportLayerNames: 'W_EXPORT_LAYER_NAMES',
  /** The profile's iteration count differs from the log's. */
  ExportProfileIterations: 'W_EXPORT_PROFILE_ITERATIONS',
  /** Bindings in the export differ from the log's. */
  ExportBindings: 'W_EXPORT_BINDINGS',
  /** A binding's shape in the export differs from the log's. */
  ExportBindingShape: 'W_EXPORT_BINDING_SHAPE',
  /** The times export holds another number of queries than the log says. */
  ExportTimesCount: 'W_EXPORT_TIMES_COUNT',
  /** The log has no performance summary, and trtexec writes --exportTimes only with one. */
  ExportTimesNotWritten: 'W_EXPORT_TIMES_NOT_WRITTEN',
  /** runner: tensorrt: an engine binding whose element type has no tensor type here. */
  TensorrtRunnerBinding: 'E_TENSORRT_RUNNER_BINDING',
  /** runner: tensorrt: the engine's IO bindings are unknown (not a convert/tensorrt engine). */
  TensorrtRunnerBindings: 'E_TENSORRT_RUNNER_BINDINGS',
  /** runner: tensorrt: a feed is missing for an engine input. */
  TensorrtRunnerFeed: 'E_TENSORRT_RUNNER_FEED',
  /** runner: tensorrt was given something that is not a tensorrt-engine. */
  TensorrtRunnerTarget: 'E_TENSORRT_RUNNER_TARGET',
  /** No trtexec could be found to run an engine (exit 3). */
  TrtexecNotFound: 'E_TRTEXEC_NOT_FOUND',
  /** `trtexec --help` printed no TensorRT banner (exit 3). */
  TrtexecNoBanner: 'E_TRTEXEC_NO_BANNER',
  /** An option the detected trtexec does not have (exit 2). */
  TrtexecOption: 'E_TRTEXEC_OPTION',
  /** An engine run of trtexec failed; the message names its failure class, evidence and repro (exit 3). */
  TrtexecRun: 'E_TRTEXEC_RUN',
  /** trtexec passed but wrote no raw dump of an output (exit 3). */
  TrtexecNoOutput: 'E_TRTEXEC_NO_OUTPUT',
} as const;

export type TensorrtCode = (typeof TensorrtCode)[keyof typeof TensorrtCode];
