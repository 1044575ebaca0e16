/**
 * The stable codes of @pipeline/kinds' ingest errors. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const KindsCode = {
  /** A Triton model repository that holds no model folder. */
  TritonRepositoryEmpty: 'E_TRITON_REPOSITORY_EMPTY',
  /** A literal `.plan`/`.engine` path that is not a TensorRT engine. */
  NotATensorrtEngine: 'E_NOT_A_TENSORRT_ENGINE',
  /** A trtexec-report file cannot be read. */
  TrtexecReportUnreadable: 'E_TRTEXEC_REPORT_UNREADABLE',
  /** A JSON file given as a trtexec-report does not fit its schema. */
  TrtexecReportInvalid: 'E_TRTEXEC_REPORT_INVALID',
} as const;

export type KindsCode = (typeof KindsCode)[keyof typeof KindsCode];
