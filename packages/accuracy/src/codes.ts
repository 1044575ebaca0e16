/**
 * The stable codes of @pipeline/accuracy's errors. Tools and tests match on these; never rename one,
 * only add. `test/code-catalogues.test.ts` fails when the package throws a code not listed here.
 */
export const AccuracyCode = {
  /** An output is a string tensor: only numeric outputs can be compared. */
  CompareDtype: 'E_COMPARE_DTYPE',
  /** The labels file holds no label. */
  LabelsEmpty: 'E_LABELS_EMPTY',
  /** Lines of the labels file are not `<sample id> <class>`. */
  LabelsFormat: 'E_LABELS_FORMAT',
  /** A sample has another number of labels than the class-score output has rows for it. */
  LabelCount: 'E_LABEL_COUNT',
  /** A sample has no label in the labels file. */
  LabelMissing: 'E_LABEL_MISSING',
  /** A label names a class the output does not have. */
  LabelRange: 'E_LABEL_RANGE',
  /** Reference and candidate give different output names. */
  OutputMismatch: 'E_OUTPUT_MISMATCH',
  /** Reference and candidate give an output of different shapes. */
  OutputShapeMismatch: 'E_OUTPUT_SHAPE_MISMATCH',
  /** The task metric names an output the model does not have. */
  TaskOutput: 'E_TASK_OUTPUT',
} as const;

export type AccuracyCode = (typeof AccuracyCode)[keyof typeof AccuracyCode];
