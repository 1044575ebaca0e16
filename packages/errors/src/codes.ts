/**
 * The stable codes of @pipeline/errors' own error classes. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const ErrorsCode = {
  /** A `DiagnosticsError`: a phase collected problems (each a diagnostic with its own code). */
  Diagnostics: 'E_DIAGNOSTICS',
  /** An `InterruptedError`: Ctrl-C or SIGTERM (exit 130). */
  Interrupted: 'E_INTERRUPTED',
} as const;

export type ErrorsCode = (typeof ErrorsCode)[keyof typeof ErrorsCode];
