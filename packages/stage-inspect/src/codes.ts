/**
 * The stable codes of the `inspect` stage. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const InspectStageCode = {
  /** The TensorRT lint found findings at or above `fail_on` (a failed gate, exit 1). */
  InspectLint: 'E_INSPECT_LINT',
} as const;

export type InspectStageCode = (typeof InspectStageCode)[keyof typeof InspectStageCode];
