/**
 * The stable codes of the `exec` stage. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const ExecStageCode = {
  /** The command exited 0 without writing a declared output. */
  ExecOutputMissing: 'E_EXEC_OUTPUT_MISSING',
  /** Neither or both of `command:` and `script:`. */
  ExecParams: 'E_EXEC_PARAMS',
  /** A `{in:NAME}` placeholder names an input the stage does not have. */
  ExecUnknownInput: 'E_EXEC_UNKNOWN_INPUT',
  /** `outputs:` or `stdout:` reads a secret: the name would carry it into file names and records. */
  SecretInPath: 'E_SECRET_IN_PATH',
} as const;

export type ExecStageCode = (typeof ExecStageCode)[keyof typeof ExecStageCode];
