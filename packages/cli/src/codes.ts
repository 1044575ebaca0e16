/**
 * The stable codes of the `pipeline` command's own errors (the runner's and the libraries' are in
 * their packages). Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws a code not listed here.
 */
export const CliCode = {
  /** `pipeline serve`: the model repository is not a folder. */
  ServeRepository: 'E_SERVE_REPOSITORY',
  /** `pipeline check-repo`: the model repository is not a folder. */
  TritonRepository: 'E_TRITON_REPOSITORY',
  /** A bad flag, a missing or extra argument (exit 2). */
  Usage: 'E_USAGE',
  /** `pipeline <verb>` with a verb that does not exist. */
  UnknownCommand: 'E_UNKNOWN_COMMAND',
  /** `pipeline import`: a file given cannot be read. */
  ImportUnreadable: 'E_IMPORT_UNREADABLE',
  /** `pipeline import trtexec`: the file is trtexec's help text, not a run. */
  ImportHelpText: 'E_IMPORT_HELP_TEXT',
  /** `pipeline import trtexec`: nothing in the file is something only trtexec prints. */
  NotATrtexecLog: 'E_NOT_A_TRTEXEC_LOG',
  /** `--benchmark-report` for a log without a performance summary (a build-only or failed run). */
  ImportNoPerformance: 'E_IMPORT_NO_PERFORMANCE',
  /** `--benchmark-report` for a summary whose figures are `inf`/`nan`. */
  ImportInvalidFigures: 'E_IMPORT_INVALID_FIGURES',
  /** A file named by --out, --junit, --html, --benchmark-report or `schema --write` cannot be written there (a folder, a path under a file, no permission): exit 2. */
  OutputUnwritable: 'E_OUTPUT_UNWRITABLE',
  /** Such a file names one of the command's own input files (`import trtexec run.log --out run.log`): refused, exit 2. */
  OutputIsInput: 'E_OUTPUT_IS_INPUT',
  /** Writing such a file failed for a reason that is not its path (a full disk, an I/O error): exit 3. */
  OutputWriteFailed: 'E_OUTPUT_WRITE_FAILED',
} as const;

export type CliCode = (typeof CliCode)[keyof typeof CliCode];
