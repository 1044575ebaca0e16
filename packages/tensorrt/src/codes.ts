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
} as const;

export type TensorrtCode = (typeof TensorrtCode)[keyof typeof TensorrtCode];
